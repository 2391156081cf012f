import { create } from 'zustand';
import { getDatabase } from '../../db/deskHandle';
import { retryDeliveries } from '../../db/queries/outbox';
import { writeSyncState } from '../../db/queries/syncState';
import { getDesk } from '../../platform/desk';
import type { SyncWorkerReply, SyncWorkerRequest } from '../../workers/syncWorker';
import { SYNC_PAUSED_KEY, type SyncEngineStatus } from './createSyncEngine';

interface SyncStore {
  status: SyncEngineStatus;
  /** Vietnamese reason when the worker could not be started at all. */
  startError?: string;
  setPaused(paused: boolean): Promise<void>;
  /** Send one dossier (or every failed one) now instead of waiting for its backoff. */
  retry(dossierId?: string): Promise<void>;
}

let worker: Worker | undefined;

function post(request: SyncWorkerRequest): void {
  worker?.postMessage(request);
}

/** The desk's view of the sync worker: link state from its messages, the outbox from the database. */
export const useSync = create<SyncStore>(() => ({
  status: { link: 'unconfigured' },
  async setPaused(paused) {
    await writeSyncState(getDatabase(), SYNC_PAUSED_KEY, paused);
    post({ type: 'wake' });
  },
  async retry(dossierId) {
    await retryDeliveries(getDatabase(), dossierId, Date.now());
    post({ type: 'wake' });
  },
}));

async function configure(): Promise<void> {
  const credentials = await getDesk().sync.credentials();
  if (!credentials.ok) {
    useSync.setState({ startError: credentials.error.message });
    return;
  }
  useSync.setState({ startError: undefined });
  post({ type: 'configure', ...credentials.value });
}

function createWorker(): Worker {
  const next = new Worker(new URL('../../workers/syncWorker.ts', import.meta.url), { type: 'module', name: 'sync' });
  next.addEventListener('message', (event: MessageEvent<SyncWorkerReply>) => {
    const reply = event.data;
    if (reply.type === 'status') useSync.setState({ status: reply.status });
    if (reply.type === 'error') console.error('Đồng bộ:', reply.message);
  });
  return next;
}

/** Stops the running worker cleanly (its uploads stored), then starts a fresh one. */
async function restart(): Promise<void> {
  const old = worker;
  if (old) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 5_000);
      old.addEventListener('message', (event: MessageEvent<SyncWorkerReply>) => {
        if (event.data.type === 'stopped') {
          clearTimeout(timer);
          resolve();
        }
      });
      old.postMessage({ type: 'stop' } satisfies SyncWorkerRequest);
    });
    old.terminate();
  }
  // A new worker is served with the Content-Security-Policy of the new server address.
  worker = createWorker();
  await configure();
}

/**
 * Starts the sync worker for this window and restarts it whenever the sync settings change.
 * The worker reacts to the OS's online/offline events itself; this also wakes it on them, since
 * a window sees them first.
 */
export function startSync(): void {
  if (worker) return;
  worker = createWorker();
  window.addEventListener('online', () => post({ type: 'wake' }));
  getDesk().sync.onConfigChanged(() => void restart());
  void configure();
}
