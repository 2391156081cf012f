/**
 * The outbox reads the next file (IndexedDB, then opening the sealed bytes) while the current one
 * is sent, so reading and sending overlap; here the engine runs under Node against the office
 * hub, with real tus PATCH requests.
 */
import 'fake-indexeddb/auto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DeskDatabase } from '../../../renderer/db/database';
import type { Dossier, StoredFile } from '../../../renderer/db/types';
import { enqueueDelivery } from '../../../renderer/operations/sync/enqueueDelivery';
import { createSyncEngine } from '../../../renderer/operations/sync/createSyncEngine';
import type { TusFileUpload } from '../../../renderer/operations/sync/uploadFileWithTus';
import { createGatewayClient } from '../../../preload/shared/sync/createGatewayClient';
import { sha256Hex } from '../../../preload/shared/bytes/sha256Hex';
import { startTestHub, type TestHub } from '../../support/sync/startTestHub';
import { patternBytes } from '../../support/sync/patternBytes';

const at = Date.UTC(2026, 11, 1, 2, 0, 0);
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function queue(db: DeskDatabase, n: number, sizes: number[]): Promise<string[]> {
  const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  const code = `000.00.16.H27-261201-${String(n).padStart(4, '0')}`;
  const files: StoredFile[] = await Promise.all(
    sizes.map(async (size, f) => {
      const bytes = patternBytes(size, n * 31 + f);
      return { id: `${id}-f${f}`, dossierId: id, componentId: `${id}-c${f}`, name: `${code}_thanh-phan-${f + 1}.pdf`, mime: 'application/pdf', data: new Blob([bytes]), sha256: await sha256Hex(bytes), createdAt: at };
    }),
  );
  const dossier: Dossier = { id, code, procedureCode: '1.004366', applicantId: 'a1', status: 'saved', training: false, createdAt: at, updatedAt: at, receivedAt: at, dueAt: at + 86_400_000, pageCount: sizes.length, digitizedAt: at };
  await db.transaction('rw', [db.dossiers, db.files, db.outbox, db.applicants], async () => {
    await db.dossiers.put(dossier);
    await db.files.bulkPut(files);
    await enqueueDelivery(db, dossier, files, at + n);
  });
  return files.map((file) => file.id);
}

/** A plain tus PATCH of the whole file from offset 0. */
async function patch(file: TusFileUpload, token: string): Promise<void> {
  const reply = await fetch(file.uploadUrl, {
    method: 'PATCH',
    headers: { 'Tus-Resumable': '1.0.0', 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream', Authorization: `Bearer ${token}` },
    body: await file.data.arrayBuffer(),
  });
  if (reply.status !== 204) throw new Error(`PATCH ${file.name}: HTTP ${reply.status}`);
}

describe('reading ahead while sending', () => {
  it('has read the next file, in the same dossier or the next one, by the time the current one is sent, and each file once', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'motcua-read-ahead-'));
    const gateway: TestHub = await startTestHub({ dir });
    const db = new DeskDatabase(`read-ahead-${crypto.randomUUID()}`);
    cleanups.push(async () => {
      db.close();
      await gateway.close();
      await rm(dir, { recursive: true, force: true });
    });
    await db.applicants.put({ id: 'a1', idNumber: '001203004567', fullName: 'Nguyễn Văn An', source: 'manual', createdAt: at, updatedAt: at });
    const order = [...(await queue(db, 1, [40_000, 30_000])), ...(await queue(db, 2, [50_000])), ...(await queue(db, 3, [20_000]))];

    const reads: string[] = [];
    db.files.hook('reading', (record: StoredFile) => {
      reads.push(record.id);
      return record;
    });
    const readWhenSent: string[][] = [];
    const sent: string[] = [];
    const engine = createSyncEngine({
      db,
      client: createGatewayClient({ serverUrl: gateway.url, token: gateway.token }),
      token: gateway.token,
      async upload(file) {
        sent.push(file.name);
        await patch(file, gateway.token);
        // A link slower than loopback: the time the read ahead has to finish in.
        await new Promise((resolve) => setTimeout(resolve, 50));
        readWhenSent.push([...reads]);
      },
      pullIntervalMs: 60_000,
    });
    engine.start();
    await expect.poll(async () => (await db.outbox.where('state').equals('delivered').count()), { timeout: 20_000 }).toBe(3);
    await engine.stop();

    expect(sent).toHaveLength(4);
    // Once file k is sent, file k+1 has been read already (the last one has nothing after it).
    readWhenSent.forEach((seen, k) => {
      expect(seen).toContain(order[k]);
      if (k + 1 < order.length) expect(seen).toContain(order[k + 1]);
    });
    expect([...reads].sort()).toEqual([...order].sort());
    const delivered = [...(await gateway.dossiers()).values()].filter((dossier) => dossier.deliveredAt);
    expect(delivered.map((dossier) => dossier.id.slice(-1)).sort()).toEqual(['1', '2', '3']);
  });
});
