import { CardDataError } from './cardDataError';

export interface Jpeg2000Size {
  width: number;
  height: number;
  components: number;
  tiles: number;
  /** The codestream itself: what the decoder reads (it does not read the JP2 file boxes). */
  codestream: Uint8Array;
}

/** Bounds of a face from a chip (ISO/IEC 19794-5 portraits are a few hundred pixels a side). */
export const FACE_LIMITS = { maxSide: 4096, maxPixels: 2_000_000, maxComponents: 4, maxTiles: 4096 } as const;

const SOC = 0xff4f;
const SIZ = 0xff51;

function u16(data: Uint8Array, at: number): number {
  if (at + 2 > data.length) throw new CardDataError('JPEG 2000 face is cut short');
  return (data[at]! << 8) | data[at + 1]!;
}

function u32(data: Uint8Array, at: number): number {
  if (at + 4 > data.length) throw new CardDataError('JPEG 2000 face is cut short');
  return ((data[at]! << 24) >>> 0) + (data[at + 1]! << 16) + (data[at + 2]! << 8) + data[at + 3]!;
}

/** The codestream: the data itself, or the contents of the `jp2c` box of a JP2 file. */
function findCodestream(data: Uint8Array): Uint8Array {
  if (u16(data, 0) === SOC) return data;
  let at = 0;
  while (at + 8 <= data.length) {
    let length = u32(data, at);
    const type = String.fromCharCode(data[at + 4]!, data[at + 5]!, data[at + 6]!, data[at + 7]!);
    let header = 8;
    if (length === 1) {
      // 64-bit length; a face never needs the high word.
      if (u32(data, at + 8) !== 0) throw new CardDataError('JPEG 2000 box too large');
      length = u32(data, at + 12);
      header = 16;
    } else if (length === 0) {
      length = data.length - at;
    }
    if (length < header) throw new CardDataError(`JPEG 2000 box ${JSON.stringify(type)} has length ${length}`);
    if (type === 'jp2c') return data.subarray(at + header, Math.min(data.length, at + length));
    at += length;
  }
  throw new CardDataError('JPEG 2000 file without a codestream');
}

/**
 * Reads the image and tile size from the SIZ marker before anything is decoded, so a hostile chip
 * cannot make the decoder spend seconds of the main process (or its memory) on a face claiming to
 * be tens of thousands of pixels wide. Throws CardDataError for a malformed header or a size
 * beyond FACE_LIMITS.
 */
export function readJpeg2000Size(file: Uint8Array): Jpeg2000Size {
  const data = findCodestream(file);
  if (u16(data, 0) !== SOC || u16(data, 2) !== SIZ) throw new CardDataError('JPEG 2000 codestream does not start with SOC, SIZ');
  const siz = 4;
  const length = u16(data, siz);
  const [xsiz, ysiz, xosiz, yosiz, xtsiz, ytsiz, xtosiz, ytosiz] = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => u32(data, siz + 4 + i * 4)) as [number, number, number, number, number, number, number, number];
  const components = u16(data, siz + 36);
  if (length !== 38 + 3 * components) throw new CardDataError(`JPEG 2000 SIZ length ${length} for ${components} components`);
  const width = xsiz - xosiz;
  const height = ysiz - yosiz;
  if (width <= 0 || height <= 0 || xtsiz === 0 || ytsiz === 0 || xtosiz > xosiz || ytosiz > yosiz) throw new CardDataError('JPEG 2000 SIZ geometry is inconsistent');
  const tiles = Math.ceil((xsiz - xtosiz) / xtsiz) * Math.ceil((ysiz - ytosiz) / ytsiz);
  const size = { width, height, components, tiles, codestream: data };
  if (width > FACE_LIMITS.maxSide || height > FACE_LIMITS.maxSide || width * height > FACE_LIMITS.maxPixels) throw new CardDataError(`JPEG 2000 face of ${width}×${height} pixels refused`);
  if (components < 1 || components > FACE_LIMITS.maxComponents) throw new CardDataError(`JPEG 2000 face with ${components} components`);
  if (tiles > FACE_LIMITS.maxTiles) throw new CardDataError(`JPEG 2000 face in ${tiles} tiles`);
  return size;
}
