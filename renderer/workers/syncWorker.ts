import { getDatabase } from '../db/deskHandle';
import { createGatewayClient } from '../../preload/shared/sync/createGatewayClient';
import { createSyncEngine, type SyncEngine } from '../operations/sync/createSyncEngine';
import { uploadFileWithTus } from '../operations/sync/uploadFileWithTus';
import { createCodeBlockKeeper } from '../operations/sync/createCodeBlockKeeper';
import { serveWorker } from './protocol/serveWorker';
import { syncWorkerContract, type SyncConfig } from './syncWorkerContract';

const scope = self as unknown as {
  addEventListener(type: 'online' | 'offline', listener: () => void): void;
  navigator: { onLine: boolean };
};

let engine: SyncEngine | undefined;
const lock: { release?: () => void } = {};

function releaseSyncLock(): void {
  const release = lock.release;
  delete lock.release;
  release?.();
}

/**
 * One engine per desk profile: windows share the database, and the Web Lock makes a second
 * window's worker wait (and take over if the first one closes or crashes).
 */
function holdSyncLock(): Promise<void> {
  return new Promise((acquired) => {
    void navigator.locks.request('mot-cua-desk-sync', () => new Promise<void>((release) => {
      lock.release = release;
      acquired();
    }));
  });
}

async function configure(request: SyncConfig): Promise<void> {
  await engine?.stop();
  releaseSyncLock();
  const tuning = request.tuning ?? {};
  const client = request.serverUrl ? createGatewayClient({ serverUrl: request.serverUrl, token: request.token }) : undefined;
  engine = createSyncEngine({
    db: getDatabase(),
    client,
    ...(client && request.enrolment ? { codeBlocks: createCodeBlockKeeper({ db: getDatabase(), client, enrolment: request.enrolment }) } : {}),
    upload: uploadFileWithTus,
    token: request.token,
    concurrency: request.concurrency,
    backoff: { baseMs: tuning.backoffBaseMs ?? 2_000, capMs: tuning.backoffCapMs ?? 5 * 60_000 },
    ...(tuning.probeCapMs !== undefined ? { probeCapMs: tuning.probeCapMs } : {}),
    ...(tuning.pullIntervalMs !== undefined ? { pullIntervalMs: tuning.pullIntervalMs } : {}),
    isOnline: () => scope.navigator.onLine,
    onStatus: (status) => worker.emit('status', status),
  });
  worker.emit('status', engine.status());
  const mine = engine;
  await holdSyncLock();
  // Reconfigured while waiting for the lock: that newer engine owns it now.
  if (engine === mine) engine.start();
  else releaseSyncLock();
}

// The OS says the link is back: look at once instead of waiting for the next probe.
scope.addEventListener('online', () => engine?.wake());
scope.addEventListener('offline', () => engine?.wake());

/**
 * Runs the outbox off the UI thread: the UI reads progress from the shared database (live
 * queries) and gets the link state from the `status` event.
 */
const worker = serveWorker(syncWorkerContract, {
  configure,
  wake: () => engine?.wake(),
  pull: async () => (await engine?.pullNow()) ?? 0,
  async stop() {
    await engine?.stop();
    engine = undefined;
    releaseSyncLock();
  },
});
