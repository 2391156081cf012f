import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DeskDatabase } from '../../../renderer/db/database';
import type { Dossier, StoredFile } from '../../../renderer/db/types';
import { enqueueDelivery } from '../../../renderer/operations/sync/enqueueDelivery';
import { DossierDeclaration } from '../../../main/hub/dossierDeclaration';

const at = Date.UTC(2026, 11, 3, 2, 0, 0);

describe('the declaration names the officer who received the dossier', () => {
  it("carries the officer's account id and name, which the hub accepts; a dossier without an officer carries none", async () => {
    const db = new DeskDatabase(`officer-${crypto.randomUUID()}`);
    await db.applicants.put({ id: 'a1', idNumber: '001203004567', fullName: 'Nguyễn Văn An', source: 'manual', createdAt: at, updatedAt: at });
    await db.users.put({ id: 'u-lan', username: 'lan', displayName: 'Nguyễn Thị Lan', role: 'officer', createdAt: at, updatedAt: at });
    const dossier = (id: string, officerId?: string): Dossier => ({
      id,
      code: '000.00.16.H27-261203-0007',
      procedureCode: '1.004366',
      applicantId: 'a1',
      status: 'saved',
      training: false,
      createdAt: at,
      updatedAt: at,
      receivedAt: at,
      dueAt: at + 86_400_000,
      pageCount: 1,
      ...(officerId ? { officerId } : {}),
    });
    const files: StoredFile[] = [{ id: 'f1', dossierId: 'd', componentId: 'c1', name: 'don.pdf', mime: 'application/pdf', data: new Blob(['%PDF-1.7 x']), sha256: 'a'.repeat(64), createdAt: at }];
    const scope = [db.outbox, db.applicants, db.dossiers, db.users];
    const withOfficer = await db.transaction('rw', scope, () => enqueueDelivery(db, dossier('d1', 'u-lan'), files, at));
    expect(withOfficer!.metadata!.officer).toEqual({ id: 'u-lan', name: 'Nguyễn Thị Lan' });
    expect(DossierDeclaration.safeParse(withOfficer!.metadata).success).toBe(true);
    const without = await db.transaction('rw', scope, () => enqueueDelivery(db, dossier('d2'), files, at));
    expect(without!.metadata).not.toHaveProperty('officer');
    expect(DossierDeclaration.safeParse(without!.metadata).success).toBe(true);
    db.close();
  });
});
