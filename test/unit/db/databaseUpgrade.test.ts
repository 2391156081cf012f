import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { DeskDatabase } from '../../../renderer/db/database';

describe('database upgrades', () => {
  it('v5 moves a dossier\'s files fingerprint from its old field name and leaves others alone', async () => {
    const name = `upgrade-${crypto.randomUUID()}`;
    // A profile as version 4 wrote it (Dexie stores version n as IndexedDB version n × 10).
    const old = new Dexie(name);
    old.version(4).stores({ dossiers: 'id, code, procedureCode, applicantId, status, portalStatus, createdAt, updatedAt, receivedAt, dueAt, officerId' });
    await old.table('dossiers').bulkAdd([
      { id: 'd1', code: 'A-1', sealFingerprint: 'ABCDE-12345', updatedAt: 1 },
      { id: 'd2', code: 'A-2', updatedAt: 2 },
    ]);
    old.close();

    const db = new DeskDatabase(name);
    const [d1, d2] = await db.dossiers.bulkGet(['d1', 'd2']);
    expect(d1).toMatchObject({ id: 'd1', filesFingerprint: 'ABCDE-12345' });
    expect(d1).not.toHaveProperty('sealFingerprint');
    expect(d2).toEqual({ id: 'd2', code: 'A-2', updatedAt: 2 });
    db.close();
  });
});
