import type { DeskDatabase } from '../../db/database';
import type { ReportDossier, ReportPeriod } from '../../../preload/shared/domain/reports/intakeReport';

/** The received dossiers of a period with what the reports print, read through the receivedAt index. */
export async function loadReportDossiers(db: DeskDatabase, period: ReportPeriod): Promise<ReportDossier[]> {
  const dossiers = (await db.dossiers.where('receivedAt').between(period.from, period.to, true, false).toArray()).filter((dossier) => dossier.code);
  const [procedures, users, applicants] = await Promise.all([
    db.procedures.bulkGet([...new Set(dossiers.map((d) => d.procedureCode))]),
    db.users.bulkGet([...new Set(dossiers.map((d) => d.officerId ?? ''))]),
    db.applicants.bulkGet(dossiers.map((d) => d.applicantId ?? '')),
  ]);
  const procedureName = new Map(procedures.filter((p) => p !== undefined).map((p) => [p.code, p.name]));
  const officerName = new Map(users.filter((u) => u !== undefined).map((u) => [u.id, u.displayName]));
  return dossiers.map((dossier, i) => {
    const applicant = applicants[i];
    return {
      code: dossier.code!,
      procedureCode: dossier.procedureCode,
      procedureName: procedureName.get(dossier.procedureCode) ?? dossier.procedureCode,
      officerName: (dossier.officerId && officerName.get(dossier.officerId)) || 'Chưa rõ cán bộ',
      receivedAt: dossier.receivedAt!,
      ...(dossier.dueAt ? { dueAt: dossier.dueAt } : {}),
      ...(dossier.digitizedAt ? { digitizedAt: dossier.digitizedAt } : {}),
      ...(dossier.portalStatus ? { portalStatus: dossier.portalStatus } : {}),
      applicantName: applicant?.fullName ?? '',
      ...(applicant?.address ? { applicantAddress: applicant.address } : {}),
      ...(applicant?.phone ? { applicantPhone: applicant.phone } : {}),
    };
  });
}
