import path from 'node:path';
import { bundleForBrowser } from '../support/bundleForBrowser';
import type { Browser, Page } from 'playwright';
import { startTestHost, type TestHost } from '../host/startTestHost';
import { launchChromium } from '../e2e/support/launchChromium';

const root = path.resolve(__dirname, '..', '..');

/** The app page in Chromium with the benchmark harness evaluated in it (`window.__deskBench`). */
export async function openBenchPage(): Promise<{ host: TestHost; browser: Browser; page: Page; close(): Promise<void> }> {
  const harness = await bundleForBrowser(path.join(root, 'test', 'support', 'bench', 'deskBenchHarness.ts'), { define: { 'process.env.NODE_ENV': '"production"' } });
  const host = await startTestHost();
  const browser = await launchChromium();
  const context = await browser.newContext({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  const page = await context.newPage();
  await page.goto(host.url);
  await page.getByTestId('auth-setup').waitFor();
  await page.evaluate(harness);
  return {
    host,
    browser,
    page,
    async close() {
      await browser.close();
      await host.close();
    },
  };
}

/** Calls one harness function in the page. */
export function bench<T>(page: Page, name: string, input?: unknown): Promise<T> {
  return page.evaluate(`window.__deskBench.${name}(${input === undefined ? '' : JSON.stringify(input)})`) as Promise<T>;
}
