import createOpenJpeg from '@cornerstonejs/codec-openjpeg';
import type { RgbaPixels } from './decodePngPixels';

/**
 * Decodes an 8-bit grey or RGB JPEG 2000 codestream to RGBA with the full OpenJPEG build (not the
 * decode-only build main converts faces with, nor main's conversion code): the source pixels a
 * chip's DG2 face must still have once the desk shows it.
 */
export async function decodeJpeg2000Pixels(codestream: Uint8Array): Promise<RgbaPixels> {
  const codec = await createOpenJpeg({ print: () => undefined, printErr: () => undefined });
  const decoder = new codec.J2KDecoder();
  try {
    decoder.getEncodedBuffer(codestream.length).set(codestream);
    decoder.decode();
    const { width, height, bitsPerSample, componentCount } = decoder.getFrameInfo();
    if (bitsPerSample !== 8 || (componentCount !== 1 && componentCount !== 3)) throw new Error(`JPEG 2000 of ${componentCount} components at ${bitsPerSample} bits: only 8-bit grey or RGB`);
    const samples = decoder.getDecodedBuffer();
    const rgba = new Uint8Array(width * height * 4);
    for (let p = 0; p < width * height; p += 1) {
      for (let c = 0; c < 3; c += 1) rgba[p * 4 + c] = samples[p * componentCount + (componentCount === 1 ? 0 : c)]!;
      rgba[p * 4 + 3] = 255;
    }
    return { width, height, rgba };
  } finally {
    decoder.delete?.();
  }
}
