import type { DeskHandle } from '../../db/deskHandle';
import { loadReportDossiers } from '../../db/queries/reports';
import { buildIntakeReport, reportPeriod, type ReportPeriodKind } from '../../../preload/shared/domain/reports/intakeReport';
import { intakeReportXlsx } from '../../../preload/shared/domain/reports/reportXlsx';
import type { LocalDate } from '../../../preload/shared/domain/calendar/localDate';
import { readReceiptSettings } from '../settings/deskSettings';
import { requireRole } from '../auth/requireRole';
import { recordAccess } from '../audit/recordAudit';
import { connectWorker } from '../../workers/protocol/connectWorker';
import { reportWorkerContract } from '../../workers/reportWorkerContract';

export type ReportFormat = 'xlsx' | 'pdf' | 'register';

const reportWorker = connectWorker(reportWorkerContract, () => new Worker(new URL('../../workers/reportWorker.ts', import.meta.url), { type: 'module', name: 'reports' }));

/**
 * Builds the day's or month's intake report (XLSX or PDF) or the register book (PDF) and returns
 * the file; the export is recorded in the audit log since it carries personal data out.
 */
export async function exportReport(db: DeskHandle, kind: ReportPeriodKind, date: LocalDate, format: ReportFormat, training: boolean, now = new Date()): Promise<{ file: Blob; name: string }> {
  requireRole('supervisor');
  const period = reportPeriod(kind, date);
  const report = buildIntakeReport(await loadReportDossiers(db, period), period, now.getTime());
  let file: Blob;
  let name: string;
  if (format === 'xlsx') {
    file = await intakeReportXlsx(report);
    name = `bao-cao-tiep-nhan-${period.slug}.xlsx`;
  } else {
    const settings = await readReceiptSettings(db);
    const pdf = await reportWorker.call.render({ kind: format === 'pdf' ? 'intake' : 'register', print: { report, agency: settings.agency, issuedAt: now, training } });
    file = new Blob([pdf], { type: 'application/pdf' });
    name = format === 'pdf' ? `bao-cao-tiep-nhan-${period.slug}.pdf` : `so-theo-doi-ho-so-${period.slug}.pdf`;
  }
  await recordAccess(db, 'report-exported', name, { format, period: period.slug, dossiers: report.register.length });
  return { file, name };
}
