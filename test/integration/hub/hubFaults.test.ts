/**
 * The office hub under faults while desks keep delivering: the hub process killed with SIGKILL in
 * the middle of uploads and restarted on the same data, its PostgreSQL server restarted mid-run,
 * its files folder on a small tmpfs filled up, its database away when a desk asks where to resume
 * an upload, a revoked desk, a desk writing another desk's dossier. The desks are the real sync
 * worker in Chromium (test/support/hub/startChromiumDesks.ts). At the end of each: every declared
 * dossier delivered exactly once, none twice, and every stored file's SHA-256 computed again from
 * the bytes in the hub's files folder.
 */
import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { useCleanups } from '../../support/useCleanups';
import { startHub } from '../../../main/hub/startHub';
import { createDiskGuard, diskFullFailure } from '../../../main/hub/createDiskGuard';
import { createGatewayClient } from '../../../preload/shared/sync/createGatewayClient';
import { sha256Hex } from '../../../preload/shared/bytes/sha256Hex';
import { SyncFailure } from '../../../preload/shared/sync/SyncFailure';
import { UploadGone, uploadFileWithTus } from '../../../renderer/operations/sync/uploadFileWithTus';
import { patternBytes } from '../../support/sync/patternBytes';
import { startPostgresCluster } from '../../support/hub/startPostgresCluster';
import { enrolDesk, freePort, startHubProcess, type HubProcess } from '../../support/hub/startHubProcess';
import { startChromiumDesks, type ChromiumDesk, type SeededDossier } from '../../support/hub/startChromiumDesks';
import { partialUploads, readHubHoldings, type HubHoldings } from '../../support/hub/hubHoldings';
import { startFaultProxy } from '../../support/sync/startFaultProxy';

const run = promisify(execFile);
const cleanups = useCleanups({ ignoreErrors: true });

const tempDir = () => cleanups.tempDir('motcua-hub-faults-');

async function poll<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number, what: string, everyMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not reached in ${timeoutMs} ms (last: ${JSON.stringify(value)})`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Every dossier the desks declared is at the hub exactly once, delivered, with every file's bytes right. */
function expectDeliveredOnce(holdings: HubHoldings, seeded: SeededDossier[]): void {
  expect([...holdings.dossiers.keys()].sort()).toEqual(seeded.map((dossier) => dossier.id).sort());
  for (const dossier of seeded) {
    const held = holdings.dossiers.get(dossier.id)!;
    expect(held.delivered, dossier.code).toBe(true);
    expect(held.code).toBe(dossier.code);
    expect(holdings.auditCounts.get('declare')?.get(dossier.id), `declared ${dossier.code}`).toBe(1);
    expect(holdings.auditCounts.get('deliver')?.get(dossier.id), `delivered ${dossier.code}`).toBe(1);
    for (const file of dossier.files) {
      expect(held.files.get(file.name)?.storedSha256, file.name).toBe(file.sha256);
      expect(held.files.get(file.name)?.storedSize).toBe(file.size);
      expect(holdings.storedCounts.get(`${dossier.id}/${file.name}`), `stored once ${file.name}`).toBe(1);
    }
  }
  expect(holdings.auditBroken).toBe(false);
}

async function openDesks(serverUrl: string, names: string[]): Promise<ChromiumDesk[]> {
  const desks = await startChromiumDesks(serverUrl);
  cleanups.defer(() => desks.close());
  const opened: ChromiumDesk[] = [];
  for (const name of names) opened.push(await desks.open(name));
  return opened;
}

/** Each desk's dossiers: a thick scan and a thin one, a few MB each, ids and codes of its own. */
const sizesFor = (count: number, desk: number) => Array.from({ length: count }, (_, i) => [2_400_000 + ((i * 7919 + desk * 104_729) % 900_000), 300_000 + i * 1_000]);

/** Waits until an upload is half-way in the files folder (one not seen there before), the moment to strike. */
const midUpload = (filesDir: string, seen: ReadonlySet<string> = new Set()) =>
  poll(() => partialUploads(filesDir), (partial) => partial.some((upload) => !seen.has(`${upload.id}@${upload.offset}`)), 60_000, 'an upload in flight', 5);

describe('the hub process killed with SIGKILL in the middle of uploads', () => {
  it('loses, duplicates and corrupts nothing across three kills and restarts on the same data', async () => {
    const dataDir = await tempDir();
    const filesDir = path.join(dataDir, 'files');
    const port = await freePort();
    let hub: HubProcess = await startHubProcess({ dataDir, port });
    cleanups.defer(() => hub.kill());
    const tokens: string[] = [];
    for (const name of ['Bàn 1', 'Bàn 2', 'Bàn 3']) tokens.push((await enrolDesk(hub, dataDir, name)).token);
    const desks = await openDesks(hub.url, ['Bàn 1', 'Bàn 2', 'Bàn 3']);
    const seeded: SeededDossier[] = [];
    for (const [k, desk] of desks.entries()) seeded.push(...(await desk.seed({ sizes: sizesFor(10, k), seed: 31 + k, from: k * 100 })));
    for (const [k, desk] of desks.entries()) await desk.start(tokens[k]!, 2);

    const seen = new Set<string>();
    const struck: Array<Array<{ id: string; offset: number; size: number }>> = [];
    for (let kill = 0; kill < 3; kill += 1) {
      await midUpload(filesDir, seen);
      await hub.kill();
      // What the killed hub left half-way that was not there at the last kill: it died inside uploads.
      const cut = (await partialUploads(filesDir)).filter((upload) => !seen.has(`${upload.id}@${upload.offset}`));
      for (const upload of cut) seen.add(`${upload.id}@${upload.offset}`);
      struck.push(cut);
      hub = await startHubProcess({ dataDir, port });
    }
    for (const desk of desks) await desk.waitForOutbox((view) => view.byState.delivered === 10, 150_000);
    await hub.stop();

    const left = await partialUploads(filesDir);
    console.log(`SIGKILL ×3 over ${seeded.length} dossiers: uploads cut half-way at each kill ${JSON.stringify(struck.map((cut) => cut.map((upload) => `${upload.offset}/${upload.size}`)))}; left half-way at the end (the desk started them again): ${left.length}`);
    for (const cut of struck) expect(cut.length).toBeGreaterThan(0);
    expectDeliveredOnce(await readHubHoldings({ dataDir, filesDir }), seeded);
    for (const desk of desks) expect(desk.errors).toEqual([]);
  }, 240_000);
});

describe('PostgreSQL restarted while desks deliver', () => {
  it('answers a retryable refusal while the database is away and delivers everything once when it is back', async () => {
    const postgres = await startPostgresCluster();
    cleanups.defer(() => postgres.stop());
    const dataDir = await tempDir();
    const filesDir = path.join(dataDir, 'files');
    const hub = await startHubProcess({ dataDir, port: await freePort(), databaseUrl: postgres.url });
    cleanups.defer(() => hub.kill());
    const tokens: string[] = [];
    for (const name of ['Bàn 1', 'Bàn 2']) tokens.push((await enrolDesk(hub, dataDir, name)).token);
    const desks = await openDesks(hub.url, ['Bàn 1', 'Bàn 2']);
    const seeded: SeededDossier[] = [];
    for (const [k, desk] of desks.entries()) seeded.push(...(await desk.seed({ sizes: sizesFor(10, k), seed: 61 + k, from: k * 100 })));
    for (const [k, desk] of desks.entries()) await desk.start(tokens[k]!, 2);

    const refusals: Array<{ status: number; retryAfter: string | null; code?: string }> = [];
    for (let restart = 0; restart < 2; restart += 1) {
      await midUpload(filesDir);
      // Stopped (fast: every session ended), then started again, as `pg_ctl restart` does.
      const restarting = postgres.restart();
      // While it is away, the hub says so in a form the desk retries: 503, Retry-After, a Problem code.
      // Asked of the status feed, which reads the database (the desk's token may be answered from memory).
      const answer = await poll(
        async () => {
          const reply = await fetch(`${hub.url}/api/v1/status?cursor=0`, { headers: { Authorization: `Bearer ${tokens[0]}` } });
          const body = (await reply.json()) as { code?: string };
          return { status: reply.status, retryAfter: reply.headers.get('Retry-After'), ...(body.code ? { code: body.code } : {}) };
        },
        (reply) => reply.status !== 200,
        30_000,
        'a refusal while PostgreSQL restarts',
        2,
      ).catch(() => undefined);
      await restarting;
      if (answer) refusals.push(answer);
    }
    for (const desk of desks) await desk.waitForOutbox((view) => view.byState.delivered === 10, 150_000);
    await hub.stop();

    console.log(`PostgreSQL restarted ×2 mid-upload; refusals seen: ${JSON.stringify(refusals)}`);
    for (const refusal of refusals) expect(refusal).toMatchObject({ status: 503, retryAfter: '5', code: 'hub-database-unavailable' });
    expect(refusals.length).toBeGreaterThan(0);
    expectDeliveredOnce(await readHubHoldings({ dataDir, filesDir, databaseUrl: postgres.url }), seeded);
    for (const desk of desks) expect(desk.errors).toEqual([]);
  }, 240_000);
});

describe('the hub disk full', () => {
  it('refuses uploads with 507 and Retry-After while the disk is full, keeps the dossiers queued, and takes them once there is room', async () => {
    const dir = await tempDir();
    const filesDir = path.join(dir, 'files');
    await mkdir(filesDir);
    // A small file system of its own (we run as root); a missing mount capability fails the test.
    await run('mount', ['-t', 'tmpfs', '-o', 'size=16m,mode=0755', 'tmpfs', filesDir]);
    cleanups.defer(() => run('umount', ['-l', filesDir]));
    // A short wait asked of the desk (30 s by default), so the test sees two refusals and the recovery soon.
    const hub = await startHub({ dataDir: path.join(dir, 'hub'), filesDir, rateLimit: { ratePerSecond: 10_000, burst: 10_000 }, diskFullRetryAfterSeconds: 4 });
    cleanups.defer(() => hub.close());
    const { code } = await hub.store.createEnrolmentCode({ deskName: 'Bàn 1', role: 'desk' });
    const { token } = await hub.store.redeemEnrolmentCode(code);
    const guard = createDiskGuard(filesDir);
    const filler = path.join(filesDir, 'filler');
    const fillTo = async (freeBytes: number) => {
      await rm(filler, { force: true });
      await writeFile(filler, Buffer.alloc(Math.max(0, (await guard.freeBytes()) - freeBytes)));
    };
    await fillTo(1_500_000);

    const [desk] = await openDesks(hub.url, ['Bàn 1']);
    const seeded = await desk!.seed({ sizes: [[3_000_000], [3_000_000], [2_000_000, 500_000]], seed: 81 });
    await desk!.start(token, 2);
    const stuck = await desk!.waitForOutbox((view) => view.items.every((item) => item.state === 'retrying' && item.attempts >= 2), 90_000);
    // What the desk was told, asked the same way: a retryable refusal with a Problem code.
    const creation = await fetch(`${hub.url}/files/`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Tus-Resumable': '1.0.0', 'Upload-Length': String(seeded[0]!.files[0]!.size), 'Upload-Metadata': `dossierId ${btoa(seeded[0]!.id)},name ${btoa(seeded[0]!.files[0]!.name)},sha256 ${btoa(seeded[0]!.files[0]!.sha256)}` },
    });
    expect(creation.status).toBe(507);
    expect(creation.headers.get('Retry-After')).toBe('4');
    const refusal = (await creation.json()) as { code: string; message: string };
    expect(refusal).toMatchObject({ code: 'hub-disk-full', message: expect.stringContaining('hết chỗ lưu tệp') });
    // The officer reads the hub's own reason, and the desk waits as long as the hub asked before it tries again.
    for (const item of stuck.items) {
      expect(item.lastError).toBe(refusal.message);
      expect(item.nextAttemptAt - item.updatedAt).toBeGreaterThanOrEqual(4_000 - 50);
    }
    const statuses = (await desk!.page.evaluate('window.__syncHarness.statuses()')) as Array<{ type: string; status?: { lastError?: string } }>;
    expect(statuses.some((entry) => entry.status?.lastError === refusal.message)).toBe(true);
    // Declared (the database is elsewhere) but nothing stored and nothing delivered.
    for (const dossier of seeded) expect((await hub.store.dossier(dossier.id))?.deliveredAt ?? null).toBeNull();

    await rm(filler);
    await desk!.waitForOutbox((view) => view.byState.delivered === 3, 90_000);
    await hub.close();
    expectDeliveredOnce(await readHubHoldings({ dataDir: path.join(dir, 'hub'), filesDir }), seeded);
  }, 240_000);

  it('keeps what was written when the disk fills in the middle of a PATCH, answers 507, and takes the rest once there is room', async () => {
    const dir = await tempDir();
    const filesDir = path.join(dir, 'files');
    await mkdir(filesDir);
    await run('mount', ['-t', 'tmpfs', '-o', 'size=12m,mode=0755', 'tmpfs', filesDir]);
    cleanups.defer(() => run('umount', ['-l', filesDir]));
    const hub = await startHub({ dataDir: path.join(dir, 'hub'), filesDir });
    cleanups.defer(() => hub.close());
    const { code } = await hub.store.createEnrolmentCode({ deskName: 'Bàn 1', role: 'desk' });
    const { token } = await hub.store.redeemEnrolmentCode(code);
    const bytes = patternBytes(4_000_000, 91);
    const sha256 = await sha256Hex(bytes);
    const id = '0d15cf11-0000-4000-8000-000000000001';
    const name = '000.00.16.H27-261203-0001_thanh-phan-1.pdf';
    const client = createGatewayClient({ serverUrl: hub.url, token });
    await client.declare(id, { code: '000.00.16.H27-261203-0001', procedureCode: '1.004366', receivedAt: '20261203090000', dueAt: '20261210170000', applicant: { idNumber: '001085012345', fullName: 'Nguyễn Thị Lan' }, files: [{ name, sha256, size: bytes.length }] });
    const uploadUrl = await client.createUpload({ dossierId: id, name, sha256, size: bytes.length });

    // The PATCH passes the room check with its first megabyte; then something else takes the disk.
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(uploadUrl, { method: 'PATCH', headers: { Authorization: `Bearer ${token}`, 'Tus-Resumable': '1.0.0', 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream', 'Content-Length': String(bytes.length) } });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', (error) => (req.destroyed ? undefined : reject(error)));
      req.write(bytes.subarray(0, 1_000_000));
      void (async () => {
        await poll(async () => (await partialUploads(filesDir)).length, (count) => count > 0, 10_000, 'first megabyte on disk');
        const guard = createDiskGuard(filesDir);
        // The hub may still be writing the first megabyte while this fills the rest: running out here
        // too leaves the disk just as full, which is the point.
        await writeFile(path.join(filesDir, 'filler'), Buffer.alloc(Math.max(0, (await guard.freeBytes()) - 200_000))).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== 'ENOSPC') throw error;
        });
        req.end(bytes.subarray(1_000_000));
      })().catch(reject);
    });
    expect(status).toBe(507);
    const head = await fetch(uploadUrl, { method: 'HEAD', headers: { Authorization: `Bearer ${token}`, 'Tus-Resumable': '1.0.0' } });
    const kept = Number(head.headers.get('Upload-Offset'));
    expect(kept).toBeGreaterThanOrEqual(1_000_000);
    expect(kept).toBeLessThan(bytes.length);
    expect(await client.commit(id)).toEqual({ delivered: false, missing: [name], notDeclared: false });

    // The desk's tus upload while the disk is still full: refused for a while, with the hub's own words and wait.
    // (tus-js-client under Node reads a Buffer where the desk's worker hands it a Blob.)
    const upload = { uploadUrl, data: Buffer.from(bytes) as unknown as Blob, name, token, onProgress: () => undefined, signal: new AbortController().signal };
    const refused = await uploadFileWithTus(upload).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(SyncFailure);
    expect(refused).toMatchObject({ kind: 'server-busy', retryable: true, retryAfterMs: 30_000, userMessage: diskFullFailure('').userMessage });
    expect(Number((await fetch(uploadUrl, { method: 'HEAD', headers: { Authorization: `Bearer ${token}`, 'Tus-Resumable': '1.0.0' } })).headers.get('Upload-Offset'))).toBe(kept);

    await rm(path.join(filesDir, 'filler'));
    const before = hub.stats.uploadBytesReceived;
    await uploadFileWithTus(upload);
    // Only the rest travelled: the upload went on from the offset the hub kept.
    expect(hub.stats.uploadBytesReceived - before).toBe(bytes.length - kept);
    expect(await client.commit(id)).toEqual({ delivered: true });
    await hub.close();
    const holdings = await readHubHoldings({ dataDir: path.join(dir, 'hub'), filesDir });
    expect(holdings.dossiers.get(id)?.files.get(name)?.storedSha256).toBe(sha256);
  });
});

describe('the database away when the desk asks where to resume an upload', () => {
  it('keeps the upload and its URL, waits as the hub asked, and resumes from the hub\'s offset: the file crosses once', async () => {
    const postgres = await startPostgresCluster();
    cleanups.defer(() => postgres.stop());
    const dir = await tempDir();
    const hub = await startHub({ dataDir: dir, databaseUrl: postgres.url, rateLimit: { ratePerSecond: 10_000, burst: 10_000 } });
    cleanups.defer(() => hub.close());
    const { code } = await hub.store.createEnrolmentCode({ deskName: 'Bàn 1', role: 'desk' });
    const { token } = await hub.store.redeemEnrolmentCode(code);
    // A slow link, so the upload is in the middle when it is cut.
    const link = await startFaultProxy({ target: hub.url, faults: { patchBytesPerSecond: 3_000_000 } });
    cleanups.defer(() => link.close());
    const [desk] = await openDesks(link.url, ['Bàn 1']);
    const size = 12_000_000;
    const seeded = await desk!.seed({ sizes: [[size]], seed: 121 });
    await desk!.start(token, 1);
    await poll(async () => hub.stats.uploadBytesReceived, (received) => received > 3_000_000, 60_000, 'a quarter of the file at the hub');
    const uploadUrl = (await desk!.outbox()).items[0]!.files![0]!.uploadUrl!;
    expect(uploadUrl).toMatch(/\/files\//);

    // The database goes away, then the link drops inside the PATCH: the desk's next question is the HEAD.
    await postgres.halt();
    link.setFaults({ dropEveryBytes: [1, 2] });
    await poll(async () => link.stats.injected.drop, (drops) => drops > 0, 30_000, 'the PATCH cut');
    link.setFaults({});
    const waiting = await desk!.waitForOutbox((view) => view.items[0]?.state === 'retrying', 60_000);
    const item = waiting.items[0]!;
    // Refused for a while, not gone: the same upload URL, the hub's wait (Retry-After 5) kept, nothing lost.
    expect(item.files![0]!.uploadUrl).toBe(uploadUrl);
    expect(item.nextAttemptAt - item.updatedAt).toBeGreaterThanOrEqual(5_000 - 50);
    expect(item.lastError).toMatch(/^(Máy chủ đang bận nên tạm thời chưa nhận dữ liệu|Cơ sở dữ liệu của máy chủ văn phòng tạm thời không trả lời)/);
    const atCut = hub.stats.uploadBytesReceived;
    expect(atCut).toBeLessThan(size);

    await postgres.start();
    const done = await desk!.waitForOutbox((view) => view.byState.delivered === 1, 90_000);
    expect(done.items[0]!.files![0]!.uploadUrl).toBe(uploadUrl);
    await hub.close();
    const received = hub.stats.uploadBytesReceived;
    console.log(`database away during the resuming HEAD: ${atCut} of ${size} bytes at the hub when cut, ${received} taken in all, ${link.stats.patchBytes} carried by the link, PATCH answers ${JSON.stringify(link.stats.patchStatuses)}; the desk was told "${item.lastError}"`);
    // What the hub took in is the file once (not the part before the cut and then the whole file again).
    expect(received).toBeGreaterThanOrEqual(size);
    expect(received - size).toBeLessThan(size / 10);
    expectDeliveredOnce(await readHubHoldings({ dataDir: dir, filesDir: path.join(dir, 'files'), databaseUrl: postgres.url }), seeded);
    expect(desk!.errors).toEqual([]);
  }, 180_000);

  it('answers the desk\'s tus upload a retryable refusal, not "upload gone", and the next one goes on from the offset', async () => {
    const postgres = await startPostgresCluster();
    cleanups.defer(() => postgres.stop());
    const dir = await tempDir();
    const hub = await startHub({ dataDir: dir, databaseUrl: postgres.url });
    cleanups.defer(() => hub.close());
    const { code } = await hub.store.createEnrolmentCode({ deskName: 'Bàn 1', role: 'desk' });
    const { token } = await hub.store.redeemEnrolmentCode(code);
    const bytes = patternBytes(6_000_000, 131);
    const sha256 = await sha256Hex(bytes);
    const id = '0d15cf11-0000-4000-8000-000000000002';
    const name = '000.00.16.H27-261203-0002_thanh-phan-1.pdf';
    const client = createGatewayClient({ serverUrl: hub.url, token });
    await client.declare(id, { code: '000.00.16.H27-261203-0002', procedureCode: '1.004366', receivedAt: '20261203090000', dueAt: '20261210170000', applicant: { idNumber: '001085012345', fullName: 'Nguyễn Thị Lan' }, files: [{ name, sha256, size: bytes.length }] });
    const uploadUrl = await client.createUpload({ dossierId: id, name, sha256, size: bytes.length });
    // The first 2 MB went before the link broke.
    const first = await fetch(uploadUrl, { method: 'PATCH', headers: { Authorization: `Bearer ${token}`, 'Tus-Resumable': '1.0.0', 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' }, body: bytes.slice(0, 2_000_000) });
    expect(first.status).toBe(204);

    await postgres.halt();
    const upload = { uploadUrl, data: Buffer.from(bytes) as unknown as Blob, name, token, onProgress: () => undefined, signal: new AbortController().signal };
    const refused = await uploadFileWithTus(upload).catch((error: unknown) => error);
    // tus-js-client's "unable to resume upload" on the HEAD's 503: a wait of 5 s, the upload not gone.
    expect(refused).not.toBeInstanceOf(UploadGone);
    expect(refused).toMatchObject({ kind: 'server-busy', retryable: true, retryAfterMs: 5_000 });
    expect((refused as SyncFailure).detail).toMatch(/HTTP 503 tus: unable to resume upload/);

    await postgres.start();
    await uploadFileWithTus(upload);
    expect(hub.stats.uploadBytesReceived).toBe(bytes.length);
    expect(await client.commit(id)).toEqual({ delivered: true });
    await hub.close();
    const holdings = await readHubHoldings({ dataDir: dir, filesDir: path.join(dir, 'files'), databaseUrl: postgres.url });
    expect(holdings.dossiers.get(id)?.files.get(name)?.storedSha256).toBe(sha256);
  });
});

describe('desks the hub must refuse', () => {
  it('refuses a revoked desk and leaves its outbox intact, with what it delivered before kept', async () => {
    const dir = await tempDir();
    const hub = await startHub({ dataDir: dir, rateLimit: { ratePerSecond: 10_000, burst: 10_000 } });
    cleanups.defer(() => hub.close());
    const { code } = await hub.store.createEnrolmentCode({ deskName: 'Bàn 4', role: 'desk' });
    const { token } = await hub.store.redeemEnrolmentCode(code);
    const [desk] = await openDesks(hub.url, ['Bàn 4']);
    const before = await desk!.seed({ sizes: [[400_000], [500_000]], seed: 101 });
    await desk!.start(token, 1);
    await desk!.waitForOutbox((view) => view.byState.delivered === 2, 60_000);

    await hub.store.revokeDesk('Bàn 4');
    const after = await desk!.seed({ sizes: [[600_000], [700_000, 80_000]], seed: 101, from: 10 });
    await desk!.page.evaluate('window.__syncHarness.wake()');
    // A revoked desk stops delivering (every dossier waits in its outbox) and its sync line says why.
    await poll(
      async () => JSON.stringify(await desk!.page.evaluate('window.__syncHarness.statuses()')),
      (statuses) => statuses.includes('thu hồi'),
      60_000,
      'the desk told of its revocation',
      200,
    );
    const refused = await desk!.outbox();
    const waiting = refused.items.filter((entry) => after.some((dossier) => dossier.id === entry.id));
    expect(waiting).toHaveLength(2);
    for (const item of waiting) {
      expect(['queued', 'retrying']).toContain(item.state);
      expect(item.bytesSent ?? 0).toBe(0);
    }
    expect(refused.byState.delivered).toBe(2);
    // Nothing of the refused dossiers reached the hub; what came before is untouched.
    for (const dossier of after) expect(await hub.store.dossier(dossier.id)).toBeUndefined();
    await hub.close();
    const holdings = await readHubHoldings({ dataDir: dir, filesDir: path.join(dir, 'files') });
    expectDeliveredOnce(holdings, before);
  });

  it('refuses a desk writing another desk\'s dossier, its uploads and its commit, and keeps the owner\'s bytes', async () => {
    const dir = await tempDir();
    const hub = await startHub({ dataDir: dir, rateLimit: { ratePerSecond: 10_000, burst: 10_000 } });
    cleanups.defer(() => hub.close());
    const tokenOf = async (deskName: string) => {
      const { code } = await hub.store.createEnrolmentCode({ deskName, role: 'desk' });
      return (await hub.store.redeemEnrolmentCode(code)).token;
    };
    const [owner, intruder] = [await tokenOf('Bàn 5'), await tokenOf('Bàn 6')];
    const [deskA, deskB] = await openDesks(hub.url, ['Bàn 5', 'Bàn 6']);
    const seeded = await deskA!.seed({ sizes: [[900_000], [300_000, 200_000]], seed: 111 });
    await deskA!.start(owner, 1);
    const delivered = await deskA!.waitForOutbox((view) => view.byState.delivered === 2, 60_000);

    // The same ids from the other desk (a copied profile): a conflict, left for an officer.
    const copied = await deskB!.seed({ sizes: [[900_000], [300_000, 200_000]], seed: 111 });
    expect(copied.map((dossier) => dossier.id)).toEqual(seeded.map((dossier) => dossier.id));
    await deskB!.start(intruder, 1);
    const refused = await deskB!.waitForOutbox((view) => view.byState.rejected === 2, 60_000);
    expect(refused.items[0]?.lastError).toContain('đã được gửi với nội dung khác');

    // Its tus requests on the owner's uploads find nothing, and write nothing.
    const uploadUrl = delivered.items[0]!.files![0]!.uploadUrl!;
    const tus = { Authorization: `Bearer ${intruder}`, 'Tus-Resumable': '1.0.0' };
    expect((await fetch(uploadUrl, { method: 'HEAD', headers: tus })).status).toBe(404);
    expect((await fetch(uploadUrl, { method: 'PATCH', headers: { ...tus, 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' }, body: patternBytes(1_000, 1) })).status).toBe(404);
    expect((await fetch(uploadUrl, { method: 'DELETE', headers: tus })).status).toBe(404);
    const commit = await fetch(`${hub.url}/api/v1/dossiers/${seeded[0]!.id}/commit`, { method: 'POST', headers: { Authorization: `Bearer ${intruder}` } });
    expect(commit.status).toBe(404);
    for (const dossier of seeded) expect((await hub.store.dossier(dossier.id))?.deskId).toBe((await hub.store.deskByToken(owner))?.id);
    await hub.close();
    expectDeliveredOnce(await readHubHoldings({ dataDir: dir, filesDir: path.join(dir, 'files') }), seeded);
  });
});
