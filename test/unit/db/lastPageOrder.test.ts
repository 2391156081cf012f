import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DeskDatabase } from '../../../renderer/db/database';
import { lastPageOrder } from '../../../renderer/db/lastPageOrder';
import { createEncryptionMiddleware, PERSONAL_FIELDS } from '../../../renderer/db/sealing/encryptionMiddleware';
import { importDataKey } from '../../../renderer/db/sealing/fieldCipher';

function page(id: string, dossierId: string, order: number) {
  return { id, dossierId, componentId: 'c', order, image: new Blob([new Uint8Array(64).fill(order)], { type: 'image/png' }), mime: 'image/png', dpi: 200, rotation: 0 as const, source: 'test', createdAt: 0 };
}

describe('lastPageOrder', () => {
  it('reads the highest order of one dossier from the index, without opening any sealed image', async () => {
    const db = new DeskDatabase(`last-order-${crypto.randomUUID()}`);
    let opened = 0;
    const key = await importDataKey(new Uint8Array(32).fill(7));
    db.use(createEncryptionMiddleware(PERSONAL_FIELDS, async () => {
      opened += 1;
      return key;
    }));
    expect(await lastPageOrder(db, 'd1')).toBe(0);
    await db.pages.bulkAdd([page('a', 'd1', 1), page('b', 'd1', 7), page('c', 'd1', 3), page('d', 'd2', 12)]);
    const afterWrites = opened;
    expect(await lastPageOrder(db, 'd1')).toBe(7);
    expect(await lastPageOrder(db, 'd2')).toBe(12);
    expect(await lastPageOrder(db, 'd3')).toBe(0);
    // The key was never asked for: no record was opened.
    expect(opened).toBe(afterWrites);
    // Reading a page the ordinary way does open it.
    expect((await db.pages.get('b'))?.order).toBe(7);
    expect(opened).toBeGreaterThan(afterWrites);
    db.close();
  });
});
