import { useEffect, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { getDatabase } from '../../db/deskHandle';
import { useLocale, useT, type MessageKey } from '../../i18n/i18n';
import { toVietnamClock, formatVietnamDateTime } from '../../../preload/shared/domain/calendar/localDate';
import { DOSSIER_STATUS_NAMES, type DossierStatusCode } from '../../../preload/shared/domain/dossierStatus';
import { useNavigation } from '../../operations/app/navigationStore';
import { BarChart, type Bar } from './BarChart';
import { loadDashboard, type DueDossier } from '../../db/queries/dashboard';
import { OUTBOX_STATES } from '../../db/queries/outbox';
import { digitizationRate } from '../../../preload/shared/domain/dashboard/summarizeDossiers';
import { AuditExportPanel } from '../../widgets/audit/AuditExportPanel';
import { ReportsPanel } from '../../widgets/reports/ReportsPanel';
import { DateField } from '../../widgets/DateField';
import { isSupervisorDesk, useOfficeLink } from '../../operations/office/officeLink';
import { OfficeOverview } from './OfficeOverview';
import { OfficePortalRelay } from './OfficePortalRelay';

function sortedBars(counts: Map<string, number>, label: (key: string) => string): Bar[] {
  return [...counts].map(([key, value]) => ({ key, label: label(key), value })).sort((a, b) => b.value - a.value || a.label.localeCompare(b.label, 'vi'));
}

/**
 * The supervisor's view of a day at the desk: intake by procedure, officer and status, the sync
 * outbox, overdue and due-soon dossiers and the digitization rate. It follows the database live.
 */
export function DashboardScreen() {
  const t = useT();
  const locale = useLocale((state) => state.locale);
  const openReview = useNavigation((state) => state.openReview);
  const db = getDatabase();
  const [day, setDay] = useState(() => toVietnamClock(new Date()).date);
  // Overdue and due-soon depend on the time as well as on the data: look again every minute.
  const [minute, setMinute] = useState(() => Math.floor(Date.now() / 60_000));
  useEffect(() => {
    const timer = window.setInterval(() => setMinute(Math.floor(Date.now() / 60_000)), 60_000);
    return () => window.clearInterval(timer);
  }, []);
  const data = useLiveQuery(() => loadDashboard(db, day, Date.now()), [db, day, minute]);
  // A supervisor desk (its sync token is a supervisor's at the office hub) shows the whole office first.
  const office = useOfficeLink((state) => state.info);
  useEffect(() => void useOfficeLink.getState().refresh(), []);
  const percent = new Intl.NumberFormat(locale === 'vi' ? 'vi-VN' : 'en-GB', { style: 'percent', maximumFractionDigits: 0 });

  const statusLabel = (key: string) => (key.startsWith('portal-') ? DOSSIER_STATUS_NAMES[Number(key.slice(7)) as DossierStatusCode] : t(`status.${key}` as MessageKey));
  const outboxLabel = (state: string) => ((OUTBOX_STATES as readonly string[]).includes(state) ? t(`dashboard.outbox.${state}` as MessageKey) : state);
  const dueList = (items: DueDossier[], testId: string) => (
    <ul className="due-list" data-testid={testId}>
      {items.map((item) => (
        <li key={item.id}>
          <button type="button" className="link" onClick={() => openReview(item.id)}>
            {item.code ?? t('dossiers.noCode')}
          </button>{' '}
          {data?.procedureNames.get(item.procedureCode) ?? item.procedureCode} — {t('dashboard.dueAt', { at: formatVietnamDateTime(new Date(item.dueAt)) })}
        </li>
      ))}
    </ul>
  );

  return (
    <section className="card dashboard" aria-labelledby="dashboard-heading">
      <div className="intake-head">
        <h1 id="dashboard-heading">{t('dashboard.heading')}</h1>
        <label className="field inline">
          <span>{t('dashboard.day')}</span>
          <DateField name="dashboardDay" value={day} onChange={(date) => date && setDay(date)} />
        </label>
      </div>
      {isSupervisorDesk(office) && <OfficePortalRelay />}
      {isSupervisorDesk(office) && <OfficeOverview day={day} />}
      {data && (
        <>
          <dl className="figures" data-testid="dashboard-figures">
            <div data-testid="figure-total">
              <dt>{t('dashboard.total')}</dt>
              <dd>{data.intake.total}</dd>
            </div>
            <div data-testid="figure-received">
              <dt>{t('dashboard.received')}</dt>
              <dd>{data.intake.received}</dd>
            </div>
            <div data-testid="figure-digitized">
              <dt>{t('dashboard.digitizationRate')}</dt>
              <dd>
                {percent.format(digitizationRate(data.intake))} <span className="muted">({data.intake.digitized}/{data.intake.received})</span>
              </dd>
            </div>
            <div data-testid="figure-review">
              <dt>{t('dashboard.awaitingReview')}</dt>
              <dd>{data.awaitingReview}</dd>
            </div>
            <div data-testid="figure-sent-back">
              <dt>{t('dashboard.sentBack')}</dt>
              <dd>{data.sentBack}</dd>
            </div>
            <div data-testid="figure-overdue" className={data.overdueCount > 0 ? 'warning' : undefined}>
              <dt>{t('dashboard.overdue')}</dt>
              <dd>{data.overdueCount}</dd>
            </div>
            <div data-testid="figure-due-soon">
              <dt>{t('dashboard.dueSoon')}</dt>
              <dd>{data.dueSoonCount}</dd>
            </div>
          </dl>
          <div className="charts">
            <BarChart testId="chart-procedure" title={t('dashboard.byProcedure')} bars={sortedBars(data.intake.byProcedure, (code) => data.procedureNames.get(code) ?? code)} />
            <BarChart testId="chart-officer" title={t('dashboard.byOfficer')} bars={sortedBars(data.intake.byOfficer, (id) => (id ? (data.officerNames.get(id) ?? id) : t('dashboard.noOfficer')))} />
            <BarChart testId="chart-status" title={t('dashboard.byStatus')} bars={sortedBars(data.intake.byStatus, statusLabel)} />
            <BarChart
              testId="chart-outbox"
              title={t('dashboard.outbox')}
              bars={[...data.outbox].map(([state, value]) => ({ key: state, label: outboxLabel(state), value, tone: `outbox-${state}` }))}
            />
          </div>
          {data.overdue.length > 0 && (
            <>
              <h2>{t('dashboard.overdueList')}</h2>
              {dueList(data.overdue, 'overdue-list')}
            </>
          )}
          {data.dueSoon.length > 0 && (
            <>
              <h2>{t('dashboard.dueSoonList')}</h2>
              {dueList(data.dueSoon, 'due-soon-list')}
            </>
          )}
        </>
      )}
      <ReportsPanel day={day} />
      <AuditExportPanel />
    </section>
  );
}
