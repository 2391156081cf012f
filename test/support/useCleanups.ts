import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';

export interface Cleanups {
  /** Runs `cleanup` after the current test, the last registered first. */
  defer(cleanup: () => Promise<unknown>): void;
  /** A fresh folder under the system's temporary one, removed after the test. */
  tempDir(prefix: string): Promise<string>;
}

/**
 * What a test started (processes, servers, folders) undone after it, pass or fail, in the reverse
 * order of starting, so a hub is stopped before the database and folders it uses. With
 * `ignoreErrors`, a cleanup that fails (a process a fault test already killed) does not stop the rest.
 */
export function useCleanups(options: { ignoreErrors?: boolean } = {}): Cleanups {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await (options.ignoreErrors ? cleanup().catch(() => undefined) : cleanup());
  });
  return {
    defer: (cleanup) => void cleanups.push(cleanup),
    async tempDir(prefix) {
      const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
      cleanups.push(() => rm(dir, { recursive: true, force: true }));
      return dir;
    },
  };
}
