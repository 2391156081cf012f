import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DeskDatabase } from '../../../renderer/db/database';
import type { Dossier, StoredFile } from '../../../renderer/db/types';
import { enqueueDelivery } from '../../../renderer/operations/sync/enqueueDelivery';

const at = Date.UTC(2026, 11, 1, 2, 0, 0);

function dossier(id: string, training = false): Dossier {
  return { id, code: '000.00.16.H27-261201-0007', procedureCode: '1.004366', applicantId: 'a1', status: 'saved', training, createdAt: at, updatedAt: at, receivedAt: at, dueAt: at + 86_400_000, pageCount: 2, filesFingerprint: 'ABCDE-12345' };
}

function file(id: string, name: string): StoredFile {
  return { id, dossierId: 'd', componentId: id, name, mime: 'application/pdf', data: new Blob(['%PDF-1.7 ' + id]), sha256: id.padEnd(64, '0'), createdAt: at };
}

describe('enqueueDelivery', () => {
  it('freezes the declaration, makes file names unique and never queues training dossiers', async () => {
    const db = new DeskDatabase(`enqueue-${crypto.randomUUID()}`);
    await db.applicants.put({ id: 'a1', idNumber: '001203004567', fullName: 'Nguyễn Văn An', address: 'Hà Nội', source: 'manual', createdAt: at, updatedAt: at });
    const files = [file('f1', 'to-khai.pdf'), file('f2', 'to-khai.pdf')];
    const item = await db.transaction('rw', [db.outbox, db.applicants, db.dossiers], () => enqueueDelivery(db, dossier('d1'), files, at));
    expect(item).toMatchObject({ id: 'd1', state: 'queued', declared: false, bytesSent: 0 });
    expect(item!.files!.map((f) => f.name)).toEqual(['to-khai.pdf', 'to-khai-2.pdf']);
    expect(item!.metadata).toMatchObject({ receivedAt: '20261201090000', dueAt: '20261202090000', applicant: { idNumber: '001203004567', fullName: 'Nguyễn Văn An', address: 'Hà Nội' }, filesFingerprint: 'ABCDE-12345' });
    expect(item!.bytesTotal).toBe(files.reduce((sum, f) => sum + f.data.size, 0));

    expect(await enqueueDelivery(db, dossier('d2', true), files, at)).toBeUndefined();
    expect(await db.outbox.get('d2')).toBeUndefined();

    // Once the server knows the dossier, a later digitization does not replace what was declared.
    await db.outbox.update('d1', { declared: true });
    const again = await enqueueDelivery(db, dossier('d1'), [file('f3', 'khac.pdf')], at + 1);
    expect(again!.files!.map((f) => f.fileId)).toEqual(['f1', 'f2']);
    db.close();
  });

  it('queues a delivered dossier again as the next revision only when its files are other bytes', async () => {
    const db = new DeskDatabase(`enqueue-${crypto.randomUUID()}`);
    await db.applicants.put({ id: 'a1', idNumber: '001203004567', fullName: 'Nguyễn Văn An', source: 'manual', createdAt: at, updatedAt: at });
    const enqueue = (files: StoredFile[], when: number) => db.transaction('rw', [db.outbox, db.applicants, db.dossiers, db.reviews], () => enqueueDelivery(db, dossier('d1'), files, when));
    const sentBack = (when: number) => db.reviews.put({ dossierId: 'd1', state: 'rescan', reason: 'Trang 2 bị mờ', reviewerId: 'r1', decidedAt: when });
    const delivered = async () => db.outbox.update('d1', { state: 'delivered', declared: true, deliveredAt: at + 5 });

    const first = await enqueue([file('f1', 'to-khai.pdf'), file('f2', 'giay-to.pdf')], at);
    expect(first).not.toHaveProperty('revision');
    await delivered();
    // The same bytes digitized again (new file records, other order): the delivery stays as it is.
    const same = await enqueue([{ ...file('f2', 'giay-to.pdf'), id: 'g2' }, { ...file('f1', 'to-khai.pdf'), id: 'g1' }], at + 10);
    expect(same).toMatchObject({ state: 'delivered', deliveredAt: at + 5 });
    expect(same).not.toHaveProperty('revision');

    // Other bytes without a send-back (a page turned after delivery): the hub would refuse them, so the delivery stays.
    expect(await enqueue([file('f1', 'to-khai.pdf'), file('f3', 'giay-to.pdf')], at + 12)).toMatchObject({ state: 'delivered', deliveredAt: at + 5 });
    // A send-back decided before this delivery does not count either.
    await sentBack(at + 1);
    expect(await enqueue([file('f1', 'to-khai.pdf'), file('f3', 'giay-to.pdf')], at + 13)).toMatchObject({ state: 'delivered' });

    // Rescanned after a send-back: one file has other bytes, so revision 2 is queued with the new files.
    await sentBack(at + 15);
    const second = await enqueue([file('f1', 'to-khai.pdf'), file('f4', 'giay-to.pdf')], at + 20);
    expect(second).toMatchObject({ id: 'd1', state: 'queued', declared: false, revision: 2, createdAt: at, bytesSent: 0 });
    expect(second!.metadata!.files.map((f) => f.sha256)).toEqual(['f1'.padEnd(64, '0'), 'f4'.padEnd(64, '0')]);
    expect(second!.metadata).not.toHaveProperty('revision');
    expect(await db.outbox.get('d1')).toEqual(second);
    // Digitized once more before it was declared: rebuilt, still revision 2.
    expect(await enqueue([file('f5', 'to-khai.pdf'), file('f4', 'giay-to.pdf')], at + 30)).toMatchObject({ revision: 2, state: 'queued' });
    // Declared but not delivered yet: other files leave it alone.
    await db.outbox.update('d1', { declared: true });
    expect(await enqueue([file('f6', 'to-khai.pdf')], at + 40)).toMatchObject({ revision: 2, declared: true });
    // Delivered, then sent back again: revision 3.
    await db.outbox.update('d1', { state: 'delivered', declared: true, deliveredAt: at + 45 });
    await sentBack(at + 46);
    expect(await enqueue([file('f7', 'to-khai.pdf')], at + 50)).toMatchObject({ revision: 3, state: 'queued', declared: false });
    db.close();
  });
});
