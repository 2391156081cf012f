import createOpenJpeg, { type OpenJpegModule } from '@cornerstonejs/codec-openjpeg/decode';
import { encodePng } from '../scan/encodePng';
import { CardDataError } from './cardDataError';
import type { FaceImage } from './parseDg2';
import { FACE_LIMITS, readJpeg2000Size } from './jpeg2000Size';

/**
 * A fresh codec for every face. A torn or hostile codestream can leave the WebAssembly module in a
 * broken state (a truncated one makes it call through a bad function pointer), after which it
 * refuses every later face; a new instance costs about 10 ms, once per card.
 */
function openJpeg(): Promise<OpenJpegModule> {
  // The codec logs every header it reads; the card service has nothing to learn from that.
  return createOpenJpeg({ print: () => undefined, printErr: () => undefined });
}

/**
 * Decodes a JPEG 2000 image (JP2 file or raw codestream) to PNG. Chromium cannot show JPEG 2000,
 * so main converts before the face goes to the renderer. Grey, RGB, and deeper samples are
 * reduced to 8-bit RGB. Throws CardDataError for a header beyond FACE_LIMITS (before decoding) and
 * for anything the decoder refuses.
 */
export async function jpeg2000ToPng(data: Uint8Array): Promise<{ png: Uint8Array; width: number; height: number }> {
  const { codestream } = readJpeg2000Size(data);
  const module = await openJpeg();
  const decoder = new module.J2KDecoder();
  try {
    decoder.getEncodedBuffer(codestream.length).set(codestream);
    try {
      decoder.decode();
    } catch (error) {
      throw new CardDataError(`JPEG 2000 face does not decode: ${String(error)}`);
    }
    const info = decoder.getFrameInfo();
    const { width, height, componentCount } = info;
    if (width <= 0 || height <= 0 || width * height > FACE_LIMITS.maxPixels) throw new CardDataError(`JPEG 2000 face of ${width}×${height} pixels refused`);
    if (componentCount !== 1 && componentCount !== 3 && componentCount !== 4) throw new CardDataError(`JPEG 2000 face with ${componentCount} components`);
    const decoded = decoder.getDecodedBuffer();
    const wide = info.bitsPerSample > 8;
    const samples = wide ? new Uint16Array(decoded.buffer, decoded.byteOffset, decoded.byteLength / 2) : decoded;
    const shift = wide ? info.bitsPerSample - 8 : 0;
    const rgb = new Uint8Array(width * height * 3);
    for (let p = 0; p < width * height; p += 1) {
      for (let c = 0; c < 3; c += 1) {
        const sample = samples[p * componentCount + (componentCount === 1 ? 0 : c)] ?? 0;
        rgb[p * 3 + c] = Math.min(255, sample >> shift);
      }
    }
    return { png: new Uint8Array(encodePng(width, height, rgb)), width, height };
  } finally {
    decoder.delete?.();
  }
}

/** The face as the renderer can show it: JPEG as is, JPEG 2000 converted to PNG. */
export async function displayableFace(face: FaceImage): Promise<{ mime: 'image/jpeg' | 'image/png'; data: Uint8Array; width: number | undefined; height: number | undefined }> {
  if (face.mime === 'image/jpeg') return { mime: 'image/jpeg', data: face.data, width: face.width, height: face.height };
  const converted = await jpeg2000ToPng(face.data);
  return { mime: 'image/png', data: converted.png, width: converted.width, height: converted.height };
}
