import { useT } from '../../i18n/i18n';
import { formatVietnamDateTime } from '../../../preload/shared/domain/calendar/localDate';
import type { OfficeViewResult } from '../../operations/office/loadOfficeView';

/**
 * When the office figures or list on screen were fetched from the hub ("cập nhật lúc hh:mm
 * dd/mm/yyyy"), and why they are not fresh when the hub could not be asked (offline, refused).
 */
export function OfficeFreshness({ result, loading, onRefresh, idPrefix = 'office' }: { result: OfficeViewResult<unknown> | undefined; loading: boolean; onRefresh(): void; /** Test ids of this view (several views share a screen). */ idPrefix?: string }) {
  const t = useT();
  const at = result?.fetchedAt ? formatVietnamDateTime(new Date(result.fetchedAt)) : undefined;
  return (
    <div className="office-freshness">
      {at && (
        <span className="muted" data-testid={`${idPrefix}-fetched-at`}>
          {t('office.fetchedAt', { at })}
        </span>
      )}{' '}
      <button type="button" className="secondary" onClick={onRefresh} disabled={loading}>
        {t('office.refresh')}
      </button>
      {loading && !result && <p className="muted">{t('office.loading')}</p>}
      {result && !result.live && result.error && (
        <p className="alert error" data-testid={`${idPrefix}-error`}>
          {at ? t('office.stale', { reason: result.error, at }) : `${result.error} ${t('office.neverFetched')}`}
        </p>
      )}
    </div>
  );
}
