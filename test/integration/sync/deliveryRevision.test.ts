/**
 * A dossier sent back and scanned again travels from the desk's outbox to the office hub as its
 * next revision: the real `enqueueDelivery` and sync engine against the real hub. Rescanned before
 * any send-back, the hub refuses it as a conflict; after the supervisor sends it back, revision 2
 * is delivered, its files are the hub's current ones and the supervisor's queue has it pending.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { useCleanups } from '../../support/useCleanups';
import { DeskDatabase } from '../../../renderer/db/database';
import type { Dossier, StoredFile } from '../../../renderer/db/types';
import { applyStatusChanges } from '../../../renderer/operations/sync/applyStatusChanges';
import { enqueueDelivery } from '../../../renderer/operations/sync/enqueueDelivery';
import { createSyncEngine } from '../../../renderer/operations/sync/createSyncEngine';
import type { TusFileUpload } from '../../../renderer/operations/sync/uploadFileWithTus';
import { createGatewayClient } from '../../../preload/shared/sync/createGatewayClient';
import { sha256Hex } from '../../../preload/shared/bytes/sha256Hex';
import { patternBytes } from '../../support/sync/patternBytes';
import { startTestHub } from '../../support/sync/startTestHub';

const cleanups = useCleanups();

const at = Date.UTC(2026, 11, 3, 2, 0, 0);
const ID = '5e1d0000-0000-4000-8000-0000000000d1';
const CODE = '000.00.16.H27-261203-0001';

async function scanned(seed: number, size: number): Promise<StoredFile> {
  const bytes = patternBytes(size, seed);
  return { id: `file-${seed}`, dossierId: ID, componentId: 'c1', name: `${CODE}_thanh-phan-1.pdf`, mime: 'application/pdf', data: new Blob([bytes]), sha256: await sha256Hex(bytes), createdAt: at };
}

describe('a rescanned dossier delivered again by the desk', () => {
  it('goes to the hub as revision 2 once the supervisor sent revision 1 back, and only then', async () => {
    const dir = await cleanups.tempDir('motcua-revision-');
    const gateway = await startTestHub({ dir });
    cleanups.defer(() => gateway.close());
    const supervisor = await gateway.hub.store.redeemEnrolmentCode((await gateway.hub.store.createEnrolmentCode({ deskName: 'Bàn lãnh đạo', role: 'supervisor' })).code);
    const db = new DeskDatabase(`revision-${crypto.randomUUID()}`);
    cleanups.defer(async () => db.close());
    await db.applicants.put({ id: 'a1', idNumber: '001203004567', fullName: 'Nguyễn Văn An', source: 'manual', createdAt: at, updatedAt: at });
    const dossier: Dossier = { id: ID, code: CODE, procedureCode: '1.004366', applicantId: 'a1', status: 'saved', training: false, createdAt: at, updatedAt: at, receivedAt: at, dueAt: at + 86_400_000, pageCount: 1, digitizedAt: at };
    const digitized = (file: StoredFile, when: number) =>
      db.transaction('rw', [db.dossiers, db.files, db.outbox, db.applicants, db.users, db.reviews], async () => {
        await db.dossiers.put(dossier);
        await db.files.put(file);
        return enqueueDelivery(db, dossier, [file], when);
      });
    const engine = createSyncEngine({
      db,
      client: createGatewayClient({ serverUrl: gateway.url, token: gateway.token }),
      token: gateway.token,
      async upload(file: TusFileUpload) {
        const reply = await fetch(file.uploadUrl, {
          method: 'PATCH',
          headers: { 'Tus-Resumable': '1.0.0', 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream', Authorization: `Bearer ${gateway.token}` },
          body: await file.data.arrayBuffer(),
        });
        if (reply.status !== 204) throw new Error(`PATCH ${file.name}: HTTP ${reply.status}`);
      },
    });
    const outbox = () => db.outbox.get(ID);
    const deliverNow = async () => {
      engine.start();
      await expect.poll(async () => (await outbox())?.state, { timeout: 20_000 }).not.toMatch(/^(queued|sending)$/);
      await engine.stop();
    };

    const first = await scanned(1, 120_000);
    await digitized(first, at);
    await deliverNow();
    expect(await outbox()).toMatchObject({ state: 'delivered' });
    expect(await outbox()).not.toHaveProperty('revision');

    // Scanned again before the supervisor sent it back: nothing is queued (the hub would refuse it),
    // the delivery stays on record, and the hub keeps revision 1.
    const early = await scanned(2, 118_000);
    expect(await digitized(early, at + 10)).toMatchObject({ state: 'delivered' });
    expect(await outbox()).not.toHaveProperty('revision');
    expect(await gateway.hub.store.dossier(ID)).toMatchObject({ revision: 1, files: [{ sha256: first.sha256 }] });

    // Sent back at the hub; the desk learns it from its status feed, as its sync worker does.
    await gateway.hub.office.decide(supervisor.desk, { decisionId: crypto.randomUUID(), dossierId: ID, state: 'rescan', reason: 'Trang 1 bị mờ, quét lại', reviewer: 'Phạm Lãnh Đạo' });
    const feed = await createGatewayClient({ serverUrl: gateway.url, token: gateway.token }).pullStatus(0, 200);
    await applyStatusChanges(db, feed.changes, feed.cursor);
    expect(await db.reviews.get(ID)).toMatchObject({ state: 'rescan', reason: 'Trang 1 bị mờ, quét lại' });
    const rescan = await scanned(3, 125_000);
    expect(await digitized(rescan, at + 20)).toMatchObject({ state: 'queued', revision: 2 });
    await deliverNow();
    expect(await outbox()).toMatchObject({ state: 'delivered', revision: 2 });

    const atHub = (await gateway.hub.store.dossier(ID))!;
    expect(atHub).toMatchObject({ revision: 2, files: [{ name: rescan.name, sha256: rescan.sha256, size: 125_000 }] });
    expect(atHub.deliveredAt).not.toBeNull();
    expect(await gateway.fileSha256(ID, rescan.name)).toBe(rescan.sha256);
    const queue = await gateway.hub.office.dossiers({ review: 'pending' }, { offset: 0, limit: 10 });
    expect(queue.dossiers.map((row) => [row.id, row.revision, row.delivered, row.review])).toEqual([[ID, 2, true, null]]);
  });
});
