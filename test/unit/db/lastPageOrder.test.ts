import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { lastPageOrder } from '../../../renderer/db/queries/pages';
import { countingEncryptedDatabase } from '../../support/db/countingEncryptedDatabase';

function page(id: string, dossierId: string, order: number) {
  return { id, dossierId, componentId: 'c', order, image: new Blob([new Uint8Array(64).fill(order)], { type: 'image/png' }), mime: 'image/png', dpi: 200, rotation: 0 as const, source: 'test', createdAt: 0 };
}

describe('lastPageOrder', () => {
  it('reads the highest order of one dossier from the index, without opening any sealed image', async () => {
    const { db, keyUses } = await countingEncryptedDatabase('last-order');
    expect(await lastPageOrder(db, 'd1')).toBe(0);
    await db.pages.bulkAdd([page('a', 'd1', 1), page('b', 'd1', 7), page('c', 'd1', 3), page('d', 'd2', 12)]);
    const afterWrites = keyUses();
    expect(await lastPageOrder(db, 'd1')).toBe(7);
    expect(await lastPageOrder(db, 'd2')).toBe(12);
    expect(await lastPageOrder(db, 'd3')).toBe(0);
    // The key was never asked for: no record was opened.
    expect(keyUses()).toBe(afterWrites);
    // Reading a page the ordinary way does open it.
    expect((await db.pages.get('b'))?.order).toBe(7);
    expect(keyUses()).toBeGreaterThan(afterWrites);
    db.close();
  });
});
