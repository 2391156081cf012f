import { DeskFailure } from '../../../preload/shared/errors/DeskFailure';
import type { InputOf, PayloadOf, ProgressOf, ResultOf, WorkerReply, WorkerRequest, WorkerSpec } from './defineWorker';
import { WorkerCancelledError } from './WorkerCancelledError';

/** Per-call options of a worker method. */
export interface CallOptions<Progress> {
  /** Cancels the call: it rejects at once with a WorkerCancelledError and the worker's signal aborts. */
  signal?: AbortSignal;
  onProgress?: (value: Progress) => void;
  /** Buffers of the input to move to the worker instead of copying them. */
  transfer?: Transferable[];
}

/** The side of a Worker (or a MessagePort in tests) the client needs. */
export interface WorkerEndpoint {
  postMessage(message: WorkerRequest, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<WorkerReply>) => void): void;
  addEventListener(type: 'error' | 'messageerror', listener: (event: Event) => void): void;
  terminate?(): void;
  start?(): void;
}

/** The typed client of one worker contract. */
export interface WorkerClient<S extends WorkerSpec> {
  call: {
    [K in keyof S['methods']]: (input: InputOf<S['methods'][K]>, options?: CallOptions<ProgressOf<S['methods'][K]>>) => Promise<ResultOf<S['methods'][K]>>;
  };
  /** Listens to a named event of the worker (across restarts); returns the unsubscribe function. */
  on<K extends keyof S['events'] & string>(name: K, listener: (payload: PayloadOf<S['events'][K]>) => void): () => void;
  /** Terminates the worker; pending calls reject, the next call starts a new one. */
  close(): void;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  onProgress?: ((value: unknown) => void) | undefined;
}

/**
 * Connects to a worker that runs `serveWorker(spec, …)`. The worker is created on first use;
 * a worker that crashes (an `error` event) or sends an unreadable message fails every pending
 * call with a Vietnamese message, is terminated, and the next call starts a fresh one — no call
 * is ever left hanging. Failures arrive as DeskFailure with the worker's code, message and detail.
 */
export function connectWorker<S extends WorkerSpec>(spec: S, create: () => WorkerEndpoint): WorkerClient<S> {
  let endpoint: WorkerEndpoint | undefined;
  let nextId = 1;
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();

  function failAll(error: DeskFailure): void {
    const calls = [...pending.values()];
    pending.clear();
    for (const call of calls) call.reject(error);
  }

  function drop(current: WorkerEndpoint): void {
    if (endpoint !== current) return;
    endpoint = undefined;
    current.terminate?.();
  }

  function onReply(reply: WorkerReply): void {
    if (reply.kind === 'event') {
      for (const listener of listeners.get(reply.name) ?? []) listener(reply.payload);
      return;
    }
    const call = pending.get(reply.id);
    if (!call) return;
    if (reply.kind === 'progress') {
      call.onProgress?.(reply.value);
      return;
    }
    pending.delete(reply.id);
    if (reply.kind === 'result') call.resolve(reply.value);
    else call.reject(new DeskFailure(reply.error.code, reply.error.userMessage, reply.error.detail));
  }

  function connect(): WorkerEndpoint {
    if (endpoint) return endpoint;
    const current = create();
    endpoint = current;
    current.addEventListener('message', (event: MessageEvent<WorkerReply>) => onReply(event.data));
    current.addEventListener('error', (event: Event) => {
      const message = (event as ErrorEvent).message;
      drop(current);
      failAll(new DeskFailure('worker-crashed', `Luồng nền "${spec.name}" gặp lỗi và đã dừng; vui lòng thử lại.`, message || `${spec.name} worker error`));
    });
    current.addEventListener('messageerror', () => {
      drop(current);
      failAll(new DeskFailure('worker-message', `Luồng nền "${spec.name}" trả về dữ liệu không đọc được; vui lòng thử lại.`, `${spec.name}: messageerror`));
    });
    current.start?.();
    return current;
  }

  function invoke(method: string, input: unknown, options: CallOptions<unknown> = {}): Promise<unknown> {
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(new WorkerCancelledError(spec.name, method));
    const target = connect();
    const id = nextId++;
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        if (!pending.delete(id)) return;
        endpoint?.postMessage({ kind: 'cancel', id }, []);
        reject(new WorkerCancelledError(spec.name, method));
      };
      const settle = () => signal?.removeEventListener('abort', onAbort);
      pending.set(id, {
        onProgress: options.onProgress as ((value: unknown) => void) | undefined,
        resolve: (value) => {
          settle();
          resolve(value);
        },
        reject: (error) => {
          settle();
          reject(error);
        },
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      target.postMessage({ kind: 'call', id, method, input }, options.transfer ?? []);
    });
  }

  const call = Object.fromEntries(Object.keys(spec.methods).map((name) => [name, (input: unknown, options?: CallOptions<unknown>) => invoke(name, input, options)]));

  return {
    call: call as WorkerClient<S>['call'],
    on(name, listener) {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      connect();
      return () => void set.delete(wrapped);
    },
    close() {
      const current = endpoint;
      if (current) drop(current);
      failAll(new DeskFailure('worker-closed', `Luồng nền "${spec.name}" đã đóng; vui lòng thử lại.`, `${spec.name} closed`));
    },
  };
}
