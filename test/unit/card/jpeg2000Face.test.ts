/**
 * JPEG 2000 faces from the chip become PNG in main. A hostile chip can hand over any bytes: the
 * decoder must then refuse them with a CardDataError and keep working for the next card.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { jpeg2000ToPng } from '../../../main/card/displayableFace';
import { CardDataError } from '../../../main/card/cardDataError';
import { makeJp2Face } from '../../support/card/makeJp2Face';

describe('JPEG 2000 face to PNG', () => {
  it('decodes a face to a PNG of the same size and colour', async () => {
    const face = await makeJp2Face(40, 56);
    const { png, width, height } = await jpeg2000ToPng(face.image);
    expect([width, height]).toEqual([40, 56]);
    expect([...png.subarray(1, 4)]).toEqual([0x50, 0x4e, 0x47]);
  });

  it('decodes a good face after every truncation of a codestream', async () => {
    // A card pulled out mid-read leaves a torn codestream; it must not break the next card's face.
    const face = await makeJp2Face(32, 40);
    for (let cut = 0; cut < face.image.length; cut += 25) {
      await jpeg2000ToPng(face.image.subarray(0, cut)).catch((error: unknown) => expect(error).toBeInstanceOf(CardDataError));
      expect((await jpeg2000ToPng(face.image)).width).toBe(32);
    }
  });

  it('refuses broken codestreams with CardDataError and still decodes afterwards', async () => {
    const face = await makeJp2Face(32, 40);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ at: fc.nat({ max: face.image.length - 1 }), value: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 8 }),
        fc.nat({ max: face.image.length }),
        async (changes, cut) => {
          const broken = Uint8Array.from(face.image);
          for (const { at, value } of changes) broken[at] = value;
          for (const bytes of [broken, face.image.subarray(0, cut)]) {
            try {
              await jpeg2000ToPng(bytes);
            } catch (error) {
              expect(error).toBeInstanceOf(CardDataError);
            }
          }
        },
      ),
      { numRuns: 40 },
    );
    const again = await jpeg2000ToPng(face.image);
    expect(again.width).toBe(32);
  });
});
