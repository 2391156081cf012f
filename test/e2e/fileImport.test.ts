import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { useDesk } from './support/deskFixture';
import { IntakePage } from './pages/IntakePage';
import { encodePng } from '../../main/scan/encodePng';

/** An A4-shaped page at 60 dpi: blank, or with text lines tilted by `degrees`. */
function testPage(degrees: number | 'blank', dpi: number): Buffer {
  const width = 496;
  const height = 702;
  const rgb = new Uint8Array(width * height * 3).fill(255);
  if (degrees !== 'blank') {
    const t = Math.tan((degrees * Math.PI) / 180);
    for (let line = 0; line < 30; line += 1) {
      for (let x = 60; x < 436; x += 1) {
        if (x % 9 === 0) continue;
        const y = Math.round(80 + line * 18 + (x - width / 2) * t);
        for (let dy = 0; dy < 4; dy += 1) rgb.fill(30, ((y + dy) * width + x) * 3, ((y + dy) * width + x) * 3 + 3);
      }
    }
  }
  return encodePng(width, height, rgb, dpi);
}

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

  it('flags blank, skewed and low-resolution pages, straightens on request, and rotates, reorders and splits pages', async () => {
    const { page, errors } = await desk.openApp();
    const intake = new IntakePage(page);
    await intake.chooseProcedure('1.014392.H38');
    await intake.addPages(0, [
      { name: 'p1.png', mimeType: 'image/png', buffer: testPage(0, 300) },
      { name: 'p2.png', mimeType: 'image/png', buffer: testPage('blank', 300) },
      { name: 'p3.png', mimeType: 'image/png', buffer: testPage(3, 300) },
    ]);
    const thumbs = intake.component(0).getByTestId('page-thumb');
    await expect.poll(() => thumbs.count()).toBe(3);
    await expect.poll(() => intake.component(0).locator('[data-checked=yes]').count(), { timeout: 30_000 }).toBe(3);
    // Pages the browser imported carry no resolution: the officer is told so.
    expect(await thumbs.nth(0).getByTestId('page-flag').evaluateAll((flags) => flags.map((f) => f.getAttribute('data-flag')))).toEqual(['dpi']);
    expect(await thumbs.nth(1).getByTestId('page-flag').evaluateAll((flags) => flags.map((f) => f.getAttribute('data-flag')))).toEqual(['blank', 'dpi']);
    expect(await thumbs.nth(2).locator('[data-flag=skew]').textContent()).toMatch(/Nghiêng 3\.0°/);
    // Flagged, never removed.
    expect(await thumbs.count()).toBe(3);

    await thumbs.nth(2).getByRole('button', { name: 'Chỉnh thẳng' }).click();
    await expect.poll(() => thumbs.nth(2).locator('[data-flag=skew]').count()).toBe(0);

    await thumbs.nth(0).getByRole('button', { name: 'Xoay trang 90° 1' }).click();
    await expect.poll(() => thumbs.nth(0).locator('img').getAttribute('class')).toBe('rot-90');
    await thumbs.nth(0).getByRole('button', { name: 'Đưa trang ra sau 1' }).click();
    await expect.poll(() => thumbs.nth(1).locator('img').getAttribute('class')).toBe('rot-90');

    // Split: the second page and the ones after it go to the second component.
    await thumbs.nth(1).getByRole('combobox', { name: /Tách từ trang này/ }).selectOption({ index: 1 });
    await expect.poll(() => intake.component(0).getByTestId('page-thumb').count()).toBe(1);
    await expect.poll(() => intake.component(1).getByTestId('page-thumb').count()).toBe(2);
    // The blank page stays where it was: the first page of the first component.
    expect(await intake.component(0).locator('[data-flag=blank]').count()).toBe(1);
    expect(errors).toEqual([]);
  });
});
