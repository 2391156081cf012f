import { createHash } from 'node:crypto';
import type { RgbaPixels } from './decodePngPixels';

/**
 * SHA-256 over an image's size and its RGBA pixels: two images have the same digest exactly when
 * they have the same size and every pixel is the same, whatever file format carried them.
 */
export function pixelDigest(image: RgbaPixels): string {
  if (image.rgba.length !== image.width * image.height * 4) throw new Error(`${image.rgba.length} bytes of RGBA for ${image.width}x${image.height}`);
  return createHash('sha256').update(`${image.width}x${image.height}\n`).update(image.rgba).digest('hex');
}

/** SHA-256 of the bytes themselves, for what must cross unchanged (a JPEG kept as it is). */
export function bytesDigest(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
