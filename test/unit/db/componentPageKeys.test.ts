import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { componentPageKeys } from '../../../renderer/db/queries/pages';
import { countingEncryptedDatabase } from '../../support/db/countingEncryptedDatabase';
import { movePage, assignPages } from '../../../renderer/operations/dossier/dossierDrafts';

function page(id: string, dossierId: string, componentId: string, order: number) {
  return { id, dossierId, componentId, order, image: new Blob([new Uint8Array(64).fill(order)], { type: 'image/png' }), mime: 'image/png', dpi: 200, rotation: 0 as const, source: 'test', createdAt: 0 };
}

async function encryptedDatabase() {
  const { db, keyUses } = await countingEncryptedDatabase('component-keys');
  await db.pages.bulkAdd([page('a', 'd1', 'c1', 1), page('b', 'd1', 'c2', 2), page('c', 'd1', 'c1', 3), page('d', 'd1', 'c1', 5), page('e', 'd2', 'c1', 4)]);
  return { db, opened: keyUses };
}

describe('componentPageKeys', () => {
  it('lists a component of one dossier in page order from the indexes, opening no sealed record', async () => {
    const { db, opened } = await encryptedDatabase();
    const before = opened();
    expect(await componentPageKeys(db, 'd1', 'c1')).toEqual([{ id: 'a', order: 1 }, { id: 'c', order: 3 }, { id: 'd', order: 5 }]);
    expect(await componentPageKeys(db, 'd1', 'c1', 3)).toEqual([{ id: 'c', order: 3 }, { id: 'd', order: 5 }]);
    expect(await componentPageKeys(db, 'd1', 'c3')).toEqual([]);
    expect(opened()).toBe(before);
    db.close();
  });

  it('backs moving a page within its component and splitting a batch from a page on', async () => {
    const { db } = await encryptedDatabase();
    await movePage(db, 'c', 1);
    expect((await componentPageKeys(db, 'd1', 'c1')).map((p) => p.id)).toEqual(['a', 'd', 'c']);
    await movePage(db, 'a', -1);
    expect((await componentPageKeys(db, 'd1', 'c1')).map((p) => p.id)).toEqual(['a', 'd', 'c']);
    await db.components.bulkAdd(['c1', 'c2'].map((id, order) => ({ id, dossierId: 'd1', componentId: `tp-${id}`, name: id, form: 'original' as const, required: true, order })));
    // Split from 'd' (now order 3): it and the later 'c' go to c2, 'a' stays.
    await assignPages(db, 'd', 'c2', true);
    expect((await componentPageKeys(db, 'd1', 'c1')).map((p) => p.id)).toEqual(['a']);
    expect((await componentPageKeys(db, 'd1', 'c2')).map((p) => p.id)).toEqual(['b', 'd', 'c']);
    // The other dossier's page of the same component id is untouched.
    expect((await db.pages.get('e'))?.componentId).toBe('c1');
    db.close();
  });
});
