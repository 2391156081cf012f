import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestAuthority } from './testPki';

/** Events a card service emitted, with a way to wait for the next one that matches. */
export interface EventLog<T> {
  all: T[];
  next(match: (event: T) => boolean, timeoutMs?: number): Promise<T>;
  push(event: T): void;
}

export function createEventLog<T>(): EventLog<T> {
  const all: T[] = [];
  const waiters: { match: (event: T) => boolean; resolve: (event: T) => void }[] = [];
  return {
    all,
    push(event) {
      all.push(event);
      for (const waiter of [...waiters]) {
        if (waiter.match(event)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(event);
        }
      }
    },
    next(match, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching event within ${timeoutMs} ms; saw ${JSON.stringify(all.slice(-5))}`)), timeoutMs);
        waiters.push({ match, resolve: (event) => (clearTimeout(timer), resolve(event)) });
      });
    },
  };
}

/** A CSCA trust store folder holding one test CSCA certificate. */
export async function trustStoreWith(csca: TestAuthority): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'motcua-csca-'));
  await writeFile(path.join(dir, 'csca-test.cer'), csca.certificate);
  return dir;
}

/** Polls until `check` holds. */
export async function eventually(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
