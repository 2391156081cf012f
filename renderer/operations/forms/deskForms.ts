import type { DeskHandle } from '../../db/deskHandle';
import { getDossier, updateDossier } from '../../db/queries/dossiers';
import { getProcedure } from '../../db/queries/procedures';
import { getApplicant } from '../../db/queries/applicants';
import { dossierComponents } from '../../db/queries/components';
import { componentsWithPages } from '../../db/queries/pages';
import { readStatusHistory } from '../../db/queries/statusHistory';
import { inTransaction } from '../../db/queries/transaction';
import { DomainError } from '../../../preload/shared/domain/DomainError';
import { findMissingRequiredComponents } from '../../../preload/shared/domain/intakeCheck';
import type { FormApplicant } from '../../../preload/shared/domain/forms/formTypes';
import { actingOfficerName, readReceiptSettings } from '../settings/deskSettings';
import { recordStatusChange } from '../dossier/dossierStatusStore';
import { renderFormInWorker } from './renderFormInWorker';
import { appendAudit } from '../audit/appendAudit';

async function loadParts(db: DeskHandle, dossierId: string) {
  const dossier = await getDossier(db, dossierId);
  if (!dossier) throw new DomainError('dossier-not-found', 'Không tìm thấy hồ sơ.');
  const [procedure, applicant, settings] = await Promise.all([
    getProcedure(db, dossier.procedureCode),
    dossier.applicantId ? getApplicant(db, dossier.applicantId) : undefined,
    readReceiptSettings(db),
  ]);
  if (!procedure) throw new DomainError('procedure-missing', `Không tìm thấy thủ tục ${dossier.procedureCode} trong danh mục.`);
  if (!applicant) throw new DomainError('dossier-not-saved', 'Hãy lưu thông tin người nộp hồ sơ trước.');
  const person: FormApplicant = {
    name: applicant.fullName,
    ...(applicant.address ? { address: applicant.address } : {}),
    ...(applicant.phone ? { phone: applicant.phone } : {}),
    ...(applicant.email ? { email: applicant.email } : {}),
  };
  return { dossier, procedure, applicant: person, settings, requestContent: `${procedure.name} (mã thủ tục ${procedure.code})` };
}

/**
 * Mẫu 02 for a dossier that cannot be received yet: lists every mandatory component still without
 * pages (plus anything the officer adds), so the citizen knows exactly what to bring back.
 */
export async function generateSupplementRequest(db: DeskHandle, dossierId: string, extraItems: readonly string[] = [], now = new Date()): Promise<Uint8Array<ArrayBuffer>> {
  const parts = await loadParts(db, dossierId);
  const components = await dossierComponents(db, dossierId);
  const items = [...findMissingRequiredComponents(components, await componentsWithPages(db, dossierId)).map((component) => component.name), ...extraItems.map((item) => item.trim()).filter(Boolean)];
  if (items.length === 0) throw new DomainError('nothing-to-supplement', 'Hồ sơ đã đủ thành phần bắt buộc; không cần phiếu yêu cầu bổ sung.');
  return renderFormInWorker({
    kind: 'supplementRequest',
    data: {
      agency: parts.settings.agency,
      applicant: parts.applicant,
      requestContent: parts.requestContent,
      items,
      reason: 'Hồ sơ chưa đủ thành phần theo quy định của thủ tục.',
      issuedAt: now,
      officerName: actingOfficerName(parts.settings),
      training: parts.dossier.training,
    },
  });
}

/**
 * Refuses a dossier at the desk (status 3 "Không được tiếp nhận", recorded with who, when and why)
 * and returns Mẫu 03 stating the reason. A sealed dossier cannot be refused any more.
 */
export async function refuseDossier(db: DeskHandle, dossierId: string, reason: string, now = new Date()): Promise<Uint8Array<ArrayBuffer>> {
  const parts = await loadParts(db, dossierId);
  const trimmed = reason.trim();
  if (trimmed.length < 5) throw new DomainError('refusal-reason-missing', 'Phải ghi rõ lý do từ chối tiếp nhận (ít nhất 5 ký tự).');
  await inTransaction(db, ['dossiers', 'auditLog'], async () => {
    const dossier = await getDossier(db, dossierId);
    if (dossier?.code) throw new DomainError('dossier-sealed', 'Hồ sơ đã được tiếp nhận, không thể từ chối tại bàn.');
    const actor = { by: actingOfficerName(parts.settings), at: now };
    // A walk-in dossier is registered when the officer starts it; the refusal follows that registration.
    if ((await readStatusHistory(db, dossierId)).length === 0) await recordStatusChange(db, dossierId, 1, actor);
    await recordStatusChange(db, dossierId, 3, { ...actor, reason: trimmed });
    await updateDossier(db, dossierId, { updatedAt: now.getTime() });
  });
  return renderFormInWorker({
    kind: 'refusal',
    data: { agency: parts.settings.agency, applicant: parts.applicant, requestContent: parts.requestContent, reasons: [trimmed], issuedAt: now, officerName: actingOfficerName(parts.settings), training: parts.dossier.training },
  });
}

/**
 * Sets a later due date for a sealed dossier that will be late and returns Mẫu 04 (apology and new
 * date). The old and new dates and the reason go to the audit log; the new date must be later.
 */
export async function postponeDossier(db: DeskHandle, dossierId: string, newDueAt: Date, reason: string, now = new Date()): Promise<Uint8Array<ArrayBuffer>> {
  const parts = await loadParts(db, dossierId);
  const trimmed = reason.trim();
  if (trimmed.length < 5) throw new DomainError('apology-reason-missing', 'Phải ghi rõ lý do trả kết quả chậm (ít nhất 5 ký tự).');
  const { code, receivedAt, dueAt } = parts.dossier;
  if (!code || !receivedAt || !dueAt) throw new DomainError('dossier-not-sealed', 'Hồ sơ chưa được tiếp nhận nên chưa có ngày hẹn để lùi.');
  if (Number.isNaN(newDueAt.getTime()) || newDueAt.getTime() <= dueAt) throw new DomainError('apology-date-not-later', 'Ngày hẹn mới phải sau ngày hẹn hiện tại.');
  await inTransaction(db, ['dossiers', 'auditLog'], async () => {
    await updateDossier(db, dossierId, { dueAt: newDueAt.getTime(), updatedAt: now.getTime() });
    await appendAudit(db, {
      at: now.getTime(),
      actor: actingOfficerName(parts.settings),
      action: 'dossier-postponed',
      target: dossierId,
      detail: JSON.stringify({ from: dueAt, to: newDueAt.getTime(), reason: trimmed }),
    });
  });
  return renderFormInWorker({
    kind: 'apology',
    data: {
      agency: parts.settings.agency,
      dossierCode: code,
      applicant: parts.applicant,
      requestContent: parts.requestContent,
      receivedAt: new Date(receivedAt),
      originalDueAt: new Date(dueAt),
      newDueAt,
      reason: trimmed,
      issuedAt: now,
      signerTitle: 'Thủ trưởng cơ quan',
      signerName: '',
      training: parts.dossier.training,
    },
  });
}
