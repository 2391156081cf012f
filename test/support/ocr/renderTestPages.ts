import { deflateSync } from 'node:zlib';
import type { Browser, Page } from 'playwright';
import { sampleText, type SamplePage } from './vietnameseSamples';

export interface PageDegradation {
  /** Scan resolution: the A4 page is rendered at this many pixels per inch. */
  dpi: number;
  /** Skew of the paper on the glass, in degrees (clockwise). */
  rotationDeg?: number;
  /** Optical blur radius, in CSS pixels at 96 dpi. */
  blurPx?: number;
  /** Dark specks per square centimetre (dust, toner). */
  specksPerCm2?: number;
  seed?: number;
  /** jpeg: colour JPEG as a flatbed delivers; png: colour PNG; bilevel: 1-bit black-and-white PNG. */
  format: 'jpeg' | 'png' | 'bilevel';
  jpegQuality?: number;
}

export interface RenderedPage {
  bytes: Uint8Array;
  width: number;
  height: number;
  dpi: number;
  /** Ground truth in reading order. */
  text: string;
}

const A4_CSS = { width: 794, height: 1123 };

// Browser-side scripts are plain strings so the test transpiler cannot inject helpers into them.
const NOISE_SCRIPT = `async function ({ specks, seed, width, height }) {
  await document.fonts.ready;
  const canvas = document.getElementById('noise');
  const ctx = canvas.getContext('2d');
  let state = (seed >>> 0) || 1;
  function random() { state = (Math.imul(state, 1664525) + 1013904223) >>> 0; return state / 4294967296; }
  const count = Math.round(specks * (width / 37.8) * (height / 37.8));
  for (let i = 0; i < count; i += 1) {
    const shade = Math.floor(random() * 90);
    ctx.fillStyle = 'rgb(' + shade + ',' + shade + ',' + shade + ')';
    ctx.beginPath();
    ctx.arc(random() * canvas.width, random() * canvas.height, 0.6 + random() * 2.2, 0, Math.PI * 2);
    ctx.fill();
  }
}`;

const THRESHOLD_SCRIPT = `async function (base64) {
  const blob = await (await fetch('data:image/png;base64,' + base64)).blob();
  const bitmap = await createImageBitmap(blob);
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(bitmap, 0, 0);
  const rgba = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
  const rowBytes = Math.ceil(bitmap.width / 8);
  const packed = new Uint8Array(rowBytes * bitmap.height);
  for (let y = 0; y < bitmap.height; y += 1) {
    for (let x = 0; x < bitmap.width; x += 1) {
      const i = (y * bitmap.width + x) * 4;
      const light = rgba[i] * 0.299 + rgba[i + 1] * 0.587 + rgba[i + 2] * 0.114;
      if (light >= 150) packed[y * rowBytes + (x >> 3)] |= 0x80 >> (x & 7);
    }
  }
  let binary = '';
  for (let i = 0; i < packed.length; i += 0x8000) binary += String.fromCharCode.apply(null, packed.subarray(i, i + 0x8000));
  return { width: bitmap.width, height: bitmap.height, data: btoa(binary) };
}`;

function escapeHtml(text: string): string {
  return text.replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c]!);
}

function pageHtml(sample: SamplePage, d: PageDegradation): string {
  const left = sample.headerLeft.map((l, i) => `<div class="${i === sample.headerLeft.length - 1 ? 'b u' : ''}">${escapeHtml(l)}</div>`).join('');
  const right = sample.headerRight.map((l, i) => `<div class="${i === 0 ? 'b' : 'b u motto'}">${escapeHtml(l)}</div>`).join('');
  const body = sample.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('');
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>
  html,body{margin:0;background:#fff}
  #sheet{width:${A4_CSS.width}px;height:${A4_CSS.height}px;position:relative;overflow:hidden;background:#fdfdfb}
  #content{position:absolute;inset:0;padding:60px 70px 60px 90px;box-sizing:border-box;font-family:'Noto Serif',serif;color:#1a1a1a;
    transform:rotate(${d.rotationDeg ?? 0}deg);transform-origin:50% 50%;filter:blur(${d.blurPx ?? 0}px)}
  .head{display:flex;justify-content:space-between;font-size:16px;line-height:1.35}
  .head>div{text-align:center}.left{width:40%}.right{width:58%}
  .b{font-weight:bold}.u{text-decoration:underline}.motto{font-size:17px}
  h1{font-size:19px;text-align:center;margin:56px 0 28px}
  p{font-size:17px;line-height:1.5;text-align:justify;text-indent:36px;margin:0 0 12px}
  canvas{position:absolute;inset:0}
  </style></head><body><div id="sheet"><div id="content">
  <div class="head"><div class="left">${left}</div><div class="right">${right}</div></div>
  <h1>${escapeHtml(sample.title)}</h1>${body}</div><canvas id="noise" width="${A4_CSS.width * 2}" height="${A4_CSS.height * 2}" style="width:${A4_CSS.width}px;height:${A4_CSS.height}px"></canvas></div></body></html>`;
}

/**
 * Renders sample pages in Chromium (real font shaping of Vietnamese diacritics) at scan
 * resolution, with skew, blur and specks, and returns the image bytes with their ground truth.
 * Deterministic for the same inputs (seeded specks).
 */
export async function renderTestPages(browser: Browser, pages: Array<{ sample: SamplePage; degradation: PageDegradation }>): Promise<RenderedPage[]> {
  const results: RenderedPage[] = [];
  for (const { sample, degradation } of pages) {
    const context = await browser.newContext({ viewport: A4_CSS, deviceScaleFactor: degradation.dpi / 96 });
    try {
      const page = await context.newPage();
      await page.setContent(pageHtml(sample, degradation));
      const noiseArgs = { specks: degradation.specksPerCm2 ?? 0, seed: degradation.seed ?? 7, width: A4_CSS.width, height: A4_CSS.height };
      await page.evaluate(`(${NOISE_SCRIPT})(${JSON.stringify(noiseArgs)})`);
      const sheet = page.locator('#sheet');
      const width = Math.round((A4_CSS.width * degradation.dpi) / 96);
      const height = Math.round((A4_CSS.height * degradation.dpi) / 96);
      let bytes: Uint8Array;
      if (degradation.format === 'jpeg') {
        bytes = await sheet.screenshot({ type: 'jpeg', quality: degradation.jpegQuality ?? 85 });
      } else {
        const png = await sheet.screenshot({ type: 'png' });
        bytes = degradation.format === 'png' ? png : await toBilevelPng(page, png);
      }
      results.push({ bytes: new Uint8Array(bytes), width, height, dpi: degradation.dpi, text: sampleText(sample) });
    } finally {
      await context.close();
    }
  }
  return results;
}

/** Thresholds a PNG screenshot to 1 bit per pixel (0 = black) and writes a 1-bit grayscale PNG. */
async function toBilevelPng(page: Page, png: Buffer): Promise<Uint8Array> {
  const result = (await page.evaluate(`(${THRESHOLD_SCRIPT})(${JSON.stringify(png.toString('base64'))})`)) as { width: number; height: number; data: string };
  const packed = Buffer.from(result.data, 'base64');
  const rowBytes = Math.ceil(result.width / 8);
  const raw = Buffer.alloc((rowBytes + 1) * result.height);
  for (let y = 0; y < result.height; y += 1) packed.copy(raw, y * (rowBytes + 1) + 1, y * rowBytes, (y + 1) * rowBytes);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(result.width, 0);
  ihdr.writeUInt32BE(result.height, 4);
  ihdr[8] = 1;
  ihdr[9] = 0;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', ihdr), pngChunk('IDAT', deflateSync(raw, { level: 9 })), pngChunk('IEND', Buffer.alloc(0))]);
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  let c = 0xffffffff;
  for (const b of Buffer.concat([head.subarray(4), data])) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE((c ^ 0xffffffff) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}
