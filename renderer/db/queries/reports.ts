import type { DeskHandle } from '../database';
import type { ReportDossier, ReportPeriod } from '../../../preload/shared/domain/reports/intakeReport';
import { sealedDossiersOfPeriod } from './dossiers';
import { proceduresByCodes } from './procedures';
import { usersByIds } from './users';
import { applicantsByIds } from './applicants';

/** The received dossiers of a period with what the reports print, read through the receivedAt index. */
export async function loadReportDossiers(db: DeskHandle, period: ReportPeriod): Promise<ReportDossier[]> {
  const dossiers = await sealedDossiersOfPeriod(db, period.from, period.to);
  const [procedures, users, applicants] = await Promise.all([
    proceduresByCodes(db, [...new Set(dossiers.map((d) => d.procedureCode))]),
    usersByIds(db, [...new Set(dossiers.map((d) => d.officerId ?? ''))]),
    applicantsByIds(db, dossiers.map((d) => d.applicantId ?? '')),
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
