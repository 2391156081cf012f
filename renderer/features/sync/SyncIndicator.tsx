import { useLiveQuery } from 'dexie-react-hooks';
import { getDatabase } from '../../db/deskHandle';
import { outboxProgress } from '../../db/queries/outbox';
import { useT } from '../../i18n/i18n';
import { useSync } from '../../operations/sync/syncStore';

/** The desk's sync line in the top bar: link state, what waits, what failed, pause and send now. */
export function SyncIndicator() {
  const t = useT();
  const { status, startError, setPaused, retry } = useSync();
  const counts = useLiveQuery(() => outboxProgress(getDatabase()), []);
  const paused = status.link === 'paused';
  return (
    <div className={`sync-indicator sync-${status.link}`} role="status" aria-live="polite" data-testid="sync-indicator">
      <span className="sync-link">{t(`sync.link.${status.link}`)}</span>
      {counts && (
        <span className="sync-counts" data-testid="sync-waiting">
          {counts.waiting > 0 ? t('sync.waiting', { count: counts.waiting }) : t('sync.allDelivered')}
          {counts.percent !== undefined && ` · ${t('sync.state.sending', { percent: counts.percent })}`}
          {counts.rejected > 0 && ` · ${t('sync.failedCount', { count: counts.rejected })}`}
        </span>
      )}
      {(startError ?? status.lastError) && <span className="sync-error">{startError ?? status.lastError}</span>}
      {status.link !== 'unconfigured' && (
        <>
          <button type="button" className="link-button" onClick={() => void setPaused(!paused)}>
            {paused ? t('sync.resume') : t('sync.pause')}
          </button>
          {counts && counts.waiting + counts.rejected > 0 && !paused && (
            <button type="button" className="link-button" onClick={() => void retry()}>
              {t('sync.retryAll')}
            </button>
          )}
        </>
      )}
    </div>
  );
}
