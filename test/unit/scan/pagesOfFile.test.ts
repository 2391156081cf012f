import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { DeskFailure } from '../../../preload/shared/errors/DeskFailure';
import { pagesOfFile, type ImportedPage } from '../../../main/scan/pagesOfFile';
import { makePng } from '../../support/makePng';
import { readPngPixels } from '../../support/readPngPixels';

/** Three pages written by another TIFF encoder (LZW): RGB 120×160, grey 100×140, 1-bit 64×96, all 300 dpi. */
const tiff = new Uint8Array(readFileSync(path.join(__dirname, 'fixtures', 'threePages.tif')));
/** Two CCITT group 4 bilevel pages at 200 dpi, from the same encoder. */
const g4 = new Uint8Array(readFileSync(path.join(__dirname, 'fixtures', 'bilevelG4.tif')));
const jpeg = new Uint8Array(readFileSync(path.join(__dirname, '..', 'pdf', 'fixtures', 'small.jpg')));

async function collect(name: string, bytes: Uint8Array): Promise<ImportedPage[]> {
  const pages: ImportedPage[] = [];
  for await (const page of pagesOfFile(name, bytes)) pages.push(page);
  return pages;
}

async function expectBadFile(name: string, bytes: Uint8Array): Promise<DeskFailure> {
  const error = await collect(name, bytes).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeskFailure);
  expect((error as DeskFailure).code).toBe('scanner-bad-file');
  expect((error as DeskFailure).userMessage).toContain(`Tệp “${name}”`);
  expect((error as DeskFailure).userMessage).toContain('Tệp gốc được giữ nguyên');
  return error as DeskFailure;
}

describe('importing files as pages', () => {
  it('keeps JPEG and PNG byte for byte', async () => {
    const [page] = await collect('a.jpg', jpeg);
    expect(page!.mime).toBe('image/jpeg');
    expect(page!.data).toBe(jpeg);
    const png = makePng(40, 30);
    expect(await collect('b.png', png)).toEqual([{ mime: 'image/png', data: png, width: 40, height: 30 }]);
  });

  it('converts every page of a multi-page TIFF to PNG, with its resolution', async () => {
    const pages = await collect('ho-so.tif', tiff);
    expect(pages.map((p) => [p.mime, p.width, p.height, p.dpi])).toEqual([
      ['image/png', 120, 160, 300],
      ['image/png', 100, 140, 300],
      ['image/png', 64, 96, 300],
    ]);
    const first = readPngPixels(pages[0]!.data);
    const at = (x: number, y: number) => [...first.rgb.subarray((y * first.width + x) * 3, (y * first.width + x) * 3 + 3)];
    expect(at(20, 15)).toEqual([200, 30, 30]);
    expect(at(100, 100)).toEqual([255, 255, 255]);
    const bilevel = readPngPixels(pages[2]!.data);
    expect([...bilevel.rgb.subarray((10 * 64 + 10) * 3, (10 * 64 + 10) * 3 + 3)]).toEqual([0, 0, 0]);
  });

  it('takes the scanned image out of each PDF page, JPEG untouched', async () => {
    const doc = await PDFDocument.create();
    const image = await doc.embedJpg(jpeg);
    doc.addPage([595, 842]).drawImage(image, { x: 0, y: 0, width: 595, height: 842 });
    const pdf = await doc.save();
    const [page] = await collect('scan.pdf', pdf);
    expect(page!.mime).toBe('image/jpeg');
    expect(Buffer.from(page!.data).equals(Buffer.from(jpeg))).toBe(true);
  });

  it('refuses a text-only PDF page by name', async () => {
    const doc = await PDFDocument.create();
    doc.addPage().drawText('Don de nghi', { font: await doc.embedFont(StandardFonts.Helvetica) });
    const failure = await expectBadFile('van-ban.pdf', await doc.save());
    expect(failure.detail).toContain('no scanned image');
  });

  it.each([
    ['empty.png', new Uint8Array(0)],
    ['notes.txt', new TextEncoder().encode('không phải ảnh')],
    ['cut.jpg', jpeg.subarray(0, Math.floor(jpeg.length / 2))],
    ['cut.png', makePng(40, 30).subarray(0, 60)],
    ['cut.tif', tiff.subarray(0, 900)],
    ['cut.pdf', new TextEncoder().encode('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\n')],
  ])('refuses %s with a Vietnamese message naming the file', async (name, bytes) => {
    await expectBadFile(name, bytes);
  });

  it('reads CCITT group 4 pages', async () => {
    const pages = await collect('g4.tif', g4);
    expect(pages.map((p) => [p.width, p.height, p.dpi])).toEqual([
      [200, 280, 200],
      [100, 120, 200],
    ]);
    const { rgb } = readPngPixels(pages[0]!.data);
    expect(rgb[(20 * 200 + 20) * 3]).toBe(0);
    expect(rgb[(250 * 200 + 190) * 3]).toBe(255);
  });

  it.each([
    ['LZW', tiff],
    ['group 4', g4],
  ])('never hangs, crashes or fails other than with the bad-file error on damaged %s TIFFs', async (_kind, source) => {
    await fc.assert(
      fc.asyncProperty(fc.nat(source.length - 1), fc.uint8Array({ minLength: 1, maxLength: 8 }), fc.boolean(), async (at, noise, cut) => {
        const damaged = cut ? source.subarray(0, at) : Uint8Array.from([...source.subarray(0, at), ...noise, ...source.subarray(at + noise.length)]);
        try {
          // A small pixel budget keeps the run short; the property is the same at any budget.
          for await (const page of pagesOfFile('x.tif', damaged, { maxPixels: 1_000_000 })) expect(page.width * page.height).toBeGreaterThan(0);
        } catch (error) {
          expect(error).toBeInstanceOf(DeskFailure);
          expect((error as DeskFailure).code).toBe('scanner-bad-file');
        }
      }),
      // Seeds that once found a crash (an out-of-range resolution tag) are replayed on every run.
      { numRuns: 200, examples: [[621, Uint8Array.from([0, 0, 7]), false]] },
    );
  });
});
