import { useT } from '../../i18n/i18n';
import { loadOfficePortalRelay } from '../../operations/office/loadOfficeView';
import { OfficeFreshness } from '../../widgets/office/OfficeFreshness';
import { useOfficeView } from '../../widgets/office/useOfficeView';

/**
 * The supervisor's line for the hub's relay to the national portal: "Đồng bộ Cổng DVC quốc gia:
 * chờ n, lỗi n", then each reason rows are held for (as the hub or the portal gave it) with how
 * many. The last answer is kept in IndexedDB like the office figures and shown offline with the
 * time it was fetched.
 */
export function OfficePortalRelay() {
  const t = useT();
  const view = useOfficeView(loadOfficePortalRelay, 'portal-relay');
  const relay = view.result?.data;
  return (
    <section className="office-portal-relay" data-testid="office-portal-relay">
      {relay && (
        <>
          <p data-testid="office-portal-line">{relay.configured ? t('office.portalLine', { waiting: String(relay.waiting), held: String(relay.held) }) : t('office.portalNotConfigured')}</p>
          {relay.heldReasons.length > 0 && (
            <ul className="alert error" data-testid="office-portal-held">
              {relay.heldReasons.map((entry) => (
                <li key={`${entry.code}\u0000${entry.reason}`} data-testid="office-portal-held-reason" data-code={entry.code}>
                  {t('office.portalHeld', { reason: entry.reason, count: String(entry.count) })}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      <OfficeFreshness result={view.result} loading={view.loading} onRefresh={view.reload} idPrefix="office-portal" />
    </section>
  );
}
