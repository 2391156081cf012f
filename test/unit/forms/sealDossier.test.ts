import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DeskDatabase } from '../../../renderer/db/database';
import { sampleProcedures } from '../../../renderer/db/seedCatalog';
import { sealDossier } from '../../../renderer/operations/dossier/sealDossier';
import { RECEIPT_SETTINGS_KEY } from '../../../renderer/operations/settings/deskSettings';
import { HOLIDAY_OVERRIDES_KEY } from '../../../renderer/operations/settings/workingCalendar';
import { readStatusHistory } from '../../../renderer/db/queries/statusHistory';
import { recordStatusChange } from '../../../renderer/operations/dossier/dossierStatusStore';
import { fromVietnamClock, toVietnamClock } from '../../../preload/shared/domain/calendar/localDate';

async function makeDesk(name: string) {
  const db = new DeskDatabase(`seal-${name}-${crypto.randomUUID()}`);
  await db.procedures.bulkAdd(sampleProcedures());
  return db;
}

/** A saved dossier of procedure 1.014392.H38 (one mandatory component out of three), with pages on `withPagesOn`. */
async function savedDossier(db: DeskDatabase, withPagesOn: number[]): Promise<string> {
  const procedure = (await db.procedures.get('1.014392.H38'))!;
  const dossierId = crypto.randomUUID();
  const applicantId = crypto.randomUUID();
  await db.applicants.add({ id: applicantId, idNumber: '001085123456', fullName: 'Nguyễn Văn An', source: 'manual', createdAt: 0, updatedAt: 0 });
  await db.dossiers.add({ id: dossierId, procedureCode: procedure.code, applicantId, status: 'saved', training: true, createdAt: 0, updatedAt: 0, pageCount: 0 });
  const components = procedure.components.map((component, order) => ({ id: crypto.randomUUID(), dossierId, componentId: component.id, name: component.name, form: component.form, required: component.required, order }));
  await db.components.bulkAdd(components);
  await db.pages.bulkAdd(
    withPagesOn.map((index, order) => ({ id: crypto.randomUUID(), dossierId, componentId: components[index]!.id, order, image: new Blob([new Uint8Array(4)]), mime: 'image/png', rotation: 0 as const, source: 'test', createdAt: 0 })),
  );
  return dossierId;
}

describe('sealing a dossier in IndexedDB', () => {
  it('refuses while the mandatory component has no pages, and records an override with its reason in the audit chain', async () => {
    const db = await makeDesk('override');
    const dossierId = await savedDossier(db, [1]);
    const now = fromVietnamClock('2026-03-02', 9, 30);
    await expect(sealDossier(db, dossierId, { now })).rejects.toThrow(/Chưa có trang nào cho thành phần bắt buộc: «Đơn đề nghị thay đổi/);
    expect((await db.dossiers.get(dossierId))?.code).toBeUndefined();

    const sealed = await sealDossier(db, dossierId, { now, override: { reason: 'Công dân nộp bản giấy, số hóa sau' } });
    expect(sealed.code).toBe('000.00.16.H27-260302-0001');
    expect(toVietnamClock(new Date(sealed.dueAt))).toMatchObject({ date: '2026-03-16', hour: 16, minute: 0 });
    const audit = await db.auditLog.orderBy('seq').toArray();
    expect(audit.map((entry) => entry.action)).toEqual(['seal-override-missing-components', 'dossier-status']);
    expect(JSON.parse(audit[0]!.detail!)).toEqual({ missing: ['Đơn đề nghị thay đổi, bổ sung, cấp lại Giấy chứng nhận hoạt động (theo mẫu)'], reason: 'Công dân nộp bản giấy, số hóa sau' });
    expect(JSON.parse(audit[1]!.detail!)).toMatchObject({ code: sealed.code, from: null, to: 2, by: 'Cán bộ tiếp nhận' });
    expect(audit[1]!.prevHash).toBe(audit[0]!.hash);
    expect(audit[0]!.hash).toMatch(/^[0-9a-f]{64}$/);

    // Sealing again changes nothing and issues no new number.
    expect(await sealDossier(db, dossierId, { now: fromVietnamClock('2026-03-03', 9, 0) })).toEqual(sealed);
    expect(await db.auditLog.count()).toBe(2);
  });

  it('issues distinct consecutive codes when many dossiers are sealed at once on one desk', async () => {
    const db = await makeDesk('concurrent');
    await db.settings.put({ key: RECEIPT_SETTINGS_KEY, value: { dossierCode: { agencyCode: '000.00.16.H27', deskSlot: 2, deskCount: 4 } } });
    const ids = await Promise.all(Array.from({ length: 12 }, () => savedDossier(db, [0])));
    const now = fromVietnamClock('2026-03-02', 10, 0);
    const results = await Promise.all(ids.map((id) => sealDossier(db, id, { now })));
    const sequences = results.map((result) => Number(result.code.slice(-4))).sort((a, b) => a - b);
    // Desk slot 2 of 4 owns 4999–7497 of the daily sequence.
    expect(sequences).toEqual(Array.from({ length: 12 }, (_, i) => 4999 + i));
  });

  it('refuses a draft dossier in Vietnamese', async () => {
    const db = await makeDesk('draft');
    const dossierId = await savedDossier(db, [0]);
    await db.dossiers.update(dossierId, { status: 'draft' });
    await expect(sealDossier(db, dossierId)).rejects.toThrow('Hãy lưu thông tin người nộp hồ sơ trước khi tiếp nhận.');
  });

  it('counts the due date with the override file configured at the desk', async () => {
    const db = await makeDesk('holidays');
    const dossierId = await savedDossier(db, [0]);
    // A day off announced after the app was installed: Friday 13/03/2026 (test data, not a real announcement).
    await db.settings.put({ key: HOLIDAY_OVERRIDES_KEY, value: { version: 1, years: [{ year: 2026, source: 'Thông báo thử', daysOff: [{ date: '2026-03-13', name: 'Nghỉ theo thông báo' }] }] } });
    const sealed = await sealDossier(db, dossierId, { now: fromVietnamClock('2026-03-02', 9, 30) });
    expect(toVietnamClock(new Date(sealed.dueAt)).date).toBe('2026-03-17');
    await db.settings.put({ key: HOLIDAY_OVERRIDES_KEY, value: { version: 1, years: [{ year: 2026, daysOff: [{ date: '13/03/2026' }] }] } });
    await expect(sealDossier(db, await savedDossier(db, [0]))).rejects.toThrow(/Tệp ngày nghỉ không hợp lệ/);
  });

  it('keeps the status history in the audit log and refuses to seal a refused dossier', async () => {
    const db = await makeDesk('status');
    const dossierId = await savedDossier(db, [0]);
    const at = fromVietnamClock('2026-03-02', 9, 0);
    await db.transaction('rw', db.auditLog, db.dossiers, async () => {
      await recordStatusChange(db, dossierId, 1, { by: 'canbo01', at });
      await recordStatusChange(db, dossierId, 3, { by: 'canbo01', at, reason: 'Không thuộc thẩm quyền' });
    });
    expect((await db.dossiers.get(dossierId))?.portalStatus).toBe(3);
    await expect(db.transaction('rw', db.auditLog, db.dossiers, () => recordStatusChange(db, dossierId, 2, { by: 'canbo01', at }))).rejects.toThrow(
      'Không thể chuyển hồ sơ từ «Không được tiếp nhận» sang «Được tiếp nhận». Hồ sơ đã kết thúc, không thể chuyển tiếp.',
    );
    expect((await readStatusHistory(db, dossierId)).map((change) => [change.from, change.to, change.by, change.reason])).toEqual([
      [null, 1, 'canbo01', undefined],
      [1, 3, 'canbo01', 'Không thuộc thẩm quyền'],
    ]);
    await expect(sealDossier(db, dossierId, { now: at })).rejects.toThrow(/đã bị từ chối tiếp nhận/);

    const other = await savedDossier(db, [0]);
    await sealDossier(db, other, { now: at });
    expect(await readStatusHistory(db, other)).toMatchObject([{ from: null, to: 2, by: 'Cán bộ tiếp nhận' }]);
    expect((await db.dossiers.get(other))?.portalStatus).toBe(2);
    expect(await db.dossiers.where('portalStatus').equals(2).count()).toBe(1);
  });
});
