/**
 * Bytes checked at the far end, for every page source: each test takes pages in from one source in
 * Chromium, seals and digitizes the dossier, then compares
 *  (a) the page the desk stored, read back through its own data layer (decrypted), and
 *  (b) the image inside the component PDF digitizing made, taken out by poppler's `pdfimages`,
 * with what the device or file produced, captured independently of the desk. JPEGs are compared
 * byte for byte (they must never be re-encoded); every other image by the SHA-256 of its decoded
 * RGBA pixels. Where the desk derives the page (TIFF, a Flate image of a PDF and WebP become PNG;
 * a straightened page is redrawn), the test says what the derived page must equal. OCR reads its
 * own upright copy of a page; that copy goes nowhere, so it is not compared.
 */
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright';
import { useDesk } from './support/deskFixture';
import { readStoredDossier, type StoredDossier } from './support/readStoredDossier';
import { sealAndDigitize, startDossier } from './support/sealAndDigitize';
import { decodeImageInChromium } from './support/decodeImageInChromium';
import { createEsclSimulator, type EsclSimulator } from '../support/escl/createEsclSimulator';
import { saneTestEnvironment } from '../support/saneTestBackend';
import { decodePngPixels, rgbToRgba, type RgbaPixels } from '../support/image/decodePngPixels';
import { bytesDigest, pixelDigest } from '../support/image/imageDigest';
import { makeRgbTiff } from '../support/image/makeRgbTiff';
import { makePng } from '../support/makePng';
import { extractPdfImages, type PdfImage } from '../support/pdf/extractPdfImages';
import { drawDemoPage } from '../../main/scan/demoScanner';
import { encodePng } from '../../main/scan/encodePng';

const run = promisify(execFile);
const jpegPath = path.join(__dirname, '..', 'unit', 'pdf', 'fixtures', 'small.jpg');

/** What a page must be, wherever it is found: the same JPEG bytes, or the same decoded pixels. */
type Expected = { jpeg: Uint8Array } | { pixels: RgbaPixels };

function digestOf(expected: Expected): string {
  return 'jpeg' in expected ? `jpeg:${bytesDigest(expected.jpeg)}` : `pixels:${pixelDigest(expected.pixels)}`;
}

/** The stored page judged as `expected` judges: its bytes for a JPEG, its decoded pixels otherwise. */
function storedDigest(page: StoredDossier['pages'][number], expected: Expected): string {
  if ('jpeg' in expected) return `jpeg:${bytesDigest(page.image)}`;
  if (page.mime !== 'image/png') throw new Error(`stored page ${page.id} is ${page.mime}, expected a lossless PNG`);
  return `pixels:${pixelDigest(decodePngPixels(page.image))}`;
}

function pdfDigest(image: PdfImage, expected: Expected): string {
  if ('jpeg' in expected) return image.kind === 'jpeg' ? `jpeg:${bytesDigest(image.bytes)}` : `not a JPEG (${image.kind})`;
  if (image.kind !== 'png') throw new Error(`PDF image on page ${image.page} is ${image.kind}, expected lossless samples`);
  return `pixels:${pixelDigest(decodePngPixels(image.bytes))}`;
}

/** Digests seen along the path, printed so the run shows what was compared. */
const seen: string[] = [];

/**
 * Checks every page of the digitized dossier against what the source produced, in order: the
 * stored page (a) and the image of the matching page of the one component PDF (b).
 */
async function expectSamePagesAtTheFarEnd(page: Page, source: string, expected: Expected[]): Promise<void> {
  const stored = await readStoredDossier(page);
  expect(stored.pages).toHaveLength(expected.length);
  expect(stored.files).toHaveLength(1);
  const images = await extractPdfImages(stored.files[0]!.data);
  // One image a page: no mask or second layer that a reader would composite over the scan.
  expect(images.map((image) => image.page)).toEqual(expected.map((_, i) => i + 1));
  for (const [i, want] of expected.entries()) {
    const digest = digestOf(want);
    expect(storedDigest(stored.pages[i]!, want), `${source} page ${i + 1} as stored`).toBe(digest);
    expect(pdfDigest(images[i]!, want), `${source} page ${i + 1} in the PDF`).toBe(digest);
    seen.push(`${source} p${i + 1} ${digest.slice(0, digest.indexOf(':') + 13)}`);
  }
}

/** A colourful page: gradients and bars, so a changed, dropped or shifted sample changes the digest. */
function colourPage(width: number, height: number, seed: number): Uint8Array {
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const at = (y * width + x) * 3;
      const bar = Math.floor(y / 12) % 4 === 1 && x > 20 && x < width - 20;
      rgb[at] = bar ? 25 : (x * 255) / width + seed;
      rgb[at + 1] = bar ? 25 : (y * 255) / height;
      rgb[at + 2] = bar ? 25 : ((x + y) * seed) & 0xff;
    }
  }
  return rgb;
}

/** A white page with dark text lines tilted by `degrees`, for the skew check to find. */
function skewedPage(width: number, height: number, degrees: number): Uint8Array {
  const rgb = new Uint8Array(width * height * 3).fill(255);
  const t = Math.tan((degrees * Math.PI) / 180);
  for (let line = 0; line < 24; line += 1) {
    for (let x = 50; x < width - 50; x += 1) {
      if (x % 9 === 0) continue;
      const y = Math.round(60 + line * 18 + (x - width / 2) * t);
      for (let dy = 0; dy < 4; dy += 1) if (y + dy >= 0 && y + dy < height) rgb.fill(30, ((y + dy) * width + x) * 3, ((y + dy) * width + x) * 3 + 3);
    }
  }
  return rgb;
}

async function scanOnePageFrom(page: Page, deviceId: string, settings: { source?: string; dpi?: string; pages?: number } = {}): Promise<void> {
  const device = page.locator('[name=scanDevice]');
  await expect.poll(() => device.locator(`option[value="${deviceId}"]`).count(), { timeout: 15_000 }).toBe(1);
  await device.selectOption(deviceId);
  if (settings.source) await page.locator('[name=scanSource]').selectOption(settings.source);
  if (settings.dpi) await page.locator('[name=scanDpi]').selectOption(settings.dpi);
  const component = page.getByTestId('component').first();
  await component.getByRole('button', { name: 'Quét vào thành phần này' }).click();
  const pages = settings.pages ?? 1;
  await expect.poll(() => page.getByTestId('scan-status').textContent(), { timeout: 60_000 }).toContain(`Đã quét xong ${pages} trang.`);
  await expect.poll(() => component.getByTestId('page-thumb').count()).toBe(pages);
  expect(await page.evaluate(async () => window.desk!.scan.pending())).toEqual({ ok: true, value: [] });
}

// scanimage, wrapped so the test sees the exact arguments the desk ran it with and can run it again.
const saneDir = await mkdtemp(path.join(os.tmpdir(), 'motcua-fidelity-sane-'));
const saneArgsLog = path.join(saneDir, 'args.txt');
const scanimageWrapper = path.join(saneDir, 'scanimage');
await writeFile(scanimageWrapper, `#!/bin/sh\ncase "$*" in *--batch=*) printf '%s\\n' "$@" > '${saneArgsLog}' ;; esac\nexec scanimage "$@"\n`);
await chmod(scanimageWrapper, 0o755);
const saneEnv = saneTestEnvironment();

const hotFolder = await mkdtemp(path.join(os.tmpdir(), 'motcua-fidelity-folder-'));

let sim: EsclSimulator;
// Registered before useDesk's hooks, so the simulator's port is known when the host starts.
beforeAll(async () => {
  sim = await createEsclSimulator({ makeAndModel: 'Máy quét mạng eSCL', sheets: 1 });
});
afterAll(async () => {
  await sim.close();
  process.stdout.write(`page fidelity digests:\n  ${seen.join('\n  ')}\n`);
});

const desk = useDesk({
  esclUrls: () => [sim.url],
  serviceOptions: {
    scanners: {
      demo: { sheets: 1, pageDelayMs: 0 },
      sane: { env: saneEnv, scanimage: scanimageWrapper, extraArgs: { 'test:0': ['--test-picture=Color pattern'] } },
      escl: { retryDelayMs: 50 },
      folders: { folders: [{ path: hotFolder, name: 'Thư mục máy quét' }], pollMs: 100, settleMs: 200, idleEndMs: 800 },
    },
  },
});

describe('every page source: the page stored and the page in the digitized PDF are what the source produced', () => {
  it('demo scanner: the stored PNG is the generator’s PNG byte for byte, the PDF holds its pixels', async () => {
    const { page, errors } = await desk.openApp();
    await startDossier(page);
    await scanOnePageFrom(page, 'demo:1', { source: 'platen', dpi: '150' });
    await sealAndDigitize(page);
    // The demo page drawn again in Node, with the same page number (its seed) and settings.
    const drawn = drawDemoPage(1, { dpi: 150, colorMode: 'color' });
    const png = encodePng(drawn.width, drawn.height, drawn.rgb, 150);
    expect(bytesDigest((await readStoredDossier(page)).pages[0]!.image)).toBe(bytesDigest(png));
    await expectSamePagesAtTheFarEnd(page, 'demo', [{ pixels: rgbToRgba(drawn.width, drawn.height, drawn.rgb) }]);
    expect(errors).toEqual([]);
  });

  it('SANE test backend: the stored page is what scanimage writes with the same options, and so is the PDF image', async () => {
    const { page, errors } = await desk.openApp();
    await startDossier(page);
    await scanOnePageFrom(page, 'sane:test:0', { source: 'platen', dpi: '150' });
    await sealAndDigitize(page);
    // Run scanimage again, by the test, with the arguments the desk used (into the test's own folder).
    const args = (await readFile(saneArgsLog, 'utf8')).trimEnd().split('\n');
    expect(args).toEqual(expect.arrayContaining(['-d', 'test:0', '--format=png', '--resolution=150', '--test-picture=Color pattern']));
    const own = await mkdtemp(path.join(os.tmpdir(), 'motcua-fidelity-scan-'));
    await run('scanimage', args.map((arg) => (arg.startsWith('--batch=') ? `--batch=${path.join(own, 'p%04d.png')}` : arg)), { env: { ...process.env, ...saneEnv } });
    const files = (await readdir(own)).filter((name) => name.endsWith('.png'));
    expect(files).toEqual(['p0001.png']);
    const device = await readFile(path.join(own, files[0]!));
    expect(bytesDigest((await readStoredDossier(page)).pages[0]!.image)).toBe(bytesDigest(device));
    await expectSamePagesAtTheFarEnd(page, 'sane', [{ pixels: decodePngPixels(device) }]);
    expect(errors).toEqual([]);
  });

  it('eSCL simulator: the stored page is the PNG the device served byte for byte, the PDF holds its pixels', async () => {
    sim.reset({ makeAndModel: 'Máy quét mạng eSCL', sheets: 1, faults: { dropDuringPage: { 1: 1 } } });
    const { page, errors } = await desk.openApp();
    await startDossier(page);
    await scanOnePageFrom(page, `escl:${sim.url}`, { source: 'platen', dpi: '150' });
    await sealAndDigitize(page);
    // What the device sent whole (after one transfer cut half-way and retried).
    const served = sim.jobs[0]!.images;
    expect(sim.jobs[0]).toMatchObject({ dpi: 150, served: 1, counters: expect.anything() });
    expect(served).toHaveLength(1);
    expect(bytesDigest((await readStoredDossier(page)).pages[0]!.image)).toBe(bytesDigest(served[0]!));
    await expectSamePagesAtTheFarEnd(page, 'escl', [{ pixels: decodePngPixels(served[0]!) }]);
    expect(errors).toEqual([]);
  });

  it('hot folder: a PNG and a JPEG written by a scan utility are stored and packaged as they are', async () => {
    const jpeg = await readFile(jpegPath);
    const png = makePng(300, 420, 3);
    await writeFile(path.join(hotFolder, 'scan-0001.png'), png);
    await writeFile(path.join(hotFolder, 'scan-0002.jpg'), jpeg);
    const { page, errors } = await desk.openApp();
    await startDossier(page);
    await scanOnePageFrom(page, `folder:${hotFolder}`, { pages: 2 });
    await sealAndDigitize(page);
    const stored = await readStoredDossier(page);
    expect(stored.pages.map((p) => bytesDigest(p.image))).toEqual([bytesDigest(png), bytesDigest(jpeg)]);
    await expectSamePagesAtTheFarEnd(page, 'folder', [{ pixels: decodePngPixels(png) }, { jpeg }]);
    expect(errors).toEqual([]);
  });

  it('file import, JPEG: kept byte for byte in the database and in the PDF', async () => {
    const jpeg = await readFile(jpegPath);
    const { page, errors } = await desk.openApp();
    const intake = await startDossier(page);
    await intake.addPages(0, [{ name: 'to-khai.jpg', mimeType: 'image/jpeg', buffer: jpeg }]);
    await expect.poll(() => intake.component(0).getByTestId('page-thumb').count()).toBe(1);
    await sealAndDigitize(page);
    await expectSamePagesAtTheFarEnd(page, 'jpeg', [{ jpeg }]);
    expect(errors).toEqual([]);
  });

  it('file import, PNG: kept byte for byte in the database, its pixels in the PDF', async () => {
    const png = encodePng(320, 400, colourPage(320, 400, 7), 200);
    const { page, errors } = await desk.openApp();
    const intake = await startDossier(page);
    await intake.addPages(0, [{ name: 'to-khai.png', mimeType: 'image/png', buffer: png }]);
    await expect.poll(() => intake.component(0).getByTestId('page-thumb').count()).toBe(1);
    await sealAndDigitize(page);
    expect(bytesDigest((await readStoredDossier(page)).pages[0]!.image)).toBe(bytesDigest(png));
    await expectSamePagesAtTheFarEnd(page, 'png', [{ pixels: decodePngPixels(png) }]);
    expect(errors).toEqual([]);
  });

  it('file import, WebP: derived — stored as a lossless PNG whose pixels are the WebP’s decoded pixels, and so is the PDF image', async () => {
    // A lossy WebP, as phones and some scan utilities save pages.
    const maker = await desk.browser.newPage();
    const webp = Buffer.from(
      await maker.evaluate(async () => {
        const canvas = new OffscreenCanvas(300, 380);
        const g = canvas.getContext('2d')!;
        const gradient = g.createLinearGradient(0, 0, 300, 380);
        gradient.addColorStop(0, '#f4efe2');
        gradient.addColorStop(1, '#c8d8f0');
        g.fillStyle = gradient;
        g.fillRect(0, 0, 300, 380);
        g.fillStyle = '#1d1d1d';
        for (let line = 0; line < 14; line += 1) g.fillRect(30, 40 + line * 22, 160 + ((line * 37) % 80), 8);
        g.strokeStyle = '#c81e1e';
        g.lineWidth = 3;
        g.beginPath();
        g.arc(230, 320, 34, 0, Math.PI * 2);
        g.stroke();
        const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/webp', quality: 0.8 })).arrayBuffer());
        return Array.from(bytes);
      }),
    );
    await maker.close();
    expect(webp.subarray(8, 12).toString('latin1')).toBe('WEBP');
    const decoded = await decodeImageInChromium(desk.browser, webp, 'image/webp');
    const { page, errors } = await desk.openApp();
    const intake = await startDossier(page);
    await intake.addPages(0, [{ name: 'to-khai.webp', mimeType: 'image/webp', buffer: webp }]);
    await expect.poll(() => intake.component(0).getByTestId('page-thumb').count()).toBe(1);
    await sealAndDigitize(page);
    expect((await readStoredDossier(page)).pages[0]!.mime).toBe('image/png');
    await expectSamePagesAtTheFarEnd(page, 'webp', [{ pixels: decoded }]);
    expect(errors).toEqual([]);
  });

  it('file import, TIFF: derived — every page converted to PNG whose pixels are the TIFF’s, and so are the PDF images', async () => {
    const pages = [
      { width: 240, height: 320, rgb: colourPage(240, 320, 3), dpi: 200 },
      { width: 200, height: 280, rgb: colourPage(200, 280, 11), dpi: 200 },
    ];
    const { page, errors } = await desk.openApp();
    const intake = await startDossier(page);
    await intake.addPages(0, [{ name: 'hai-trang.tif', mimeType: 'image/tiff', buffer: makeRgbTiff(pages) }]);
    await expect.poll(() => intake.component(0).getByTestId('page-thumb').count(), { timeout: 30_000 }).toBe(2);
    await sealAndDigitize(page);
    await expectSamePagesAtTheFarEnd(page, 'tiff', pages.map((p) => ({ pixels: rgbToRgba(p.width, p.height, p.rgb) })));
    expect(errors).toEqual([]);
  });

  it('straightened page: derived — the scan is kept byte for byte as the original, the PDF holds the straightened page’s pixels', async () => {
    const png = encodePng(400, 560, skewedPage(400, 560, 3), 300);
    const { page, errors } = await desk.openApp();
    const intake = await startDossier(page);
    await intake.addPages(0, [{ name: 'nghieng.png', mimeType: 'image/png', buffer: png }]);
    const thumb = intake.component(0).getByTestId('page-thumb').first();
    await expect.poll(() => thumb.locator('[data-flag=skew]').count(), { timeout: 30_000 }).toBe(1);
    await thumb.getByRole('button', { name: 'Chỉnh thẳng' }).click();
    await expect.poll(() => thumb.locator('[data-flag=skew]').count()).toBe(0);
    await sealAndDigitize(page);
    const [stored] = (await readStoredDossier(page)).pages;
    // The scan as it came in is kept untouched beside the straightened image.
    expect(bytesDigest(stored!.original!)).toBe(bytesDigest(png));
    expect(pixelDigest(decodePngPixels(stored!.image))).not.toBe(pixelDigest(decodePngPixels(png)));
    // What is packaged is the straightened page as stored, pixel for pixel.
    await expectSamePagesAtTheFarEnd(page, 'deskew', [{ pixels: decodePngPixels(stored!.image) }]);
    expect(errors).toEqual([]);
  });

  it('file import, PDF: a JPEG page is taken out byte for byte; a Flate page is derived — its PNG has the PDF image’s pixels', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'motcua-fidelity-pdf-'));
    const jpeg = await readFile(jpegPath);
    const png = encodePng(260, 340, colourPage(260, 340, 5), 200);
    await writeFile(path.join(dir, 'p1.jpg'), jpeg);
    await writeFile(path.join(dir, 'p2.png'), png);
    const pdfPath = path.join(dir, 'ho-so.pdf');
    await run('img2pdf', ['--output', pdfPath, path.join(dir, 'p1.jpg'), path.join(dir, 'p2.png')]);
    const pdf = await readFile(pdfPath);
    // What the imported file holds, read by poppler: the JPEG as it is and the PNG's pixels.
    const inFile = await extractPdfImages(pdf);
    expect(inFile.map((image) => image.kind)).toEqual(['jpeg', 'png']);
    expect(bytesDigest(inFile[0]!.bytes)).toBe(bytesDigest(jpeg));
    expect(pixelDigest(decodePngPixels(inFile[1]!.bytes))).toBe(pixelDigest(decodePngPixels(png)));

    const { page, errors } = await desk.openApp();
    const intake = await startDossier(page);
    await intake.addPages(0, [{ name: 'ho-so.pdf', mimeType: 'application/pdf', buffer: pdf }]);
    await expect.poll(() => intake.component(0).getByTestId('page-thumb').count(), { timeout: 30_000 }).toBe(2);
    await sealAndDigitize(page);
    await expectSamePagesAtTheFarEnd(page, 'pdf', [{ jpeg: inFile[0]!.bytes }, { pixels: decodePngPixels(inFile[1]!.bytes) }]);
    expect(errors).toEqual([]);
  });
});
