import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright';
import { startTestHost, type TestHost, type TestHostOptions } from '../../host/startTestHost';
import { launchChromium } from './launchChromium';
import { SignInPage } from '../pages/SignInPage';

/**
 * The LSTM-only tesseract.js core prints these while loading the vie/eng data, whose embedded config
 * names two legacy-engine parameters that core does not have; they are harmless and cannot be turned off.
 */
const KNOWN_ENGINE_NOISE = /^Warning: Parameter not found: (language_model_ngram_on|classify_misfit_junk_penalty)$/;

export interface DeskFixture {
  readonly host: TestHost;
  readonly browser: Browser;
  /**
   * A fresh browser profile (empty IndexedDB) with the app loaded and its first-run administrator
   * created and signed in through the real setup screen; closed after the test. With
   * `{ signIn: false }` the page is left on the first-run screen.
   */
  openApp(options?: { signIn?: boolean }): Promise<{ context: BrowserContext; page: Page; errors: string[] }>;
}

/**
 * Per test file: one test host (real main services) and one Chromium; per test: a fresh context,
 * so every test starts from an empty database. Page errors are collected so tests can assert none.
 */
export function useDesk(options: TestHostOptions = {}): DeskFixture {
  let host: TestHost | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    const rendererIndex = path.resolve(__dirname, '..', '..', '..', 'dist', 'renderer', 'index.html');
    if (!existsSync(rendererIndex)) throw new Error('Chưa build giao diện: chạy `npm run build` trước khi chạy e2e.');
    host = await startTestHost(options);
    browser = await launchChromium();
  });

  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
  });

  return {
    get host() {
      if (!host) throw new Error('test host not started');
      return host;
    },
    get browser() {
      if (!browser) throw new Error('browser not started');
      return browser;
    },
    async openApp({ signIn = true } = {}) {
      if (!browser || !host) throw new Error('fixture not started');
      const context = await browser.newContext({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', viewport: { width: 1366, height: 860 } });
      contexts.push(context);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error' && !KNOWN_ENGINE_NOISE.test(message.text())) errors.push(message.text());
      });
      await page.goto(host.url);
      if (signIn) await new SignInPage(page).createFirstAdmin();
      return { context, page, errors };
    },
  };
}
