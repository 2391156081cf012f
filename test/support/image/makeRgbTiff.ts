/** One page of a TIFF to write: 8-bit RGB pixels, 3 bytes a pixel, row after row. */
export interface TiffPage {
  width: number;
  height: number;
  rgb: Uint8Array;
  dpi: number;
}

/**
 * A baseline multi-page TIFF (little-endian, uncompressed RGB, one strip a page, resolution in
 * dpi), written from the TIFF 6.0 specification so the pixels a test imports are known exactly,
 * without any decoder's say.
 */
export function makeRgbTiff(pages: readonly TiffPage[]): Buffer {
  const ENTRIES = 11;
  const ifdSize = 2 + ENTRIES * 12 + 4;
  const chunks: Buffer[] = [];
  const header = Buffer.alloc(8);
  header.write('II', 0, 'latin1');
  header.writeUInt16LE(42, 2);
  header.writeUInt32LE(8, 4);
  chunks.push(header);
  let offset = 8;
  for (const [n, page] of pages.entries()) {
    if (page.rgb.length !== page.width * page.height * 3) throw new Error(`page ${n + 1}: ${page.rgb.length} bytes for ${page.width}x${page.height} RGB`);
    // Directory, then its out-of-line values (bits per sample, two rationals), then the strip.
    const ifdAt = offset;
    const bitsAt = ifdAt + ifdSize;
    const xResAt = bitsAt + 6;
    const yResAt = xResAt + 8;
    const stripAt = yResAt + 8;
    const ifd = Buffer.alloc(ifdSize);
    ifd.writeUInt16LE(ENTRIES, 0);
    const entries: Array<[tag: number, type: number, count: number, value: number]> = [
      [256, 4, 1, page.width],
      [257, 4, 1, page.height],
      [258, 3, 3, bitsAt],
      [259, 3, 1, 1],
      [262, 3, 1, 2],
      [273, 4, 1, stripAt],
      [277, 3, 1, 3],
      [278, 4, 1, page.height],
      [279, 4, 1, page.rgb.length],
      [282, 5, 1, xResAt],
      [283, 5, 1, yResAt],
    ];
    for (const [i, [tag, type, count, value]] of entries.entries()) {
      const at = 2 + i * 12;
      ifd.writeUInt16LE(tag, at);
      ifd.writeUInt16LE(type, at + 2);
      ifd.writeUInt32LE(count, at + 4);
      // A single SHORT sits in the first two bytes of the value field.
      if (type === 3 && count === 1) ifd.writeUInt16LE(value, at + 8);
      else ifd.writeUInt32LE(value, at + 8);
    }
    const next = stripAt + page.rgb.length;
    const last = n === pages.length - 1;
    ifd.writeUInt32LE(last ? 0 : next + (next % 2), 2 + ENTRIES * 12);
    const values = Buffer.alloc(22);
    values.writeUInt16LE(8, 0);
    values.writeUInt16LE(8, 2);
    values.writeUInt16LE(8, 4);
    values.writeUInt32LE(page.dpi, 6);
    values.writeUInt32LE(1, 10);
    values.writeUInt32LE(page.dpi, 14);
    values.writeUInt32LE(1, 18);
    chunks.push(ifd, values, Buffer.from(page.rgb.buffer, page.rgb.byteOffset, page.rgb.byteLength));
    offset = next;
    // Directories start on a word boundary.
    if (!last && offset % 2 === 1) {
      chunks.push(Buffer.alloc(1));
      offset += 1;
    }
  }
  return Buffer.concat(chunks);
}
