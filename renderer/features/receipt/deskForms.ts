import type { DeskDatabase } from '../../db/database';
import { DomainError } from '../../domain/DomainError';
import { findMissingRequiredComponents } from '../../domain/sealCheck';
import type { FormApplicant } from '../../domain/forms/formTypes';
import { readReceiptSettings } from './deskSettings';
import { readStatusHistory, recordStatusChange } from './dossierStatusStore';
import { renderFormInWorker } from './renderFormInWorker';

async function loadParts(db: DeskDatabase, dossierId: string) {
  const dossier = await db.dossiers.get(dossierId);
  if (!dossier) throw new DomainError('dossier-not-found', 'Không tìm thấy hồ sơ.');
  const [procedure, applicant, settings] = await Promise.all([
    db.procedures.get(dossier.procedureCode),
    dossier.applicantId ? db.applicants.get(dossier.applicantId) : undefined,
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
export async function generateSupplementRequest(db: DeskDatabase, dossierId: string, extraItems: readonly string[] = [], now = new Date()): Promise<Uint8Array<ArrayBuffer>> {
  const parts = await loadParts(db, dossierId);
  const components = await db.components.where('dossierId').equals(dossierId).sortBy('order');
  const pages = await db.pages.where('dossierId').equals(dossierId).toArray();
  const items = [...findMissingRequiredComponents(components, pages).map((component) => component.name), ...extraItems.map((item) => item.trim()).filter(Boolean)];
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
      officerName: parts.settings.officerName,
      training: parts.dossier.training,
    },
  });
}

/**
 * Refuses a dossier at the desk (status 3 "Không được tiếp nhận", recorded with who, when and why)
 * and returns Mẫu 03 stating the reason. A sealed dossier cannot be refused any more.
 */
export async function refuseDossier(db: DeskDatabase, dossierId: string, reason: string, now = new Date()): Promise<Uint8Array<ArrayBuffer>> {
  const parts = await loadParts(db, dossierId);
  const trimmed = reason.trim();
  if (trimmed.length < 5) throw new DomainError('refusal-reason-missing', 'Phải ghi rõ lý do từ chối tiếp nhận (ít nhất 5 ký tự).');
  await db.transaction('rw', [db.dossiers, db.auditLog], async () => {
    const dossier = await db.dossiers.get(dossierId);
    if (dossier?.code) throw new DomainError('dossier-sealed', 'Hồ sơ đã được tiếp nhận, không thể từ chối tại bàn.');
    const actor = { by: parts.settings.officerName, at: now };
    // A walk-in dossier is registered when the officer starts it; the refusal follows that registration.
    if ((await readStatusHistory(db, dossierId)).length === 0) await recordStatusChange(db, dossierId, 1, actor);
    await recordStatusChange(db, dossierId, 3, { ...actor, reason: trimmed });
    await db.dossiers.update(dossierId, { updatedAt: now.getTime() });
  });
  return renderFormInWorker({
    kind: 'refusal',
    data: { agency: parts.settings.agency, applicant: parts.applicant, requestContent: parts.requestContent, reasons: [trimmed], issuedAt: now, officerName: parts.settings.officerName, training: parts.dossier.training },
  });
}
