import { DeskFailure } from '../../../preload/shared/errors/DeskFailure';

/** The code a cancelled worker call rejects with. */
export const WORKER_CANCELLED = 'cancelled';

/** What a worker call rejects with when its AbortSignal fired before the worker answered. */
export class WorkerCancelledError extends DeskFailure {
  constructor(worker: string, method: string) {
    super(WORKER_CANCELLED, 'Thao tác đã bị hủy.', `${worker}.${method} cancelled`);
    this.name = 'WorkerCancelledError';
  }
}
