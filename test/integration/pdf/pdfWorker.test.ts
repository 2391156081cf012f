import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Plugin } from 'esbuild';
import { bundleForBrowser } from '../../support/bundleForBrowser';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../e2e/support/launchChromium';
import { startTestHost, type TestHost } from '../../host/startTestHost';
import { renderTestPages, type RenderedPage } from '../../support/ocr/renderTestPages';
import { samplePage } from '../../support/ocr/vietnameseSamples';
import { requireTools, run } from '../../support/ocr/requireTools';
import { createNodeOcrEngine } from '../../../main/ocr/createNodeOcrEngine';
import type { OcrPage } from '../../../preload/shared/ocr/ocrTypes';

const root = path.resolve(__dirname, '..', '..', '..');

/** Vite's `?url` imports, resolved for the esbuild test bundle as data: URLs (allowed by the CSP's connect-src). */
const urlImports: Plugin = {
  name: 'url-imports',
  setup(b) {
    b.onResolve({ filter: /\?url$/ }, (args) => ({ path: path.resolve(args.resolveDir, args.path.replace(/\?url$/, '')), namespace: 'asset-url' }));
    b.onLoad({ filter: /.*/, namespace: 'asset-url' }, async (args) => ({ contents: `export default ${JSON.stringify(`data:application/octet-stream;base64,${(await readFile(args.path)).toString('base64')}`)};`, loader: 'js' }));
  },
};

function bundle(entry: string): Promise<string> {
  return bundleForBrowser(entry, { plugins: [urlImports] });
}

let host: TestHost;
let browser: Browser;
let pages: RenderedPage[];
let ocr: OcrPage;
let dir: string;

describe('PDF packaging worker in Chromium over the app database', () => {
  beforeAll(async () => {
    requireTools('qpdf', 'pdftotext', 'pdfinfo');
    if (!existsSync(path.join(root, 'dist', 'renderer', 'index.html'))) throw new Error('Chưa build giao diện: chạy `npm run build` trước.');
    dir = await mkdtemp(path.join(os.tmpdir(), 'motcua-pdf-worker-'));
    host = await startTestHost();
    browser = await launchChromium();
    pages = await renderTestPages(browser, [
      { sample: samplePage(0, 1), degradation: { dpi: 200, format: 'jpeg', seed: 31 } },
      { sample: samplePage(1, 1), degradation: { dpi: 300, format: 'bilevel', seed: 32 } },
    ]);
    const engine = await createNodeOcrEngine();
    try {
      ocr = await engine.recognizer.recognize(pages[0]!.bytes, Buffer.from(pages[0]!.bytes), { dpi: 200 });
    } finally {
      await engine.close();
    }
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('stores one sealed PDF per component (replacing the previous one) and refuses a broken page in Vietnamese', async () => {
    const [harness, workerCode] = await Promise.all([bundle(path.join(root, 'test', 'support', 'ocr', 'pdfWorkerHarness.ts')), bundle(path.join(root, 'renderer', 'workers', 'pdfPackagingWorker.ts'))]);
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(host.url);
    await page.evaluate(harness);
    const input = {
      workerCode,
      pages: pages.map((p, i) => ({ base64: Buffer.from(p.bytes).toString('base64'), mime: i === 0 ? 'image/jpeg' : 'image/png', dpi: p.dpi, ...(i === 0 ? { ocr } : {}) })),
    };
    const result = (await page.evaluate(`window.__pdfWorkerHarness.run(${JSON.stringify(input)})`)) as {
      first: { ok: boolean; value?: { sha256: string; pageCount: number; wordCount: number } };
      again: { ok: boolean; value?: { sha256: string } };
      bad: { ok: boolean; code?: string; message?: string };
      fileCount: number;
      badFiles: number;
      file?: { name: string; sha256: string; base64: string };
    };
    await context.close();

    expect(result.first).toMatchObject({ ok: true, value: { pageCount: 2 } });
    expect(result.first.value!.wordCount).toBeGreaterThan(50);
    // Same pages, same dossier facts: the same bytes, and still one file for the component.
    expect(result.again.value?.sha256).toBe(result.first.value!.sha256);
    expect(result.fileCount).toBe(1);
    expect(result.bad).toMatchObject({ ok: false, code: 'image-truncated', message: 'Trang 1: Ảnh JPEG bị cắt cụt (tệp chưa ghi hết). Hãy quét lại trang này.' });
    expect(result.badFiles).toBe(0);
    expect(errors).toEqual([]);

    const pdf = Buffer.from(result.file!.base64, 'base64');
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(result.file!.sha256);
    expect(result.file!.name).toBe('000.00.16.H27-261124-0009_to-khai.pdf');
    const file = path.join(dir, 'worker.pdf');
    await writeFile(file, pdf);
    expect(run('qpdf', ['--check', file])).toContain('No syntax or stream encoding errors');
    expect(run('pdfinfo', [file])).toContain('Keywords:        000.00.16.H27-261124-0009; 1.001193; Tờ khai');
    expect(run('pdftotext', ['-f', '1', '-l', '1', '-enc', 'UTF-8', file, '-'])).toContain('Luật Hộ tịch');
  });
});
