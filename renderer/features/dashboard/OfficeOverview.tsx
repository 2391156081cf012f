import { useLiveQuery } from 'dexie-react-hooks';
import { getDatabase } from '../../db/deskHandle';
import { proceduresByCodes } from '../../db/queries/procedures';
import { useT } from '../../i18n/i18n';
import type { LocalDate } from '../../../preload/shared/domain/calendar/localDate';
import { DOSSIER_STATUS_NAMES, type DossierStatusCode } from '../../../preload/shared/domain/dossierStatus';
import type { OfficeFigures } from '../../../preload/contract';
import { loadOfficeFigures } from '../../operations/office/loadOfficeView';
import { OfficeFreshness } from '../../widgets/office/OfficeFreshness';
import { useOfficeView } from '../../widgets/office/useOfficeView';
import { BarChart, type Bar } from './BarChart';

function bars(counts: OfficeFigures['byDesk'], label: (key: string, given: string) => string): Bar[] {
  return counts.map((entry) => ({ key: entry.key, label: label(entry.key, entry.label), value: entry.count }));
}

/**
 * The office-wide figures of the chosen day on a supervisor desk, from the office hub: by desk,
 * officer, procedure and status, with the review counts. The last answer is kept in IndexedDB and
 * still shown offline, with the time it was fetched.
 */
export function OfficeOverview({ day }: { day: LocalDate }) {
  const t = useT();
  const db = getDatabase();
  const view = useOfficeView(() => loadOfficeFigures({ from: day, to: day }), day);
  const figures = view.result?.data;
  const procedureCodes = figures?.byProcedure.map((entry) => entry.key) ?? [];
  const procedures = useLiveQuery(() => proceduresByCodes(db, procedureCodes), [db, procedureCodes.join('|')]);
  const procedureName = (code: string) => procedures?.[procedureCodes.indexOf(code)]?.name ?? code;
  const review = (key: string) => figures?.byReview.find((entry) => entry.key === key)?.count ?? 0;

  return (
    <section className="office-overview" aria-labelledby="office-heading" data-testid="office-overview">
      <h2 id="office-heading">{t('office.heading')}</h2>
      <OfficeFreshness result={view.result} loading={view.loading} onRefresh={view.reload} />
      {figures && (
        <>
          <dl className="figures" data-testid="office-figures">
            <div data-testid="office-figure-total">
              <dt>{t('office.total')}</dt>
              <dd>{figures.total}</dd>
            </div>
            <div data-testid="office-figure-delivered">
              <dt>{t('office.delivered')}</dt>
              <dd>{figures.delivered}</dd>
            </div>
            <div data-testid="office-figure-pending">
              <dt>{t('office.pending')}</dt>
              <dd>{review('pending')}</dd>
            </div>
            <div data-testid="office-figure-sent-back">
              <dt>{t('office.sentBack')}</dt>
              <dd>{review('rescan')}</dd>
            </div>
          </dl>
          <div className="charts">
            <BarChart testId="office-chart-desk" title={t('office.byDesk')} bars={bars(figures.byDesk, (_key, label) => label)} />
            <BarChart testId="office-chart-officer" title={t('office.byOfficer')} bars={bars(figures.byOfficer, (key, label) => (key ? label : t('office.noOfficer')))} />
            <BarChart testId="office-chart-procedure" title={t('office.byProcedure')} bars={bars(figures.byProcedure, (key) => procedureName(key))} />
            <BarChart testId="office-chart-status" title={t('office.byStatus')} bars={bars(figures.byStatus, (key) => DOSSIER_STATUS_NAMES[Number(key) as DossierStatusCode] ?? key)} />
          </div>
          <h2>{t('office.thisDesk')}</h2>
        </>
      )}
    </section>
  );
}
