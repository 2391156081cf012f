import type { Dossier, OutboxItem } from '../../db/types';
import { useT } from '../../i18n/i18n';
import { useSync } from '../../operations/sync/syncStore';

/** One dossier's place in the outbox, with the reason of a failure and a retry button. */
export function SyncBadge({ dossier, item }: { dossier: Dossier; item: OutboxItem | undefined }) {
  const t = useT();
  const retry = useSync((state) => state.retry);
  if (dossier.training) return <span className="muted">{t('sync.state.training')}</span>;
  if (!item) return <span className="muted">{t('sync.state.none')}</span>;
  const percent = item.bytesTotal ? Math.floor(((item.bytesSent ?? 0) / item.bytesTotal) * 100) : 0;
  const label = item.state === 'sending' ? t('sync.state.sending', { percent }) : t(`sync.state.${item.state}`);
  return (
    <span className={`sync-badge sync-badge-${item.state}`} data-testid="sync-badge" data-state={item.state}>
      {label}
      {item.lastError && item.state !== 'delivered' && <span className="sync-reason">{item.lastError}</span>}
      {(item.state === 'rejected' || item.state === 'retrying') && (
        <button type="button" className="link-button" onClick={() => void retry(item.id)}>
          {t('sync.retry')}
        </button>
      )}
    </span>
  );
}
