import { useEffect } from 'react';
import { useT, useLocale, type Locale } from '../i18n/i18n';
import { useNavigation, type View } from '../operations/app/navigationStore';
import { useAppInfo } from '../operations/app/appInfoStore';
import { IntakeScreen } from '../features/intake/IntakeScreen';
import { DossierListScreen } from '../features/dossiers/DossierListScreen';
import { CatalogScreen } from '../features/catalog/CatalogScreen';
import { SettingsScreen } from '../features/settings/SettingsScreen';
import type { MessageKey } from '../i18n/i18n';
import { SyncIndicator } from '../features/sync/SyncIndicator';
import { StorageWarning } from '../features/sync/StorageWarning';
import { hasRole, ROLE_NAMES, type Role } from '../../preload/shared/domain/auth/roles';
import { useSession } from '../operations/auth/sessionStore';
import { AccountsScreen } from '../features/auth/AccountsScreen';
import { DashboardScreen } from '../features/dashboard/DashboardScreen';
import { ReviewScreen } from '../features/review/ReviewScreen';

/** Screens in shortcut order (Alt+n keeps its number whatever the role hides); `role` is the least role that may open it. */
const navItems: Array<{ view: View; label: MessageKey; role: Role }> = [
  { view: 'intake', label: 'nav.intake', role: 'officer' },
  { view: 'dossiers', label: 'nav.dossiers', role: 'officer' },
  { view: 'catalog', label: 'nav.catalog', role: 'officer' },
  { view: 'settings', label: 'nav.settings', role: 'supervisor' },
  { view: 'dashboard', label: 'nav.dashboard', role: 'supervisor' },
  { view: 'review', label: 'nav.review', role: 'supervisor' },
  { view: 'accounts', label: 'nav.accounts', role: 'admin' },
];

/** True when the signed-in role may open the screen. */
function mayOpen(role: Role | undefined, view: View): boolean {
  const item = navItems.find((candidate) => candidate.view === view);
  return item !== undefined && hasRole(role, item.role);
}

/**
 * The app shell: a side bar with the navigation (it fits 1280×720 and up without wrapping, and each
 * item shows its Alt+n shortcut), the signed-in officer and the language, then the current screen.
 */
export function App() {
  const t = useT();
  const { view, go, openDossierId, intakeSeq } = useNavigation();
  const { info, error, load } = useAppInfo();
  const { locale, setLocale } = useLocale();
  const officer = useSession((state) => state.officer);
  const lock = useSession((state) => state.lock);
  const signOut = useSession((state) => state.signOut);
  const allowed = mayOpen(officer?.role, view);
  useEffect(() => {
    // Whoever signs in next starts on the intake screen, not on the previous officer's screen.
    go('intake');
  }, [officer?.id, go]);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  return (
    <div className="shell">
      {info?.mode === 'training' && (
        <div className="training-banner" role="status" data-testid="training-banner">
          {t('app.trainingBanner')}
        </div>
      )}
      <div className="frame">
        <aside className="sidebar">
          <div className="brand">
            <span className="brand-title">{t('app.title')}</span>
            <span className="brand-subtitle">{t('app.subtitle')}</span>
          </div>
          <nav className="nav" aria-label="Điều hướng chính">
            {navItems.map((item, index) => hasRole(officer?.role, item.role) && (
              <button
                key={item.view}
                type="button"
                aria-keyshortcuts={`Alt+${index + 1}`}
                title={`Alt+${index + 1}`}
                className={view === item.view ? 'nav-item active' : 'nav-item'}
                aria-current={view === item.view ? 'page' : undefined}
                onClick={() => go(item.view)}
              >
                <span className="nav-label">{t(item.label)}</span>
                <kbd className="nav-key" aria-hidden="true">Alt+{index + 1}</kbd>
              </button>
            ))}
          </nav>
          <div className="sidebar-end">
            {officer && (
              <span className="officer" data-testid="signed-in-officer">
                {officer.displayName} · {ROLE_NAMES[officer.role]}
              </span>
            )}
            <div className="sidebar-buttons">
              <button type="button" className="secondary" onClick={lock}>
                {t('auth.lock')}
              </button>
              <button type="button" className="secondary" onClick={() => void signOut()}>
                {t('auth.signOut')}
              </button>
            </div>
            <label className="locale">
              <span className="visually-hidden">{t('app.language')}</span>
              <select value={locale} onChange={(event) => setLocale(event.target.value as Locale)}>
                <option value="vi">Tiếng Việt</option>
                <option value="en">English</option>
              </select>
            </label>
            {info && <span className="version">{t('app.version', { version: info.version })}</span>}
          </div>
        </aside>
        <div className="workspace">
          <header className="statusbar">
            <SyncIndicator />
          </header>
          {error && (
            <div className="alert error" role="alert">
              {t('app.bridgeMissing')} {error}
            </div>
          )}
          <StorageWarning />
          <main className="content">
            {view === 'intake' && <IntakeScreen key={`${openDossierId ?? 'new'}-${intakeSeq}`} dossierId={openDossierId} />}
            {view === 'dossiers' && <DossierListScreen />}
            {view === 'catalog' && <CatalogScreen />}
            {view === 'settings' && allowed && <SettingsScreen />}
            {view === 'dashboard' && allowed && <DashboardScreen />}
            {view === 'review' && allowed && <ReviewScreen />}
            {view === 'accounts' && allowed && <AccountsScreen />}
            {!allowed && (
              <p className="alert error" data-testid="forbidden">
                {t('auth.forbidden')}
              </p>
            )}
          </main>
        </div>
      </div>
    </div>
  );
}
