import { concatBytes } from '../bytes/concatBytes';
import { PNG_SIGNATURE, pngChunk } from './pngChunk';

/** zlib-wrapped deflate (what PNG's IDAT holds), through the platform's CompressionStream. */
async function deflate(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * Encodes 8-bit RGBA pixels (4 bytes a pixel, not premultiplied) as a lossless PNG: 8-bit RGB when
 * every pixel is opaque (what packaging embeds unchanged), RGBA otherwise. Every sample is kept.
 */
export async function encodeRgbaPng(width: number, height: number, rgba: Uint8Array | Uint8ClampedArray): Promise<Uint8Array> {
  if (!(width > 0 && height > 0) || rgba.length !== width * height * 4) throw new RangeError(`expected ${width * height * 4} bytes of RGBA for ${width}x${height}, got ${rgba.length}`);
  let opaque = true;
  for (let i = 3; i < rgba.length && opaque; i += 4) opaque = rgba[i] === 255;
  const channels = opaque ? 3 : 4;
  const stride = width * channels;
  // Filter type 0 on every row: the rows are the samples as they are.
  const raw = new Uint8Array((stride + 1) * height);
  for (let y = 0; y < height; y += 1) {
    let at = y * (stride + 1) + 1;
    if (!opaque) {
      raw.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), at);
      continue;
    }
    for (let x = y * width * 4, end = (y + 1) * width * 4; x < end; x += 4) {
      raw[at] = rgba[x]!;
      raw[at + 1] = rgba[x + 1]!;
      raw[at + 2] = rgba[x + 2]!;
      at += 3;
    }
  }
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header[8] = 8;
  header[9] = opaque ? 2 : 6;
  return concatBytes([PNG_SIGNATURE, pngChunk('IHDR', header), pngChunk('IDAT', await deflate(raw)), pngChunk('IEND', new Uint8Array(0))]);
}
