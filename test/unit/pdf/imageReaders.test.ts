import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readJpegInfo } from '../../../preload/shared/image/readJpegInfo';
import { readPngInfo } from '../../../preload/shared/image/readPngInfo';
import { readScanImageSize } from '../../../preload/shared/image/readScanImageSize';
import { PackagingError } from '../../../preload/shared/pdf/PackagingError';
import { makeTestPng } from '../../support/ocr/makeTestPng';

// 48x32 JPEG written by Chromium (JFIF 1:1, ICC profile segment, baseline).
const JPEG = new Uint8Array(readFileSync(path.join(__dirname, 'fixtures', 'small.jpg')));

function bilevel(width: number, height: number): Buffer {
  const rowBytes = Math.ceil(width / 8);
  const rows = Array.from({ length: height }, (_, y) => Uint8Array.from({ length: rowBytes }, (_, x) => ((x + y) % 3 ? 0xff : 0x0f)));
  return makeTestPng({ width, height, bitDepth: 1, colorType: 0, rows, dpi: 300, idatChunks: 3 });
}

/** Only PackagingError may escape a reader of outside bytes, and always with a Vietnamese message. */
function expectCleanFailure(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(PackagingError);
    expect((error as PackagingError).message).toMatch(/Ảnh|Tệp/);
  }
}

describe('readJpegInfo', () => {
  it('reads size, components and JFIF resolution without decoding', () => {
    expect(readJpegInfo(JPEG)).toEqual({ width: 48, height: 32, components: 3, adobeInverted: false, progressive: false });
    const withDpi = Uint8Array.from(JPEG);
    withDpi[13] = 1; // JFIF units: dots per inch
    withDpi[14] = 0;
    withDpi[15] = 200;
    expect(readJpegInfo(withDpi).dpi).toBe(200);
  });

  it('refuses every truncation of a valid file as truncated or corrupt', () => {
    for (let cut = 0; cut < JPEG.length - 1; cut += 1) {
      let error: unknown;
      try {
        readJpegInfo(JPEG.subarray(0, cut));
      } catch (e) {
        error = e;
      }
      expect(error, `cut at ${cut}`).toBeInstanceOf(PackagingError);
      expect(['image-truncated', 'image-corrupt']).toContain((error as PackagingError).code);
    }
  });

  it('never throws anything but PackagingError on arbitrary or mutated bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 256 }), (bytes) => expectCleanFailure(() => readJpegInfo(bytes))));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(JPEG.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }), (edits) => {
        const bytes = Uint8Array.from(JPEG);
        for (const [at, value] of edits) bytes[at] = value;
        expectCleanFailure(() => readJpegInfo(bytes));
      }),
    );
  });
});

describe('readPngInfo', () => {
  it('keeps the compressed stream of a 1-bit page as-is and reads pHYs', () => {
    const png = bilevel(37, 5);
    const info = readPngInfo(png);
    expect(info).toMatchObject({ width: 37, height: 5, bitDepth: 1, colorType: 0, interlaced: false, hasTransparency: false, dpi: 300 });
    // Concatenated IDAT data is the zlib stream the file carried.
    expect(info.data[0]).toBe(0x78);
  });

  it('reads palette images and flags alpha', () => {
    const palette = Uint8Array.from([0, 0, 0, 255, 255, 255]);
    const info = readPngInfo(makeTestPng({ width: 4, height: 1, bitDepth: 1, colorType: 3, rows: [Uint8Array.of(0x50)], palette }));
    expect(Array.from(info.palette!)).toEqual(Array.from(palette));
    expect(readPngInfo(makeTestPng({ width: 1, height: 1, bitDepth: 8, colorType: 6, rows: [Uint8Array.of(1, 2, 3, 4)] })).hasTransparency).toBe(true);
  });

  it('refuses every truncation, and any flipped byte is caught (CRC) or harmless', () => {
    const png = bilevel(20, 6);
    for (let cut = 0; cut < png.length; cut += 1) {
      expect(() => readPngInfo(png.subarray(0, cut)), `cut at ${cut}`).toThrow(PackagingError);
    }
    fc.assert(
      fc.property(fc.nat(png.length - 1), fc.integer({ min: 1, max: 255 }), (at, flip) => {
        const bytes = Uint8Array.from(png);
        bytes[at] = bytes[at]! ^ flip;
        expectCleanFailure(() => readPngInfo(bytes));
      }),
    );
  });

  it('never throws anything but PackagingError on arbitrary bytes', () => {
    const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (tail) => expectCleanFailure(() => readPngInfo(Uint8Array.from([...signature, ...tail])))));
  });
});

describe('readScanImageSize', () => {
  it('sniffs by content, not by name, and explains unknown formats in Vietnamese', () => {
    expect(readScanImageSize(JPEG)).toEqual({ format: 'jpeg', width: 48, height: 32 });
    expect(readScanImageSize(bilevel(9, 9))).toEqual({ format: 'png', width: 9, height: 9, dpi: 300 });
    expect(() => readScanImageSize(new Uint8Array())).toThrow('Tệp ảnh trống (0 byte).');
    expect(() => readScanImageSize(new TextEncoder().encode('%PDF-1.7'))).toThrow('Tệp không phải ảnh JPEG hoặc PNG; không đóng gói được.');
  });
});
