/**
 * The JPEG 2000 header is read before a chip's face is decoded, so a face claiming a huge size is
 * refused at once instead of holding the main process in the decoder.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FACE_LIMITS, readJpeg2000Size } from '../../../main/card/jpeg2000Size';
import { jpeg2000ToPng } from '../../../main/card/displayableFace';
import { CardDataError } from '../../../main/card/cardDataError';
import { concatBytes } from '../../../main/card/bytes';
import { makeJp2Face } from '../../support/card/makeJp2Face';

function box(type: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + body.length);
  new DataView(out.buffer).setUint32(0, out.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(body, 8);
  return out;
}

/** A JP2 file around a codestream: signature, file type, then the `jp2c` box. */
function jp2File(codestream: Uint8Array): Uint8Array {
  return concatBytes(box('jP  ', Uint8Array.of(0x0d, 0x0a, 0x87, 0x0a)), box('ftyp', new TextEncoder().encode('jp2 \0\0\0\0jp2 ')), box('jp2c', codestream));
}

/** The codestream with Xsiz (offset 8 of the codestream) set to `width`. */
function withWidth(codestream: Uint8Array, width: number): Uint8Array {
  const out = Uint8Array.from(codestream);
  new DataView(out.buffer).setUint32(8, width);
  return out;
}

describe('JPEG 2000 header of a chip face', () => {
  it('reads the size of a codestream and of a JP2 file, and decodes both', async () => {
    const face = await makeJp2Face(40, 56);
    expect(readJpeg2000Size(face.image)).toMatchObject({ width: 40, height: 56, components: 3, tiles: 1 });
    expect(readJpeg2000Size(jp2File(face.image))).toMatchObject({ width: 40, height: 56, components: 3, tiles: 1, codestream: face.image });
    expect((await jpeg2000ToPng(jp2File(face.image))).width).toBe(40);
  });

  it('refuses a face claiming more pixels than any portrait before decoding it', async () => {
    const face = await makeJp2Face(32, 40);
    for (const width of [0x70020, FACE_LIMITS.maxSide + 1]) {
      expect(() => readJpeg2000Size(withWidth(face.image, width))).toThrow(CardDataError);
      await expect(jpeg2000ToPng(withWidth(face.image, width))).rejects.toThrow(/pixels refused/);
    }
    // Tall and narrow, under the side limit but over the pixel count.
    const tall = Uint8Array.from(face.image);
    new DataView(tall.buffer).setUint32(8, 4000);
    new DataView(tall.buffer).setUint32(12, 4000);
    expect(() => readJpeg2000Size(tall)).toThrow(/4000×4000/);
  });

  it('answers any bytes with a size within the limits or a CardDataError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        try {
          const size = readJpeg2000Size(bytes);
          expect(size.width * size.height).toBeLessThanOrEqual(FACE_LIMITS.maxPixels);
        } catch (error) {
          expect(error).toBeInstanceOf(CardDataError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('answers a mutated real header the same way', async () => {
    const face = await makeJp2Face(32, 40);
    const header = face.image.subarray(0, 60);
    fc.assert(
      fc.property(fc.array(fc.record({ at: fc.nat({ max: header.length - 1 }), value: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 6 }), fc.nat({ max: header.length }), (changes, cut) => {
        const broken = Uint8Array.from(header);
        for (const { at, value } of changes) broken[at] = value;
        for (const bytes of [broken, header.subarray(0, cut)]) {
          try {
            const size = readJpeg2000Size(bytes);
            expect(size.tiles).toBeLessThanOrEqual(FACE_LIMITS.maxTiles);
          } catch (error) {
            expect(error).toBeInstanceOf(CardDataError);
          }
        }
      }),
      { numRuns: 3000 },
    );
  });
});
