import { addDays, daysInMonth, formatLocalDate, formatVietnameseDate, formatVietnamDateTime, fromVietnamClock, parseLocalDate, type LocalDate } from '../calendar/localDate';
import { DOSSIER_STATUS_NAMES, type DossierStatusCode } from '../dossierStatus';

/** The facts of one received dossier that the reports print (the caller has opened its personal fields). */
export interface ReportDossier {
  code: string;
  procedureCode: string;
  procedureName: string;
  officerName: string;
  receivedAt: number;
  dueAt?: number;
  digitizedAt?: number;
  portalStatus?: number;
  applicantName: string;
  applicantAddress?: string;
  applicantPhone?: string;
}

export type ReportPeriodKind = 'day' | 'month';

export interface ReportPeriod {
  kind: ReportPeriodKind;
  /** First instant of the period and the first instant after it (ms, Vietnamese wall clock). */
  from: number;
  to: number;
  /** "ngày 02/03/2026" or "tháng 03/2026". */
  label: string;
  /** For file names: `2026-03-02` or `2026-03`. */
  slug: string;
}

/** The day, or the calendar month, that contains `date`. */
export function reportPeriod(kind: ReportPeriodKind, date: LocalDate): ReportPeriod {
  if (kind === 'day') {
    return { kind, from: fromVietnamClock(date, 0, 0).getTime(), to: fromVietnamClock(addDays(date, 1), 0, 0).getTime(), label: `ngày ${formatVietnameseDate(date)}`, slug: date };
  }
  const { year, month } = parseLocalDate(date);
  const first = formatLocalDate(year, month, 1);
  const next = addDays(first, daysInMonth(year, month));
  return { kind, from: fromVietnamClock(first, 0, 0).getTime(), to: fromVietnamClock(next, 0, 0).getTime(), label: `tháng ${String(month).padStart(2, '0')}/${year}`, slug: first.slice(0, 7) };
}

export interface CountRow {
  label: string;
  received: number;
  digitized: number;
  overdue: number;
}

export interface IntakeReport {
  period: ReportPeriod;
  byProcedure: CountRow[];
  byOfficer: CountRow[];
  total: CountRow;
  /** The register book lines (Sổ theo dõi hồ sơ), in order of receipt. */
  register: RegisterLine[];
}

export interface RegisterLine {
  line: number;
  code: string;
  procedure: string;
  applicant: string;
  receivedAt: string;
  dueAt: string;
  status: string;
}

const CLOSED = new Set([3, 7, 8, 9, 10]);

function isOverdue(dossier: ReportDossier, now: number): boolean {
  return dossier.dueAt !== undefined && dossier.dueAt < now && (dossier.portalStatus === undefined || !CLOSED.has(dossier.portalStatus));
}

function counts(dossiers: readonly ReportDossier[], keyOf: (d: ReportDossier) => string, now: number): CountRow[] {
  const rows = new Map<string, CountRow>();
  for (const dossier of dossiers) {
    const label = keyOf(dossier);
    const row = rows.get(label) ?? { label, received: 0, digitized: 0, overdue: 0 };
    row.received++;
    if (dossier.digitizedAt) row.digitized++;
    if (isOverdue(dossier, now)) row.overdue++;
    rows.set(label, row);
  }
  return [...rows.values()].sort((a, b) => b.received - a.received || a.label.localeCompare(b.label, 'vi'));
}

/** Counts and register lines of the dossiers received in the period; `now` decides what is overdue. */
export function buildIntakeReport(dossiers: readonly ReportDossier[], period: ReportPeriod, now: number): IntakeReport {
  const inPeriod = dossiers.filter((d) => d.receivedAt >= period.from && d.receivedAt < period.to).sort((a, b) => a.receivedAt - b.receivedAt || a.code.localeCompare(b.code));
  const byProcedure = counts(inPeriod, (d) => `${d.procedureName} (${d.procedureCode})`, now);
  const byOfficer = counts(inPeriod, (d) => d.officerName, now);
  const total = byProcedure.reduce((sum, row) => ({ label: 'Tổng cộng', received: sum.received + row.received, digitized: sum.digitized + row.digitized, overdue: sum.overdue + row.overdue }), { label: 'Tổng cộng', received: 0, digitized: 0, overdue: 0 });
  const register = inPeriod.map((d, i) => ({
    line: i + 1,
    code: d.code,
    procedure: d.procedureName,
    applicant: [d.applicantName, d.applicantAddress, d.applicantPhone].filter(Boolean).join(', '),
    receivedAt: formatVietnamDateTime(new Date(d.receivedAt)),
    dueAt: d.dueAt ? formatVietnamDateTime(new Date(d.dueAt)) : '',
    status: d.portalStatus ? DOSSIER_STATUS_NAMES[d.portalStatus as DossierStatusCode] : '',
  }));
  return { period, byProcedure, byOfficer, total, register };
}
