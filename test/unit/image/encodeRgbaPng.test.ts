import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encodeRgbaPng } from '../../../preload/shared/image/encodeRgbaPng';
import { readPngInfo } from '../../../preload/shared/image/readPngInfo';
import { decodePngPixels, rgbToRgba } from '../../support/image/decodePngPixels';
import { encodePng } from '../../../main/scan/encodePng';

const image = fc
  .record({ width: fc.integer({ min: 1, max: 24 }), height: fc.integer({ min: 1, max: 24 }), opaque: fc.boolean() })
  .chain(({ width, height, opaque }) =>
    fc.uint8Array({ minLength: width * height * 4, maxLength: width * height * 4 }).map((rgba) => {
      if (opaque) for (let i = 3; i < rgba.length; i += 4) rgba[i] = 255;
      return { width, height, rgba };
    }),
  );

describe('lossless PNG of decoded pixels (a WebP page kept as PNG)', () => {
  it('gives back every sample, as RGB when opaque and RGBA otherwise', async () => {
    await fc.assert(
      fc.asyncProperty(image, async ({ width, height, rgba }) => {
        const png = await encodeRgbaPng(width, height, rgba);
        const decoded = decodePngPixels(png);
        expect(decoded).toEqual({ width, height, rgba });
        const opaque = rgba.every((value, i) => i % 4 !== 3 || value === 255);
        expect(png[25]).toBe(opaque ? 2 : 6);
        // Opaque pages are what packaging embeds without decoding them again.
        expect(readPngInfo(png).hasTransparency).toBe(!opaque);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses pixels that do not fill the size', async () => {
    await expect(encodeRgbaPng(2, 2, new Uint8Array(15))).rejects.toThrow(RangeError);
    await expect(encodeRgbaPng(0, 0, new Uint8Array(0))).rejects.toThrow(RangeError);
  });

  it('matches the scanner side’s PNG encoder pixel for pixel', async () => {
    const rgb = Uint8Array.from({ length: 7 * 5 * 3 }, (_, i) => (i * 37) & 0xff);
    const fromMain = decodePngPixels(encodePng(7, 5, rgb));
    expect(fromMain).toEqual(rgbToRgba(7, 5, rgb));
    expect(decodePngPixels(await encodeRgbaPng(7, 5, fromMain.rgba))).toEqual(fromMain);
  });
});
