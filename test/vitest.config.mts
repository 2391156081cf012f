import { defineConfig } from 'vitest/config';
import path from 'node:path';

const here = import.meta.dirname;
const root = path.resolve(here, '..');

/**
 * Test tiers mirror the code: unit (pure logic, fast), integration (real peers: SANE, pcscd,
 * tus server, Chromium-hosted IndexedDB), e2e (Playwright against the real renderer in Chromium).
 * Benchmarks live in test/bench and are run separately; no timed assertions here.
 */
export default defineConfig({
  root,
  test: {
    reporters: ['default', path.join(here, 'support', 'summaryReporter.ts')],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.{ts,tsx}'], environment: 'node', testTimeout: 20_000 },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
