import { getDatabase } from '../db/deskHandle';
import { createGatewayClient } from '../../preload/shared/sync/createGatewayClient';
import { createSyncEngine, type SyncEngine, type SyncEngineStatus } from '../operations/sync/createSyncEngine';
import { uploadFileWithTus } from '../operations/sync/uploadFileWithTus';

/** Tuning for pilots and tests; the defaults suit a desk. */
export interface SyncTuning {
  backoffBaseMs?: number;
  backoffCapMs?: number;
  probeCapMs?: number;
  pullIntervalMs?: number;
}

export type SyncWorkerRequest =
  | { type: 'configure'; serverUrl: string | null; token: string | null; concurrency: number; tuning?: SyncTuning }
  | { type: 'wake' }
  | { type: 'pull' }
  | { type: 'stop' };

export type SyncWorkerReply = { type: 'status'; status: SyncEngineStatus } | { type: 'pulled'; applied: number } | { type: 'stopped' } | { type: 'error'; message: string };

const scope = self as unknown as {
  addEventListener(type: 'message', listener: (event: MessageEvent<SyncWorkerRequest>) => void): void;
  addEventListener(type: 'online' | 'offline', listener: () => void): void;
  postMessage(message: SyncWorkerReply): void;
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

async function configure(request: Extract<SyncWorkerRequest, { type: 'configure' }>): Promise<void> {
  await engine?.stop();
  releaseSyncLock();
  const tuning = request.tuning ?? {};
  engine = createSyncEngine({
    db: getDatabase(),
    client: request.serverUrl ? createGatewayClient({ serverUrl: request.serverUrl, token: request.token }) : undefined,
    upload: uploadFileWithTus,
    token: request.token,
    concurrency: request.concurrency,
    backoff: { baseMs: tuning.backoffBaseMs ?? 2_000, capMs: tuning.backoffCapMs ?? 5 * 60_000 },
    ...(tuning.probeCapMs !== undefined ? { probeCapMs: tuning.probeCapMs } : {}),
    ...(tuning.pullIntervalMs !== undefined ? { pullIntervalMs: tuning.pullIntervalMs } : {}),
    isOnline: () => scope.navigator.onLine,
    onStatus: (status) => scope.postMessage({ type: 'status', status }),
  });
  scope.postMessage({ type: 'status', status: engine.status() });
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
 * queries) and gets the link state from these messages.
 */
scope.addEventListener('message', (event) => {
  const request = event.data;
  const work = async () => {
    switch (request.type) {
      case 'configure':
        await configure(request);
        break;
      case 'wake':
        engine?.wake();
        break;
      case 'pull':
        scope.postMessage({ type: 'pulled', applied: (await engine?.pullNow()) ?? 0 });
        break;
      case 'stop':
        await engine?.stop();
        engine = undefined;
        releaseSyncLock();
        scope.postMessage({ type: 'stopped' });
        break;
    }
  };
  work().catch((error: unknown) => scope.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) }));
});
