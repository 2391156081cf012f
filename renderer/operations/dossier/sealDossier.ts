import type { DeskHandle } from '../../db/deskHandle';
import { getDossier, updateDossier } from '../../db/queries/dossiers';
import { dossierComponents } from '../../db/queries/components';
import { componentsWithPages } from '../../db/queries/pages';
import { getProcedure } from '../../db/queries/procedures';
import { readStatusHistory } from '../../db/queries/statusHistory';
import { inTransaction } from '../../db/queries/transaction';
import { computeDueDate } from '../../../preload/shared/domain/calendar/dueDate';
import { DomainError } from '../../../preload/shared/domain/DomainError';
import { assertIntakeComplete, type IntakeOverride } from '../../../preload/shared/domain/intakeCheck';
import { appendAudit } from '../audit/appendAudit';
import { recordStatusChange } from './dossierStatusStore';
import { actingOfficerName, readReceiptSettings } from '../settings/deskSettings';
import { issueDeskDossierCode } from './issueDeskDossierCode';
import { loadWorkingCalendar } from '../settings/workingCalendar';

export interface SealResult {
  code: string;
  receivedAt: number;
  dueAt: number;
  /** Set when the officer should know something about the code (it came from the desk's reserve). */
  notice?: string;
}

/**
 * Seals a saved dossier at the desk: checks the mandatory components (or records the override),
 * issues the dossier code (from the office hub's leased blocks once enrolled, else from this desk's
 * partition), counts the due date, and records the status
 * change "Được tiếp nhận" with who and when. Everything happens in one transaction, so a crash
 * either seals completely or not at all, and a number is never issued twice. Sealing an already
 * sealed dossier returns what it already has.
 */
export async function sealDossier(db: DeskHandle, dossierId: string, options: { now?: Date; override?: IntakeOverride } = {}): Promise<SealResult> {
  const settings = await readReceiptSettings(db);
  const calendar = await loadWorkingCalendar(db);
  const now = options.now ?? new Date();
  return inTransaction(db, ['dossiers', 'components', 'pages', 'procedures', 'settings', 'auditLog'], async () => {
    const dossier = await getDossier(db, dossierId);
    if (!dossier) throw new DomainError('dossier-not-found', 'Không tìm thấy hồ sơ.');
    if (dossier.code && dossier.receivedAt && dossier.dueAt) return { code: dossier.code, receivedAt: dossier.receivedAt, dueAt: dossier.dueAt };
    if (dossier.status === 'draft' || !dossier.applicantId) {
      throw new DomainError('dossier-not-saved', 'Hãy lưu thông tin người nộp hồ sơ trước khi tiếp nhận.');
    }
    const previous = await readStatusHistory(db, dossierId);
    if (previous[previous.length - 1]?.to === 3) throw new DomainError('dossier-refused', 'Hồ sơ đã bị từ chối tiếp nhận, không thể tiếp nhận lại; hãy lập hồ sơ mới.');
    const procedure = await getProcedure(db, dossier.procedureCode);
    if (!procedure) throw new DomainError('procedure-missing', `Không tìm thấy thủ tục ${dossier.procedureCode} trong danh mục.`);
    // The intake check needs only which components have pages: the indexes tell, no image is opened.
    const components = await dossierComponents(db, dossierId);
    const { missing, overridden } = assertIntakeComplete(components, await componentsWithPages(db, dossierId), options.override);

    const issued = await issueDeskDossierCode(db, settings.dossierCode, now);
    const due = computeDueDate(now, procedure.processingDays, calendar, settings.dueDateRules);

    await updateDossier(db, dossierId, { code: issued.code, receivedAt: now.getTime(), dueAt: due.dueAt.getTime(), updatedAt: now.getTime() });
    if (overridden) {
      await appendAudit(db, {
        at: now.getTime(),
        actor: actingOfficerName(settings),
        action: 'seal-override-missing-components',
        target: dossierId,
        detail: JSON.stringify({ missing: missing.map((component) => component.name), reason: options.override?.reason.trim() }),
      });
    }
    await recordStatusChange(db, dossierId, 2, { by: actingOfficerName(settings), at: now }, { code: issued.code });
    return { code: issued.code, receivedAt: now.getTime(), dueAt: due.dueAt.getTime(), ...(issued.notice ? { notice: issued.notice } : {}) };
  });
}
