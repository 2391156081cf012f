import { create } from 'zustand';
import { getDatabase } from '../../db/deskHandle';
import { retryDeliveries } from '../../db/queries/outbox';
import { writeSyncState } from '../../db/queries/syncState';
import { getDesk } from '../../platform/desk';
import { DeskFailure } from '../../../preload/shared/errors/DeskFailure';
import { connectWorker, type WorkerClient } from '../../workers/protocol/connectWorker';
import { syncWorkerContract } from '../../workers/syncWorkerContract';
import { SYNC_PAUSED_KEY, type SyncEngineStatus } from './createSyncEngine';

interface SyncStore {
  status: SyncEngineStatus;
  /** Vietnamese reason when the worker could not be started at all. */
  startError?: string;
  setPaused(paused: boolean): Promise<void>;
  /** Send one dossier (or every failed one) now instead of waiting for its backoff. */
  retry(dossierId?: string): Promise<void>;
}

let worker: WorkerClient<typeof syncWorkerContract> | undefined;

/** The worker's failures are the log's business: the officer sees the link state and the outbox. */
function logFailure(error: unknown): void {
  // A restart closes the old worker: its calls still waiting (a configure queued for the lock) end here.
  if (error instanceof DeskFailure && error.code === 'worker-closed') return;
  console.error('Đồng bộ:', error instanceof Error ? error.message : String(error));
}

function wake(): void {
  worker?.call.wake().catch(logFailure);
}

/** The desk's view of the sync worker: link state from its messages, the outbox from the database. */
export const useSync = create<SyncStore>(() => ({
  status: { link: 'unconfigured' },
  async setPaused(paused) {
    await writeSyncState(getDatabase(), SYNC_PAUSED_KEY, paused);
    wake();
  },
  async retry(dossierId) {
    await retryDeliveries(getDatabase(), dossierId, Date.now());
    wake();
  },
}));

async function configure(): Promise<void> {
  const credentials = await getDesk().sync.credentials();
  if (!credentials.ok) {
    useSync.setState({ startError: credentials.error.message });
    return;
  }
  useSync.setState({ startError: undefined });
  worker?.call.configure(credentials.value).catch(logFailure);
}

function createWorker(): WorkerClient<typeof syncWorkerContract> {
  const next = connectWorker(syncWorkerContract, () => new Worker(new URL('../../workers/syncWorker.ts', import.meta.url), { type: 'module', name: 'sync' }));
  next.on('status', (status) => useSync.setState({ status }));
  return next;
}

/** Stops the running worker cleanly (its uploads stored), then starts a fresh one. */
async function restart(): Promise<void> {
  const old = worker;
  if (old) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([old.call.stop().catch(logFailure), new Promise<void>((resolve) => (timer = setTimeout(resolve, 5_000)))]);
    clearTimeout(timer);
    old.close();
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
  window.addEventListener('online', wake);
  getDesk().sync.onConfigChanged(() => void restart());
  void configure();
}
