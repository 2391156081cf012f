import type { SyncEngineStatus } from '../operations/sync/createSyncEngine';
import { defineWorker, event, method } from './protocol/defineWorker';

/** Tuning for pilots and tests; the defaults suit a desk. */
export interface SyncTuning {
  backoffBaseMs?: number;
  backoffCapMs?: number;
  probeCapMs?: number;
  pullIntervalMs?: number;
}

/** Where and how the worker delivers; `serverUrl: null` runs the engine without a server. */
export interface SyncConfig {
  serverUrl: string | null;
  token: string | null;
  concurrency: number;
  /** Set when the desk enrolled with the office hub: the worker then keeps dossier-code blocks leased. */
  enrolment?: { deskId: string; slot: number } | null;
  tuning?: SyncTuning;
}

/**
 * The sync worker: `configure` (re)starts the engine and resolves once it runs — after the desk's
 * sync Web Lock is held, or at once when a newer configuration took over; `wake` looks at the
 * outbox now, `pull` fetches status changes now, `stop` stops the engine and frees the lock.
 * The link state arrives as the `status` event.
 */
export const syncWorkerContract = defineWorker(
  'sync',
  {
    configure: method<SyncConfig, void>(),
    wake: method<void, void>(),
    pull: method<void, number>(),
    stop: method<void, void>(),
  },
  { status: event<SyncEngineStatus>() },
);
