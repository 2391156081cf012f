import { DeskFailure, toDeskError } from '../../../preload/shared/errors/DeskFailure';
import type { InputOf, PayloadOf, ProgressOf, ResultOf, WorkerFailure, WorkerReply, WorkerRequest, WorkerSpec } from './defineWorker';

/** What one running call gets besides its input. */
export interface CallContext<Progress> {
  /** Aborted when the client cancels the call. */
  signal: AbortSignal;
  /** Sends a progress value to this call's `onProgress`. */
  progress(value: Progress): void;
  /** Moves these buffers with the reply instead of copying them. */
  transfer(...transferables: Transferable[]): void;
}

/** What a worker implements for one contract: one async function per method. */
export type WorkerImplementation<S extends WorkerSpec> = {
  [K in keyof S['methods']]: (input: InputOf<S['methods'][K]>, context: CallContext<ProgressOf<S['methods'][K]>>) => Promise<ResultOf<S['methods'][K]>> | ResultOf<S['methods'][K]>;
};

/** What the worker emits its events with. */
export interface WorkerEmitter<S extends WorkerSpec> {
  emit<K extends keyof S['events'] & string>(name: K, payload: PayloadOf<S['events'][K]>, transfer?: Transferable[]): void;
}

/** The side of a MessagePort or worker global scope this needs. */
export interface WorkerScope {
  addEventListener(type: 'message', listener: (event: MessageEvent<WorkerRequest>) => void): void;
  postMessage(message: WorkerReply, transfer: Transferable[]): void;
}

/** Turns anything thrown into the failure that crosses the boundary; the desk's typed errors keep their code and message. */
function toWorkerFailure(error: unknown): WorkerFailure {
  if (error instanceof DeskFailure) {
    return error.detail === undefined ? { code: error.code, userMessage: error.userMessage } : { code: error.code, userMessage: error.userMessage, detail: error.detail };
  }
  const { code, message, detail } = toDeskError(error);
  return detail === undefined ? { code, userMessage: message } : { code, userMessage: message, detail };
}

/**
 * Runs a contract's implementation inside a worker: answers every call by id, reports progress,
 * aborts a call's signal when the client cancels it, and turns a throw into a typed failure.
 * A method the contract does not name is refused with `unknown-method`, never left unanswered.
 */
export function serveWorker<S extends WorkerSpec>(spec: S, implementation: WorkerImplementation<S>, scope: WorkerScope = self as unknown as WorkerScope): WorkerEmitter<S> {
  const running = new Map<number, AbortController>();
  const methods = implementation as unknown as Record<string, (input: unknown, context: CallContext<unknown>) => unknown>;

  async function run(id: number, name: string, input: unknown): Promise<void> {
    const fn = Object.hasOwn(spec.methods, name) ? methods[name] : undefined;
    if (typeof fn !== 'function') {
      scope.postMessage({ kind: 'failure', id, error: { code: 'unknown-method', userMessage: 'Luồng nền không hỗ trợ yêu cầu này; vui lòng khởi động lại ứng dụng.', detail: `${spec.name}.${name}` } }, []);
      return;
    }
    const controller = new AbortController();
    running.set(id, controller);
    const transfer: Transferable[] = [];
    const context: CallContext<unknown> = {
      signal: controller.signal,
      progress: (value) => {
        if (!controller.signal.aborted) scope.postMessage({ kind: 'progress', id, value }, []);
      },
      transfer: (...items) => void transfer.push(...items),
    };
    try {
      const value = await fn.call(implementation, input, context);
      scope.postMessage({ kind: 'result', id, value }, transfer);
    } catch (error) {
      scope.postMessage({ kind: 'failure', id, error: toWorkerFailure(error) }, []);
    } finally {
      running.delete(id);
    }
  }

  scope.addEventListener('message', (event) => {
    const request = event.data;
    if (request.kind === 'cancel') running.get(request.id)?.abort();
    else if (request.kind === 'call') void run(request.id, request.method, request.input);
  });

  return {
    emit: (name, payload, transfer = []) => scope.postMessage({ kind: 'event', name, payload }, transfer),
  };
}
