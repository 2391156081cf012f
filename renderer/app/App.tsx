import { useEffect } from 'react';
import { useT, useLocale, type Locale } from '../i18n/i18n';
import { useNavigation, type View } from './navigationStore';
import { useAppInfo } from './appInfoStore';
import { IntakeScreen } from '../features/intake/IntakeScreen';
import { DossierListScreen } from '../features/dossiers/DossierListScreen';
import { CatalogScreen } from '../features/catalog/CatalogScreen';
import { SettingsScreen } from '../features/settings/SettingsScreen';
import type { MessageKey } from '../i18n/i18n';
import { SyncIndicator } from '../features/sync/SyncIndicator';
import { StorageWarning } from '../features/sync/StorageWarning';

const navItems: Array<{ view: View; label: MessageKey }> = [
  { view: 'intake', label: 'nav.intake' },
  { view: 'dossiers', label: 'nav.dossiers' },
  { view: 'catalog', label: 'nav.catalog' },
  { view: 'settings', label: 'nav.settings' },
];

/** The app shell: header with mode and version, navigation, and the current screen. */
export function App() {
  const t = useT();
  const { view, go, openDossierId } = useNavigation();
  const { info, error, load } = useAppInfo();
  const { locale, setLocale } = useLocale();

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
      <header className="topbar">
        <div className="brand">
          <span className="brand-title">{t('app.title')}</span>
          <span className="brand-subtitle">{t('app.subtitle')}</span>
        </div>
        <nav className="nav" aria-label="Điều hướng chính">
          {navItems.map((item, index) => (
            <button
              key={item.view}
              type="button"
              aria-keyshortcuts={`Alt+${index + 1}`}
              title={`Alt+${index + 1}`}
              className={view === item.view ? 'nav-item active' : 'nav-item'}
              aria-current={view === item.view ? 'page' : undefined}
              onClick={() => go(item.view)}
            >
              {t(item.label)}
            </button>
          ))}
        </nav>
        <div className="topbar-end">
          <SyncIndicator />
          <label className="locale">
            <span className="visually-hidden">{t('app.language')}</span>
            <select value={locale} onChange={(event) => setLocale(event.target.value as Locale)}>
              <option value="vi">Tiếng Việt</option>
              <option value="en">English</option>
            </select>
          </label>
          {info && <span className="version">{t('app.version', { version: info.version })}</span>}
        </div>
      </header>
      {error && (
        <div className="alert error" role="alert">
          {t('app.bridgeMissing')} {error}
        </div>
      )}
      <StorageWarning />
      <main className="content">
        {view === 'intake' && <IntakeScreen key={openDossierId ?? 'new'} dossierId={openDossierId} />}
        {view === 'dossiers' && <DossierListScreen />}
        {view === 'catalog' && <CatalogScreen />}
        {view === 'settings' && <SettingsScreen />}
      </main>
    </div>
  );
}
