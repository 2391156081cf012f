import { deflateSync } from 'node:zlib';
import { concatBytes } from '../../preload/shared/bytes/concatBytes';
import { PNG_SIGNATURE, pngChunk } from '../../preload/shared/image/pngChunk';

/**
 * Encodes 8-bit RGB pixels (row-major, 3 bytes a pixel) as PNG, with the resolution in a pHYs
 * chunk so OCR and packaging know the page's dpi.
 */
export function encodePng(width: number, height: number, rgb: Uint8Array, dpi?: number): Buffer {
  if (rgb.length !== width * height * 3) throw new RangeError(`expected ${width * height * 3} bytes of RGB, got ${rgb.length}`);
  const stride = width * 3;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y += 1) {
    raw[y * (stride + 1)] = 0;
    raw.set(rgb.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const parts = [PNG_SIGNATURE, pngChunk('IHDR', ihdr)];
  if (dpi) {
    const phys = Buffer.alloc(9);
    const perMetre = Math.round(dpi / 0.0254);
    phys.writeUInt32BE(perMetre, 0);
    phys.writeUInt32BE(perMetre, 4);
    phys[8] = 1;
    parts.push(pngChunk('pHYs', phys));
  }
  parts.push(pngChunk('IDAT', deflateSync(raw, { level: 6 })), pngChunk('IEND', new Uint8Array(0)));
  const png = concatBytes(parts);
  return Buffer.from(png.buffer, png.byteOffset, png.byteLength);
}
