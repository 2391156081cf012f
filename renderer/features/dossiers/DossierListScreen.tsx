import { useDeferredValue, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { searchDossiers } from '../../operations/ocr/deskOcr';
import { getDatabase } from '../../db/deskHandle';
import { countDraftDossiers, dossierListRows, dossiersByIds } from '../../db/queries/dossiers';
import { rescanReviews } from '../../db/queries/reviews';
import { useLocale, useT, type MessageKey } from '../../i18n/i18n';
import { useNavigation } from '../../operations/app/navigationStore';
import { DOSSIER_STATUS_NAMES, type DossierStatusCode } from '../../../preload/shared/domain/dossierStatus';
import { SyncBadge } from '../../widgets/sync/SyncBadge';
import { useSession } from '../../operations/auth/sessionStore';
import { isResubmitted } from '../../operations/dossier/reviewDecision';

/**
 * Every dossier on this desk, newest first, read live from the database. Drafts (never saved) are
 * shown by default, each marked, with their count beside a switch that hides them: a draft is work
 * the officer left unfinished (called away, a crash, a closed window), and the list is where they
 * look for it, so hiding drafts by default would make that work look lost. An intake left empty
 * stores no draft, so the drafts shown are real work.
 */
export function DossierListScreen() {
  const t = useT();
  const locale = useLocale((state) => state.locale);
  const openDossier = useNavigation((state) => state.openDossier);
  const [showDrafts, setShowDrafts] = useState(true);
  const rows = useLiveQuery(() => dossierListRows(getDatabase(), 500, { drafts: showDrafts }), [showDrafts]);
  const draftCount = useLiveQuery(() => countDraftDossiers(getDatabase()), []);
  const me = useSession((state) => state.officer?.id);
  // Dossiers a supervisor sent back for a rescan, and not changed since: the officer has work to redo.
  const sentBack = useLiveQuery(async () => {
    const db = getDatabase();
    const reviews = await rescanReviews(db);
    const dossiers = await dossiersByIds(db, reviews.map((review) => review.dossierId));
    return new Map(reviews.filter((review, i) => dossiers[i] && !isResubmitted(review, dossiers[i].updatedAt)).map((review) => [review.dossierId, review]));
  }, []);
  const mineSentBack = sentBack ? [...sentBack.values()].filter((review) => review.officerId === me).length : 0;
  const [query, setQuery] = useState('');
  // Typing stays fluid: the search runs on the deferred value and re-runs when pages change.
  const deferredQuery = useDeferredValue(query.trim());
  const hits = useLiveQuery(() => (deferredQuery.length >= 2 ? searchDossiers(deferredQuery) : undefined), [deferredQuery]);
  const shown = hits && rows ? rows.filter(({ dossier }) => hits.has(dossier.id)) : rows;
  const formatter = new Intl.DateTimeFormat(locale === 'vi' ? 'vi-VN' : 'en-GB', { dateStyle: 'short', timeStyle: 'short', timeZone: 'Asia/Ho_Chi_Minh' });

  return (
    <section className="card">
      <h1>{t('dossiers.heading')}</h1>
      {mineSentBack > 0 && (
        <p className="alert error" data-testid="rescan-notice">
          {t('dossiers.rescanNotice', { count: mineSentBack })}
        </p>
      )}
      <input
        type="search"
        name="pageSearch"
        className="search"
        placeholder={t('dossiers.search')}
        aria-label={t('dossiers.search')}
        value={query}
        onChange={(event) => setQuery(event.target.value)}
      />
      <div className="draft-filter">
        <label className="checkbox">
          <input type="checkbox" name="showDrafts" checked={showDrafts} onChange={(event) => setShowDrafts(event.target.checked)} />
          <span>{t('dossiers.showDrafts')}</span>
        </label>
        <span className="muted" data-testid="draft-count">
          {t('dossiers.draftCount', { count: draftCount ?? 0 })}
        </span>
      </div>
      {hits && hits.size === 0 && <p className="muted">{t('dossiers.searchNone', { query: deferredQuery })}</p>}
      {rows && rows.length === 0 && <p className="muted">{t('dossiers.empty')}</p>}
      {shown && shown.length > 0 && (
        <table className="table" data-testid="dossier-table">
          <thead>
            <tr>
              <th>{t('dossiers.col.code')}</th>
              <th>{t('dossiers.col.procedure')}</th>
              <th>{t('dossiers.col.applicant')}</th>
              <th>{t('dossiers.col.pages')}</th>
              <th>{t('dossiers.col.status')}</th>
              <th>{t('dossiers.col.sync')}</th>
              <th>{t('dossiers.col.updated')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {shown.map(({ dossier, applicant, procedure, delivery }) => (
              <tr key={dossier.id} data-testid="dossier-row" className={dossier.status === 'draft' ? 'draft-row' : undefined} data-draft={dossier.status === 'draft' ? 'true' : undefined}>
                <td>
                  {dossier.code ?? <span className="muted">{t('dossiers.noCode')}</span>}
                  {dossier.status === 'draft' && (
                    <div className="tag draft" data-testid="draft-badge">
                      {t('dossiers.draftBadge')}
                    </div>
                  )}
                </td>
                <td>{procedure?.name ?? dossier.procedureCode}</td>
                <td>{applicant ? `${applicant.fullName} (${applicant.idNumber})` : '—'}</td>
                <td>
                  {dossier.pageCount}
                  {hits?.get(dossier.id) && (
                    <div className="search-hit" data-testid="search-hit">
                      {t('dossiers.searchHits', { count: hits.get(dossier.id)?.pages ?? 0 })}: {hits.get(dossier.id)?.excerpt}
                    </div>
                  )}
                </td>
                <td>
                  {dossier.portalStatus ? (
                    <span className={`status status-portal-${dossier.portalStatus}`}>{DOSSIER_STATUS_NAMES[dossier.portalStatus as DossierStatusCode]}</span>
                  ) : (
                    <span className={`status status-${dossier.status}`}>{t(`status.${dossier.status}` as MessageKey)}</span>
                  )}
                  {sentBack?.get(dossier.id) && (
                    <div className="tag rescan" data-testid="rescan-badge">
                      {t('dossiers.rescan')}: {sentBack.get(dossier.id)?.reason}
                    </div>
                  )}
                </td>
                <td>
                  <SyncBadge dossier={dossier} item={delivery} />
                </td>
                <td>{formatter.format(dossier.updatedAt)}</td>
                <td>
                  <button type="button" className="secondary" onClick={() => openDossier(dossier.id)}>
                    {t('dossiers.open')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
