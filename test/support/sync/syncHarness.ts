/**
 * Drives the real sync worker (renderer/workers/syncWorker.ts, bundled by the test) from a page of
 * the app's origin (served with the app's Content-Security-Policy, without the app itself, whose own
 * sync worker would hold the desk's sync lock) in Chromium: dossiers and their files go into the app's IndexedDB through Dexie and into
 * the outbox through the real `enqueueDelivery`; the worker delivers them to the gateway.
 */
import { sharedDatabase } from '../../../renderer/db/database';
import { startDataKeyBroker } from '../../../renderer/db/encryption/dataKeyBroker';
import type { OutboxItem } from '../../../renderer/db/types';
import { enqueueDelivery } from '../../../renderer/operations/sync/enqueueDelivery';
import { recordStatusChange } from '../../../renderer/operations/dossier/dossierStatusStore';
import { SYNC_PAUSED_KEY } from '../../../renderer/operations/sync/createSyncEngine';
import type { SyncEngineStatus } from '../../../renderer/operations/sync/createSyncEngine';
import { connectWorker, type WorkerClient } from '../../../renderer/workers/protocol/connectWorker';
import { syncWorkerContract, type SyncConfig } from '../../../renderer/workers/syncWorkerContract';
import { patternBytes } from './patternBytes';
import { sha256Hex } from '../../../preload/shared/bytes/sha256Hex';

interface SeedInput {
  /** Bytes of each dossier's files: one array per dossier. */
  sizes: number[][];
  seed: number;
  /** Prefix of the dossier codes' sequence (keeps codes unique across seeds). */
  from?: number;
}

function uuidOf(n: number, seed: number): string {
  const h = (n * 2654435761 + seed * 40503) >>> 0;
  return `${h.toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

// This page stands in for the desk's window: it holds the data key (a fixed test key, where
// main would hand out the profile's own) and answers the sync worker's request for it, so all data is sealed at rest.
startDataKeyBroker(async () => new Uint8Array(32).fill(0x5a));
const db = sharedDatabase();
let worker: WorkerClient<typeof syncWorkerContract> | undefined;
/** What the worker told the page, in order: its status events and any failed call. */
const statuses: Array<{ type: 'status'; status: SyncEngineStatus } | { type: 'error'; message: string }> = [];

async function seed(input: SeedInput) {
  const day = Date.UTC(2026, 11, 1, 2, 0, 0);
  const made: Array<{ id: string; code: string; files: Array<{ name: string; sha256: string; size: number }> }> = [];
  for (let d = 0; d < input.sizes.length; d += 1) {
    const n = (input.from ?? 0) + d + 1;
    const id = uuidOf(n, input.seed);
    const code = `000.00.16.H27-261201-${String(n).padStart(4, '0')}`;
    const files = await Promise.all(
      input.sizes[d]!.map(async (size, f) => {
        const data = patternBytes(size, input.seed * 7919 + n * 31 + f);
        return { id: `${id}-f${f}`, dossierId: id, componentId: `${id}-c${f}`, name: `${code}_thanh-phan-${f + 1}.pdf`, mime: 'application/pdf', data: new Blob([data], { type: 'application/pdf' }), sha256: await sha256Hex(data), createdAt: day };
      }),
    );
    const dossier = { id, code, procedureCode: '1.004366', applicantId: `a-${id}`, status: 'saved' as const, training: false, createdAt: day, updatedAt: day, receivedAt: day, dueAt: day + 3 * 86_400_000, pageCount: files.length, digitizedAt: day };
    await db.transaction('rw', [db.dossiers, db.applicants, db.files, db.outbox, db.auditLog], async () => {
      await db.applicants.put({ id: `a-${id}`, idNumber: '001203004567', fullName: 'Nguyễn Văn An', address: 'Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội', source: 'manual', createdAt: day, updatedAt: day });
      await db.dossiers.put(dossier);
      await db.files.bulkPut(files);
      await recordStatusChange(db, id, 2, { by: 'can-bo-1', at: new Date(day) });
      await enqueueDelivery(db, dossier, files, day + n);
    });
    made.push({ id, code, files: files.map((file) => ({ name: file.name, sha256: file.sha256, size: file.data.size })) });
  }
  return made;
}

function recordFailure(error: unknown) {
  statuses.push({ type: 'error', message: error instanceof Error ? error.message : String(error) });
}

function start(workerCode: string, config: SyncConfig) {
  const code = URL.createObjectURL(new Blob([workerCode], { type: 'text/javascript' }));
  worker = connectWorker(syncWorkerContract, () => new Worker(code));
  worker.on('status', (status) => statuses.push({ type: 'status', status }));
  worker.call.configure(config).catch(recordFailure);
}

function wake() {
  worker?.call.wake().catch(recordFailure);
}

async function outbox() {
  const items = await db.outbox.toArray();
  const byState: Record<string, number> = {};
  for (const item of items) byState[item.state] = (byState[item.state] ?? 0) + 1;
  return { byState, items: items.map((item: OutboxItem) => ({ id: item.id, state: item.state, attempts: item.attempts, lastError: item.lastError, bytesSent: item.bytesSent, bytesTotal: item.bytesTotal, files: item.files, updatedAt: item.updatedAt, nextAttemptAt: item.nextAttemptAt })) };
}

async function setPaused(paused: boolean) {
  await db.syncState.put({ key: SYNC_PAUSED_KEY, value: paused });
  wake();
}

async function portal(ids: string[]) {
  const dossiers = await db.dossiers.bulkGet(ids);
  const audit = (await db.auditLog.where('target').anyOf(ids).toArray()).sort((x, y) => (x.seq ?? 0) - (y.seq ?? 0));
  return { statuses: dossiers.map((d) => d?.portalStatus ?? null), audit: audit.map((entry) => ({ action: entry.action, target: entry.target, actor: entry.actor, detail: entry.detail })), cursor: (await db.syncState.get('status-cursor'))?.value ?? null };
}

const frames: number[] = [];
let framing = false;

/** Records the gaps between animation frames of this page while the worker drains. */
function startFrames() {
  frames.length = 0;
  framing = true;
  let last = performance.now();
  const tick = (now: number) => {
    frames.push(now - last);
    last = now;
    if (framing) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

function stopFrames() {
  framing = false;
  const sorted = [...frames].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { count: sorted.length, p50: at(0.5), p95: at(0.95), max: sorted.at(-1) ?? 0, over50: sorted.filter((gap) => gap > 50).length };
}

(globalThis as unknown as { __syncHarness: unknown }).__syncHarness = { seed, start, wake, outbox, setPaused, portal, statuses: () => statuses, startFrames, stopFrames };
