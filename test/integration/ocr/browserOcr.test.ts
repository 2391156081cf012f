import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { bundleForBrowser } from '../../support/bundleForBrowser';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../e2e/support/launchChromium';
import { startTestHost, type TestHost } from '../../host/startTestHost';
import { renderTestPages, type RenderedPage } from '../../support/ocr/renderTestPages';
import { samplePage } from '../../support/ocr/vietnameseSamples';
import { characterErrorRate } from '../../support/ocr/characterErrorRate';
import { requireTools, run } from '../../support/ocr/requireTools';

const root = path.resolve(__dirname, '..', '..', '..');
let host: TestHost;
let browser: Browser;
let harness: string;
let pages: RenderedPage[];
let dir: string;

interface HarnessResult {
  poolSize: number;
  ocr: { recognised: number; failed: unknown[] };
  ocrMs: number;
  cancelled: string;
  texts: string[];
  rotations: number[];
  wordsPerPage: number[];
  hits: Array<{ pageId: string; excerpt: string }>;
  packaged: { sha256: string; size: number; pageCount: number; wordCount: number };
  file: { name: string; sha256: string; base64: string };
  filesForComponent: number;
}

describe('renderer OCR pool and packaging in Chromium, served like app://', () => {
  beforeAll(async () => {
    requireTools('qpdf', 'pdftotext');
    for (const file of ['index.html', 'ocr/worker.min.js', 'ocr/vie.traineddata.gz', 'ocr/eng.traineddata.gz']) {
      if (!existsSync(path.join(root, 'dist', 'renderer', file))) throw new Error(`Thiếu dist/renderer/${file}: chạy \`npm run build\` trước.`);
    }
    dir = await mkdtemp(path.join(os.tmpdir(), 'motcua-browser-ocr-'));
    harness = await bundleForBrowser(path.join(root, 'test', 'support', 'ocr', 'browserOcrHarness.ts'));
    host = await startTestHost();
    browser = await launchChromium();
    pages = await renderTestPages(browser, [
      { sample: samplePage(0, 2), degradation: { dpi: 200, format: 'jpeg', rotationDeg: 0.8, blurPx: 0.3, specksPerCm2: 1, seed: 21 } },
      { sample: samplePage(2, 2), degradation: { dpi: 300, format: 'bilevel', specksPerCm2: 0.5, seed: 22 } },
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('recognises pages in browser workers, stores text and a sealed searchable PDF in IndexedDB', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(host.url);
    await page.evaluate(harness);
    const input = {
      // The second sheet went through the feeder sideways; the officer turned it upright (rotation 90).
      pages: pages.map((p, i) => ({ base64: Buffer.from(p.bytes).toString('base64'), mime: i === 0 ? 'image/jpeg' : 'image/png', dpi: p.dpi, sideways: i === 1 })),
      fontBase64: (await readFile(path.join(root, 'assets', 'fonts', 'NotoSans-Regular.ttf'))).toString('base64'),
      query: 'cong hoa xa hoi chu nghia viet nam',
    };
    const result = (await page.evaluate(`window.__ocrHarness.run(${JSON.stringify(input)})`)) as HarnessResult;
    await context.close();

    expect(result.ocr).toEqual({ recognised: 2, failed: [] });
    expect(result.rotations).toEqual([0, 90]);
    expect(result.poolSize).toBeGreaterThanOrEqual(1);
    for (const [i, text] of result.texts.entries()) {
      const cer = characterErrorRate(pages[i]!.text, text);
      // The 200 dpi page is skewed, blurred and specked; most of its errors are the two header columns read across.
      expect(cer, `page ${i} CER ${cer.toFixed(3)}\n${text}`).toBeLessThan(i === 0 ? 0.25 : 0.15);
      expect(result.wordsPerPage[i]).toBeGreaterThan(50);
    }
    expect(result.hits.map((hit) => hit.pageId)).toEqual(['p0', 'p1']);
    expect(result.cancelled).toBe('cancelled: Đã hủy nhận dạng chữ cho trang này.');
    // Everything came from the app's own origin: no CDN, no other host.
    const origin = new URL(host.url).origin;
    expect(requests.filter((url) => !url.startsWith(origin) && !url.startsWith('blob:') && !url.startsWith('data:'))).toEqual([]);
    expect(requests.some((url) => url.endsWith('/ocr/vie.traineddata.gz'))).toBe(true);
    expect(errors).toEqual([]);

    const pdf = Buffer.from(result.file.base64, 'base64');
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(result.file.sha256);
    expect(result.file.name).toBe('000.00.16.H27-261124-0001_to-khai-dang-ky-khai-sinh.pdf');
    expect(result.filesForComponent).toBe(1);
    const file = path.join(dir, 'browser.pdf');
    await writeFile(file, pdf);
    expect(run('qpdf', ['--check', file])).toContain('No syntax or stream encoding errors');
    const layer = run('pdftotext', ['-enc', 'UTF-8', file, '-']);
    expect(characterErrorRate(pages.map((p) => p.text).join('\n'), layer)).toBeLessThan(0.15);
    console.info(`browser OCR: ${result.poolSize} engine(s), 2 pages in ${Math.round(result.ocrMs)} ms`);
  });
});
