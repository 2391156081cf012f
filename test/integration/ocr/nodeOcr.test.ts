import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../e2e/support/launchChromium';
import { renderTestPages, type RenderedPage } from '../../support/ocr/renderTestPages';
import { samplePage } from '../../support/ocr/vietnameseSamples';
import { characterErrorRate } from '../../support/ocr/characterErrorRate';
import { createNodeOcrEngine } from '../../../main/ocr/createNodeOcrEngine';
import { OcrError } from '../../../preload/shared/ocr/OcrError';

let engine: Awaited<ReturnType<typeof createNodeOcrEngine>>;
let pages: RenderedPage[];
let cwdBefore: string[];

describe('tesseract.js OCR in Node with packaged vie+eng data', () => {
  beforeAll(async () => {
    cwdBefore = (await readdir(process.cwd())).sort();
    const browser = await launchChromium();
    try {
      pages = await renderTestPages(browser, [
        { sample: samplePage(0, 2), degradation: { dpi: 200, format: 'jpeg', rotationDeg: 0.7, blurPx: 0.3, specksPerCm2: 1, seed: 3 } },
        { sample: samplePage(1, 2), degradation: { dpi: 300, format: 'bilevel', rotationDeg: -1, specksPerCm2: 1, seed: 4 } },
      ]);
    } finally {
      await browser.close();
    }
    engine = await createNodeOcrEngine();
  });

  afterAll(async () => {
    await engine?.close();
  });

  it('reads Vietnamese at 200 and 300 dpi with word boxes inside the page', async () => {
    for (const page of pages) {
      const result = await engine.recognizer.recognize(page.bytes, Buffer.from(page.bytes), { dpi: page.dpi, timeoutMs: 120_000 });
      const cer = characterErrorRate(page.text, result.text);
      expect(cer, `${page.dpi} dpi CER ${cer.toFixed(3)}\n${result.text}`).toBeLessThan(0.15);
      expect(result.text.replace(/\s+/g, ' ')).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
      expect(result).toMatchObject({ width: page.width, height: page.height });
      for (const line of result.lines) {
        for (const word of line.words) {
          expect(word.box.x0).toBeGreaterThanOrEqual(0);
          expect(word.box.x1).toBeLessThanOrEqual(page.width);
          expect(word.box.y1).toBeLessThanOrEqual(page.height);
          expect(word.box.x1).toBeGreaterThan(word.box.x0);
        }
      }
    }
  });

  it('stops a page at its timeout, and the next page runs on a fresh engine', async () => {
    const page = pages[0]!;
    const error = await engine.recognizer.recognize(page.bytes, Buffer.from(page.bytes), { dpi: page.dpi, timeoutMs: 30 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OcrError);
    expect(error).toMatchObject({ code: 'timeout' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const cancelled = await engine.recognizer.recognize(page.bytes, Buffer.from(page.bytes), { dpi: page.dpi, signal: controller.signal }).catch((e: unknown) => e);
    expect(cancelled).toMatchObject({ code: 'cancelled', message: 'Đã hủy nhận dạng chữ cho trang này.' });
    const after = await engine.recognizer.recognize(page.bytes, Buffer.from(page.bytes), { dpi: page.dpi, policy: 'auto' });
    expect(after.text).toContain('CỘNG HÒA');
  });

  it('refuses a truncated image in Vietnamese before the engine sees it', async () => {
    const cut = pages[0]!.bytes.subarray(0, 5000);
    await expect(engine.recognizer.recognize(cut, Buffer.from(cut))).rejects.toMatchObject({ name: 'OcrError', code: 'image', message: 'Ảnh JPEG bị cắt cụt (tệp chưa ghi hết). Hãy quét lại trang này.' });
  });

  it('writes no language cache into the working folder', async () => {
    expect((await readdir(process.cwd())).sort()).toEqual(cwdBefore);
  });
});
