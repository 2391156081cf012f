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
});
