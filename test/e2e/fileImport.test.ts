import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { useDesk } from './support/deskFixture';
import { IntakePage } from './pages/IntakePage';

const run = promisify(execFile);
const tiffPath = path.join(__dirname, '..', 'unit', 'scan', 'fixtures', 'threePages.tif');
const jpegPath = path.join(__dirname, '..', 'unit', 'pdf', 'fixtures', 'small.jpg');
const desk = useDesk({ serviceOptions: { scanners: { sane: false } } });

describe('importing TIFF and PDF files into a dossier in Chromium', () => {
  it('converts every TIFF and PDF page in main and stores them like scanned pages; a cut-off file is named', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'motcua-import-'));
    const pdfPath = path.join(dir, 'ho-so.pdf');
    await run('img2pdf', ['--output', pdfPath, jpegPath, jpegPath]);
    const tiff = await readFile(tiffPath);
    const { page, errors } = await desk.openApp();
    const intake = new IntakePage(page);
    await intake.chooseProcedure('trung tam nghien cuu');
    await intake.addPages(0, [
      { name: 'ba-trang.tif', mimeType: 'image/tiff', buffer: tiff },
      { name: 'ho-so.pdf', mimeType: 'application/pdf', buffer: await readFile(pdfPath) },
      { name: 'cut.tif', mimeType: 'image/tiff', buffer: tiff.subarray(0, 900) },
    ]);
    await expect.poll(() => intake.component(0).getByTestId('page-thumb').count(), { timeout: 30_000 }).toBe(5);
    await expect.poll(() => page.getByTestId('scan-status').textContent()).toContain('Tệp “cut.tif” bị hỏng');
    // Converted pages show as images (no TIFF placeholder left).
    expect(await intake.component(0).locator('.thumb-placeholder').count()).toBe(0);
    expect(await page.evaluate(async () => window.desk!.scan.pending())).toEqual({ ok: true, value: [] });
    expect(errors).toEqual([]);
  });
});
