import createOpenJpeg from '@cornerstonejs/codec-openjpeg';

/**
 * A synthetic portrait (a face-coloured oval on a pale background) encoded as a JPEG 2000
 * codestream with OpenJPEG, the format many chips store their DG2 face in. `rgb` is the portrait
 * as drawn (8-bit RGB, 3 bytes a pixel), before encoding.
 */
export async function makeJp2Face(width = 96, height = 128): Promise<{ image: Uint8Array; width: number; height: number; type: 'jp2'; rgb: Uint8Array }> {
  const codec = await createOpenJpeg({ print: () => undefined, printErr: () => undefined });
  const encoder = new codec.J2KEncoder();
  const pixels = encoder.getDecodedBuffer({ width, height, bitsPerSample: 8, componentCount: 3, isSigned: false, isUsingColorTransform: true });
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const dx = (x - width / 2) / (width * 0.32);
      const dy = (y - height * 0.45) / (height * 0.33);
      const inFace = dx * dx + dy * dy <= 1;
      const at = (y * width + x) * 3;
      pixels[at] = inFace ? 224 : 226;
      pixels[at + 1] = inFace ? 172 : 232;
      pixels[at + 2] = inFace ? 140 : 240;
    }
  }
  const rgb = Uint8Array.from(pixels);
  encoder.encode();
  return { image: Uint8Array.from(encoder.getEncodedBuffer()), width, height, type: 'jp2', rgb };
}
