declare const types: unique symbol;

/** One method of a worker: its input, its result and what it reports while it runs (types only). */
export interface WorkerMethod<Input = unknown, Result = unknown, Progress = unknown> {
  readonly [types]?: { input: Input; result: Result; progress: Progress };
}

/** One named event the worker pushes to its client (type only). */
export interface WorkerEvent<Payload = unknown> {
  readonly [types]?: { payload: Payload };
}

export interface WorkerSpec<M extends Record<string, WorkerMethod> = Record<string, WorkerMethod>, E extends Record<string, WorkerEvent> = Record<string, WorkerEvent>> {
  /** Shown in error messages and logs. */
  name: string;
  methods: M;
  events: E;
}

/** Declares a method; `Progress` is `never` for a method that reports none. */
export function method<Input, Result, Progress = never>(): WorkerMethod<Input, Result, Progress> {
  return {};
}

/** Declares an event the worker may emit at any time. */
export function event<Payload>(): WorkerEvent<Payload> {
  return {};
}

/**
 * Declares one worker's contract, the single source both the worker (`serveWorker`) and its
 * client (`connectWorker`) are typed from — like `defineService` for the IPC contract.
 */
export function defineWorker<const M extends Record<string, WorkerMethod>, const E extends Record<string, WorkerEvent> = Record<never, WorkerEvent>>(
  name: string,
  methods: M,
  events?: E,
): WorkerSpec<M, E> {
  return { name, methods, events: events ?? ({} as E) };
}

export type InputOf<M> = M extends WorkerMethod<infer I, unknown, unknown> ? I : never;
export type ResultOf<M> = M extends WorkerMethod<unknown, infer R, unknown> ? R : never;
export type ProgressOf<M> = M extends WorkerMethod<unknown, unknown, infer P> ? P : never;
export type PayloadOf<E> = E extends WorkerEvent<infer P> ? P : never;

/** How a failure crosses the worker boundary; rebuilt as a DeskFailure on the client. */
export interface WorkerFailure {
  code: string;
  userMessage: string;
  detail?: string;
}

/** Messages from the client to the worker. */
export type WorkerRequest = { kind: 'call'; id: number; method: string; input: unknown } | { kind: 'cancel'; id: number };

/** Messages from the worker to the client. */
export type WorkerReply =
  | { kind: 'result'; id: number; value: unknown }
  | { kind: 'failure'; id: number; error: WorkerFailure }
  | { kind: 'progress'; id: number; value: unknown }
  | { kind: 'event'; name: string; payload: unknown };
