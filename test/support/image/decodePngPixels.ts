import { inflateSync } from 'node:zlib';

/** Decoded pixels, 8 bits a sample, four samples (R, G, B, A) a pixel, row after row. */
export interface RgbaPixels {
  width: number;
  height: number;
  rgba: Uint8Array;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** Reverses the PNG row filters (None, Sub, Up, Average, Paeth) of `rows` rows of `rowBytes` bytes. */
export function unfilterPngRows(data: Uint8Array, rows: number, rowBytes: number, bytesPerPixel: number): Uint8Array {
  if (data.length < rows * (rowBytes + 1)) throw new Error(`PNG image data too short: ${data.length} bytes for ${rows} rows of ${rowBytes}`);
  const out = new Uint8Array(rows * rowBytes);
  for (let y = 0; y < rows; y += 1) {
    const filter = data[y * (rowBytes + 1)]!;
    const src = y * (rowBytes + 1) + 1;
    const row = y * rowBytes;
    for (let x = 0; x < rowBytes; x += 1) {
      const a = x >= bytesPerPixel ? out[row + x - bytesPerPixel]! : 0;
      const b = y > 0 ? out[row - rowBytes + x]! : 0;
      const c = x >= bytesPerPixel && y > 0 ? out[row - rowBytes + x - bytesPerPixel]! : 0;
      const raw = data[src + x]!;
      let predicted: number;
      if (filter === 0) predicted = 0;
      else if (filter === 1) predicted = a;
      else if (filter === 2) predicted = b;
      else if (filter === 3) predicted = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        predicted = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      } else throw new Error(`PNG row ${y}: filter type ${filter}`);
      out[row + x] = (raw + predicted) & 0xff;
    }
  }
  return out;
}

/**
 * Decodes a non-interlaced PNG of any colour type and bit depth to 8-bit RGBA, written from the
 * PNG specification for the tests alone, so a page the app stored or packaged is judged by a
 * decoder that is not the app's. 16-bit samples keep their high byte; tRNS makes the keyed colour
 * or palette entries transparent. Gamma, ICC and other colour chunks are ignored (as the app does).
 */
export function decodePngPixels(png: Uint8Array): RgbaPixels {
  const bytes = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (!SIGNATURE.every((b, i) => bytes[i] === b)) throw new Error('not a PNG (signature)');
  let offset = 8;
  let header: { width: number; height: number; depth: number; colorType: number; interlace: number } | undefined;
  let palette: Buffer | undefined;
  let transparency: Buffer | undefined;
  const idat: Buffer[] = [];
  while (offset + 8 <= bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') header = { width: data.readUInt32BE(0), height: data.readUInt32BE(4), depth: data[8]!, colorType: data[9]!, interlace: data[12]! };
    else if (type === 'PLTE') palette = data;
    else if (type === 'tRNS') transparency = data;
    else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    offset += 12 + length;
  }
  if (!header) throw new Error('PNG without IHDR');
  const { width, height, depth, colorType, interlace } = header;
  const channels = CHANNELS[colorType];
  if (channels === undefined) throw new Error(`PNG colour type ${colorType}`);
  if (interlace !== 0) throw new Error('interlaced PNG');
  const bitsPerPixel = channels * depth;
  const rowBytes = Math.ceil((width * bitsPerPixel) / 8);
  const raw = unfilterPngRows(inflateSync(Buffer.concat(idat)), height, rowBytes, Math.max(1, bitsPerPixel >> 3));

  const maxSample = (1 << Math.min(depth, 8)) - 1;
  const sample = (row: number, index: number): number => {
    if (depth === 8) return raw[row + index]!;
    if (depth === 16) return raw[row + index * 2]!;
    const bit = index * depth;
    return (raw[row + (bit >> 3)]! >> (8 - depth - (bit & 7))) & maxSample;
  };
  // Samples below 8 bits scaled to 0–255 (palette indices are not samples).
  const scale = (value: number) => (depth >= 8 ? value : Math.round((value * 255) / maxSample));
  const key = transparency && (colorType === 0 || colorType === 2) ? Array.from({ length: transparency.length / 2 }, (_, i) => transparency.readUInt16BE(i * 2)) : undefined;
  const rawSample = (row: number, index: number) => (depth === 16 ? (raw[row + index * 2]! << 8) | raw[row + index * 2 + 1]! : sample(row, index));

  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y += 1) {
    const row = y * rowBytes;
    for (let x = 0; x < width; x += 1) {
      const at = (y * width + x) * 4;
      const first = x * channels;
      if (colorType === 3) {
        const index = sample(row, x);
        if (!palette || index * 3 + 2 >= palette.length) throw new Error(`PNG palette index ${index} out of range`);
        rgba[at] = palette[index * 3]!;
        rgba[at + 1] = palette[index * 3 + 1]!;
        rgba[at + 2] = palette[index * 3 + 2]!;
        rgba[at + 3] = transparency && index < transparency.length ? transparency[index]! : 255;
      } else if (colorType === 0 || colorType === 4) {
        const grey = scale(sample(row, first));
        rgba[at] = rgba[at + 1] = rgba[at + 2] = grey;
        rgba[at + 3] = colorType === 4 ? scale(sample(row, first + 1)) : key && rawSample(row, first) === key[0] ? 0 : 255;
      } else {
        for (let c = 0; c < 3; c += 1) rgba[at + c] = scale(sample(row, first + c));
        const keyed = key && key.every((k, c) => rawSample(row, first + c) === k);
        rgba[at + 3] = colorType === 6 ? scale(sample(row, first + 3)) : keyed ? 0 : 255;
      }
    }
  }
  return { width, height, rgba };
}

/** 8-bit RGB pixels (3 bytes a pixel) as opaque RGBA, to compare with decoded images. */
export function rgbToRgba(width: number, height: number, rgb: Uint8Array): RgbaPixels {
  if (rgb.length !== width * height * 3) throw new Error(`expected ${width * height * 3} bytes of RGB, got ${rgb.length}`);
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0, j = 0; i < rgb.length; i += 3, j += 4) {
    rgba[j] = rgb[i]!;
    rgba[j + 1] = rgb[i + 1]!;
    rgba[j + 2] = rgb[i + 2]!;
    rgba[j + 3] = 255;
  }
  return { width, height, rgba };
}
