import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright';
import { bundleForBrowser } from '../bundleForBrowser';
import { launchChromium } from '../../e2e/support/launchChromium';
import { startTestHost, type TestHost } from '../../host/startTestHost';

const root = path.resolve(__dirname, '..', '..', '..');
/** Short backoff so a test does not wait minutes for a desk to try again. */
const FAST = { backoffBaseMs: 50, backoffCapMs: 800, probeCapMs: 400, pullIntervalMs: 1_000 };

export interface SeededDossier {
  id: string;
  code: string;
  files: Array<{ name: string; sha256: string; size: number }>;
}

export interface OutboxView {
  byState: Record<string, number>;
  items: Array<{ id: string; state: string; attempts: number; lastError?: string; bytesSent?: number; bytesTotal?: number; files?: Array<{ name: string; done?: boolean; uploadUrl?: string }>; updatedAt: number; nextAttemptAt: number }>;
}

/** One desk: its own browser profile (IndexedDB, outbox) running the real sync worker. */
export interface ChromiumDesk {
  name: string;
  page: Page;
  errors: string[];
  seed(input: { sizes: number[][]; seed: number; from?: number }): Promise<SeededDossier[]>;
  start(token: string, concurrency?: number): Promise<void>;
  outbox(): Promise<OutboxView>;
  waitForOutbox(done: (view: OutboxView) => boolean, timeoutMs: number): Promise<OutboxView>;
}

export interface ChromiumDesks {
  open(name: string): Promise<ChromiumDesk>;
  close(): Promise<void>;
}

/**
 * Desks as the sync tests run them (test/support/sync/syncHarness.ts): a page of the app's origin
 * in Chromium, served with the app's CSP that lets it reach `serverUrl`, holding dossiers in the
 * app's IndexedDB and the outbox through the real `enqueueDelivery`, delivered by the real sync
 * worker (gateway client + tus-js-client). Needs `npm run build` (the renderer the host serves).
 */
export async function startChromiumDesks(serverUrl: string): Promise<ChromiumDesks> {
  const [harness, workerCode] = await Promise.all([bundleForBrowser(path.join(root, 'test', 'support', 'sync', 'syncHarness.ts')), bundleForBrowser(path.join(root, 'renderer', 'workers', 'syncWorker.ts'))]);
  const browser: Browser = await launchChromium();
  let host: TestHost;
  try {
    host = await startTestHost({ serviceOptions: { mode: 'production', sync: { serverUrl } } });
  } catch (error) {
    await browser.close();
    throw error;
  }
  const contexts: BrowserContext[] = [];
  return {
    async open(name) {
      const context = await browser.newContext();
      contexts.push(context);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(host.url.replace('index.html', 'favicon.svg'));
      await page.evaluate(harness);
      const call = <T>(fn: string, ...args: unknown[]) => page.evaluate(`window.__syncHarness.${fn}(...${JSON.stringify(args)})`) as Promise<T>;
      const outbox = () => call<OutboxView>('outbox');
      return {
        name,
        page,
        errors,
        seed: (input) => call<SeededDossier[]>('seed', input),
        start: (token, concurrency = 2) => call('start', workerCode, { serverUrl, token, concurrency, tuning: FAST }),
        outbox,
        async waitForOutbox(done, timeoutMs) {
          const deadline = Date.now() + timeoutMs;
          let view = await outbox();
          while (!done(view)) {
            if (Date.now() > deadline) throw new Error(`${name}: outbox did not settle: ${JSON.stringify(view.byState)} ${JSON.stringify(view.items.filter((item) => item.state !== 'delivered').slice(0, 3))}`);
            await new Promise((resolve) => setTimeout(resolve, 200));
            view = await outbox();
          }
          return view;
        },
      };
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close();
      await host.close();
    },
  };
}
