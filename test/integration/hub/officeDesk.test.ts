/**
 * The supervisor desk's side of the office view against a real office hub: main's office service
 * (the contract channel, with the token in main's secret store) and the renderer's on-demand
 * download of a component PDF into its encrypted cache: a download broken by the link resumes from
 * the parts already kept, a file whose bytes are not the declared SHA-256 is refused, a desk token
 * is refused office-wide, and a send-back pulled from the feed becomes the desk's own review.
 */
import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type Hub, type HubOptions } from '../../../main/hub/startHub';
import { createServices, type HostServices } from '../../../main/services/createServices';
import { createIpcRouter } from '../../../main/ipc/createIpcRouter';
import { createDeskApi } from '../../../preload/bridge/deskApi';
import type { DeskApi } from '../../../preload/contract';
import { startDataKeyBroker } from '../../../renderer/db/encryption/dataKeyBroker';
import { getOfficeCache } from '../../../renderer/db/officeCacheDatabase';
import { getOfficeFile, officeFilePartsSize } from '../../../renderer/db/queries/officeCache';
import { fetchOfficeFile, officeFileKey, type OfficeFileRef } from '../../../renderer/operations/office/fetchOfficeFile';
import { DeskDatabase } from '../../../renderer/db/database';
import { applyStatusChanges } from '../../../renderer/operations/sync/applyStatusChanges';
import { createGatewayClient } from '../../../preload/shared/sync/createGatewayClient';
import { deliverToHub, type HubDelivery } from '../../support/hub/deliverToHub';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const dirs: string[] = [];
async function newDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'motcua-office-desk-'));
  dirs.push(dir);
  return dir;
}

let hubOptions: HubOptions;
let hub: Hub;
let services: HostServices;
let desk: DeskApi;
const tokens = { desk: '', supervisor: '' };
let big: HubDelivery;
let small: HubDelivery;

/**
 * The hub (re)started without the renderer's `window` global: PGlite takes a defined `window` for
 * a browser and looks for its page address.
 */
async function restartHub(): Promise<Hub> {
  const scope = globalThis as unknown as { window?: unknown };
  const page = scope.window;
  delete scope.window;
  try {
    return await startHub(hubOptions);
  } finally {
    if (page) scope.window = page;
  }
}

/** The renderer's `window.desk`, over the real IPC router and main services, as the test host wires it. */
function deskApiOver(registry: HostServices): DeskApi {
  const router = createIpcRouter(registry);
  return createDeskApi({ invoke: (channel, args) => router.handle(channel, args), subscribe: () => () => undefined });
}

beforeAll(async () => {
  hubOptions = { dataDir: await newDir(), listen: `127.0.0.1:${await freePort()}`, rateLimit: { ratePerSecond: 10_000, burst: 10_000 } };
  hub = await startHub(hubOptions);
  const enrol = async (deskName: string, role: 'desk' | 'supervisor') => (await hub.store.redeemEnrolmentCode((await hub.store.createEnrolmentCode({ deskName, role })).code)).token;
  tokens.desk = await enrol('Bàn 1', 'desk');
  tokens.supervisor = await enrol('Bàn lãnh đạo', 'supervisor');
  big = await deliverToHub(hub, tokens.desk, { id: '7a2c0000-0000-4000-8000-00000000b001', code: '000.00.16.H27-261203-1001', procedureCode: '1.004366', receivedAt: '20261203080000', officer: { id: 'o1', name: 'Nguyễn Thị Lan' }, sizes: [3_500_000], seed: 5 });
  small = await deliverToHub(hub, tokens.desk, { id: '7a2c0000-0000-4000-8000-00000000b002', code: '000.00.16.H27-261203-1002', procedureCode: '1.004366', receivedAt: '20261203090000', officer: { id: 'o1', name: 'Nguyễn Thị Lan' }, sizes: [200_000], seed: 9 });
  services = createServices({ dataDir: await newDir(), version: '0.0.0-test', mode: 'production', host: 'test-host', sink: () => undefined, scanners: { demo: false, sane: false, escl: false, folders: false } });
  desk = deskApiOver(services);
  (globalThis as unknown as { window: { desk: DeskApi } }).window = { desk };
  startDataKeyBroker(async () => crypto.getRandomValues(new Uint8Array(32)));
});

afterAll(async () => {
  await hub?.close();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

const fileRef = (delivery: HubDelivery): OfficeFileRef => ({ dossierId: delivery.id, name: delivery.files[0]!.name, sha256: delivery.files[0]!.sha256, size: delivery.files[0]!.bytes.length });
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('the supervisor desk against the office hub', () => {
  it('says in Vietnamese why it cannot read office-wide: not configured, a desk token, an unknown token', async () => {
    const notConfigured = await desk.office.figures({});
    expect(notConfigured).toMatchObject({ ok: false, error: { code: 'office-not-configured', message: 'Bàn này chưa cấu hình máy chủ văn phòng (Cấu hình bàn → Đồng bộ: địa chỉ và mã truy cập).' } });
    expect(await desk.office.deskInfo()).toEqual({ ok: true, value: { configured: false, desk: null } });

    await services.sync.setConfig({ serverUrl: hub.url, token: tokens.desk });
    expect(await desk.office.deskInfo()).toEqual({ ok: true, value: { configured: true, desk: { name: 'Bàn 1', role: 'desk', slot: 1 } } });
    expect(await desk.office.dossiers({ offset: 0, limit: 10 })).toMatchObject({ ok: false, error: { code: 'office-refused', message: 'Máy chủ văn phòng từ chối: bàn này không được ghép là bàn lãnh đạo nên không xem được hồ sơ của cả văn phòng.' } });
    expect(await desk.office.filePart({ dossierId: big.id, name: big.files[0]!.name, offset: 0, length: 10 })).toMatchObject({ ok: false, error: { code: 'office-refused' } });

    await services.sync.setConfig({ serverUrl: hub.url, token: 'x'.repeat(43) });
    expect(await desk.office.deskInfo()).toMatchObject({ ok: false, error: { code: 'office-unauthorized', message: 'Máy chủ văn phòng không nhận mã truy cập của bàn này (sai hoặc đã bị thu hồi). Kiểm tra cấu hình đồng bộ.' } });

    await services.sync.setConfig({ serverUrl: hub.url, token: tokens.supervisor });
    expect(await desk.office.deskInfo()).toEqual({ ok: true, value: { configured: true, desk: { name: 'Bàn lãnh đạo', role: 'supervisor', slot: 2 } } });
    const page = await desk.office.dossiers({ offset: 0, limit: 10 });
    expect(page.ok && page.value.dossiers.map((dossier) => dossier.code)).toEqual(['000.00.16.H27-261203-1002', '000.00.16.H27-261203-1001']);
    // The contract refuses what the hub would refuse, before anything leaves main.
    expect(await desk.office.figures({ status: 11 } as never)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await desk.office.decide({ decisionId: crypto.randomUUID(), dossierId: big.id, decision: 'rescan', reviewer: 'Phạm Lãnh Đạo' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('resumes a download the link broke from the parts already kept, and keeps the checked file sealed', async () => {
    await services.sync.setConfig({ serverUrl: hub.url, token: tokens.supervisor });
    const ref = fileRef(big);
    const cache = getOfficeCache();
    let cut = false;
    const first: number[] = [];
    // The hub goes away as soon as the first megabyte is kept: the next part finds no server.
    const broken = fetchOfficeFile(ref, (received) => {
      first.push(received);
      if (received > 0 && !cut) {
        cut = true;
        void hub.close();
      }
    });
    await expect(broken).rejects.toMatchObject({ code: 'office-offline', userMessage: 'Không kết nối được máy chủ văn phòng. Kiểm tra mạng rồi thử lại.' });
    expect(first).toEqual([0, 1_048_576]);
    expect(await officeFilePartsSize(cache, officeFileKey(ref))).toBe(1_048_576);

    hub = await restartHub();
    const second: number[] = [];
    const blob = await fetchOfficeFile(ref, (received) => second.push(received));
    // It started from the kept megabyte, not from the beginning.
    expect(second).toEqual([1_048_576, 2_097_152, 3_145_728, 3_500_000]);
    const bytes = new Uint8Array(await blob.arrayBuffer());
    expect(sha256(bytes)).toBe(big.files[0]!.sha256);
    expect(Buffer.compare(Buffer.from(bytes), Buffer.from(big.files[0]!.bytes))).toBe(0);
    expect(await officeFilePartsSize(cache, officeFileKey(ref))).toBe(0);
    expect((await getOfficeFile(cache, officeFileKey(ref)))?.sha256).toBe(big.files[0]!.sha256);

    // Stored encrypted: the raw record holds no byte of the PDF in clear.
    const raw = new (await import('dexie')).Dexie('mot-cua-office-cache');
    await raw.open();
    const record = (await raw.table('officeFiles').get(officeFileKey(ref))) as { data: { $sealed: number; data: ArrayBuffer } };
    expect(record.data.$sealed).toBe(1);
    expect(Buffer.from(record.data.data).includes(Buffer.from(big.files[0]!.bytes.subarray(0, 64)))).toBe(false);
    raw.close();

    // Kept: shown again with the hub away.
    await hub.close();
    expect(sha256(new Uint8Array(await (await fetchOfficeFile(ref)).arrayBuffer()))).toBe(big.files[0]!.sha256);
    hub = await restartHub();
  });

  it('refuses a file whose bytes at the hub are not the SHA-256 its desk declared, and keeps nothing of it', async () => {
    await services.sync.setConfig({ serverUrl: hub.url, token: tokens.supervisor });
    const ref = fileRef(small);
    const stored = (await hub.store.dossier(small.id))!.files[0]!;
    const handle = await open(path.join(hub.filesDir, stored.uploadId!), 'r+');
    await handle.write(Buffer.from([0x42]), 0, 1, 100_000);
    await handle.close();
    await expect(fetchOfficeFile(ref)).rejects.toMatchObject({
      code: 'office-file-hash-mismatch',
      userMessage: `Tệp ${ref.name} tải về không khớp mã SHA-256 mà bàn tiếp nhận đã khai báo, nên không hiển thị. Bản tải về đã được bỏ; hãy thử tải lại.`,
    });
    const cache = getOfficeCache();
    expect(await officeFilePartsSize(cache, officeFileKey(ref))).toBe(0);
    expect(await getOfficeFile(cache, officeFileKey(ref))).toBeUndefined();
  });

  it('turns a send-back pulled from the desk\'s feed into that desk\'s own review, with the reason', async () => {
    await services.sync.setConfig({ serverUrl: hub.url, token: tokens.supervisor });
    const decided = await desk.office.decide({ decisionId: crypto.randomUUID(), dossierId: big.id, decision: 'rescan', reason: 'Trang 3 bị mờ, quét lại', reviewer: 'Phạm Lãnh Đạo' });
    expect(decided).toMatchObject({ ok: true, value: { dossierId: big.id, state: 'rescan' } });

    // The originating desk's database, holding the dossier it delivered.
    const db = new DeskDatabase(`office-desk-${crypto.randomUUID()}`);
    const at = Date.UTC(2026, 11, 3, 1, 0, 0);
    await db.dossiers.put({ id: big.id, code: big.metadata.code, procedureCode: '1.004366', status: 'saved', training: false, createdAt: at, updatedAt: at, receivedAt: at, dueAt: at + 86_400_000, pageCount: 1, officerId: 'o1', portalStatus: 2 });
    const page = await createGatewayClient({ serverUrl: hub.url, token: tokens.desk }).pullStatus(0, 200);
    expect(await applyStatusChanges(db, page.changes, page.cursor)).toBe(1);
    const review = await db.reviews.get(big.id);
    expect(review).toMatchObject({ state: 'rescan', reason: 'Trang 3 bị mờ, quét lại', officerId: 'o1' });
    expect(review!.decidedAt).toBeGreaterThanOrEqual(at);
    // The status stays where it was; the decision is in the desk's audit log.
    expect((await db.dossiers.get(big.id))?.portalStatus).toBe(2);
    const audit = await db.auditLog.where('action').equals('dossier-reviewed').toArray();
    expect(audit.map((entry) => JSON.parse(entry.detail ?? '{}') as { state: string; reason: string })).toEqual([expect.objectContaining({ office: true, state: 'rescan', reason: 'Trang 3 bị mờ, quét lại', reviewer: 'Phạm Lãnh Đạo' })]);
    db.close();
  });
});
