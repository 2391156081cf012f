import type { DeskHandle } from '../../db/deskHandle';
import { writeSetting } from '../../db/queries/settings';
import { inTransaction } from '../../db/queries/transaction';
import { DomainError } from '../../../preload/shared/domain/DomainError';
import { deskPartition } from '../../../preload/shared/domain/dossierCode';
import { appendAudit } from '../audit/appendAudit';
import { RECEIPT_SETTINGS_KEY, readReceiptSettings, type ReceiptSettings } from './deskSettings';

function clock(value: { hour: number; minute: number }, label: string): void {
  if (!Number.isInteger(value.hour) || value.hour < 0 || value.hour > 23 || !Number.isInteger(value.minute) || value.minute < 0 || value.minute > 59) {
    throw new DomainError('invalid-clock', `${label} không hợp lệ.`);
  }
}

/**
 * Checks and stores the desk's receipt settings (agency, dossier code partition, cut-off, result
 * time), recording old and new values in the audit log. Nothing is stored when a value is invalid,
 * so a desk can never issue codes from a broken configuration.
 */
export async function saveReceiptSettings(db: DeskHandle, next: ReceiptSettings, actor: string, now = new Date()): Promise<void> {
  for (const [value, label] of [
    [next.agency.parentName, 'Tên cơ quan chủ quản'],
    [next.agency.unitName, 'Tên đơn vị tiếp nhận'],
    [next.agency.place, 'Địa danh'],
    [next.resultPlace, 'Nơi trả kết quả'],
    [next.officerName, 'Tên cán bộ tiếp nhận'],
  ] as const) {
    if (value.trim().length === 0) throw new DomainError('setting-empty', `${label} không được để trống.`);
  }
  deskPartition(next.dossierCode);
  clock(next.dueDateRules.cutoff, 'Giờ chốt nhận hồ sơ trong ngày');
  clock(next.dueDateRules.resultTime, 'Giờ hẹn trả kết quả');
  const before = await readReceiptSettings(db);
  await inTransaction(db, ['settings', 'auditLog'], async () => {
    await writeSetting(db, RECEIPT_SETTINGS_KEY, next);
    await appendAudit(db, { at: now.getTime(), actor, action: 'settings-changed', target: RECEIPT_SETTINGS_KEY, detail: JSON.stringify({ before, after: next }) });
  });
}
