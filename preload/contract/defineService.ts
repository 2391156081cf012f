import type { z } from 'zod';
import type { Result } from './result';

/** Every channel starts with this prefix; anything else is rejected on both sides. */
export const CHANNEL_PREFIX = 'desk:';

export interface MethodSpec<A extends z.ZodType<unknown[]> = z.ZodType<unknown[]>, R extends z.ZodType = z.ZodType> {
  /** Runtime schema of the argument list; main validates every call against it. */
  args: A;
  /** Schema of the value; documents the reply and lets tests check it. */
  result: R;
}

export interface ServiceSpec<
  M extends Record<string, MethodSpec> = Record<string, MethodSpec>,
  E extends Record<string, z.ZodType> = Record<string, z.ZodType>,
> {
  name: string;
  methods: M;
  /** Events main pushes to the renderer; the key is the listener method name without `on`. */
  events: E;
}

/** Declares one service of the IPC contract; channel names derive from it (`desk:<service>:<method>`). */
export function defineService<const M extends Record<string, MethodSpec>, const E extends Record<string, z.ZodType>>(
  name: string,
  methods: M,
  events: E,
): ServiceSpec<M, E> {
  return { name, methods, events };
}

export function methodChannel(service: string, method: string): string {
  return `${CHANNEL_PREFIX}${service}:${method}`;
}

export function eventChannel(service: string, event: string): string {
  return `${CHANNEL_PREFIX}${service}:event:${event}`;
}

type ArgsOf<T> = T extends unknown[] ? T : never;
type Capitalized<S extends string> = S extends `${infer H}${infer T}` ? `${Uppercase<H>}${T}` : S;

/** What the renderer sees for one service: named async methods returning results, and `on*` listeners. */
export type ClientOf<S extends ServiceSpec> = {
  [K in keyof S['methods']]: (...args: ArgsOf<z.input<S['methods'][K]['args']>>) => Promise<Result<z.output<S['methods'][K]['result']>>>;
} & {
  [K in keyof S['events'] & string as `on${Capitalized<K>}`]: (listener: (payload: z.output<S['events'][K]>) => void) => () => void;
};

/** What main implements for one service: plain async methods; throwing a DeskFailure becomes an error reply. */
export type ImplementationOf<S extends ServiceSpec> = {
  -readonly [K in keyof S['methods']]: (...args: ArgsOf<z.output<S['methods'][K]['args']>>) => Promise<z.input<S['methods'][K]['result']>>;
};

/** What a service implementation gets to push events with. */
export type EmitterOf<S extends ServiceSpec> = {
  -readonly [K in keyof S['events']]: (payload: z.input<S['events'][K]>) => void;
};
