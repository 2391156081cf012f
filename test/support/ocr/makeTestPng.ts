import { deflateSync } from 'node:zlib';

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** A PNG chunk with its CRC. */
export function pngChunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  let c = 0xffffffff;
  for (const b of Buffer.concat([head.subarray(4), data])) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE((c ^ 0xffffffff) >>> 0, 0);
  return Buffer.concat([head, Buffer.from(data), crc]);
}

export interface TestPngOptions {
  width: number;
  height: number;
  bitDepth: 1 | 2 | 4 | 8 | 16;
  colorType: 0 | 2 | 3 | 4 | 6;
  /** Packed pixel rows (without filter bytes); filter 0 is added per row. */
  rows: Uint8Array[];
  palette?: Uint8Array;
  dpi?: number;
  /** Split the compressed stream over this many IDAT chunks. */
  idatChunks?: number;
}

/** Builds a PNG of any colour type and depth from raw rows, for reader and packaging tests. */
export function makeTestPng(options: TestPngOptions): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(options.width, 0);
  ihdr.writeUInt32BE(options.height, 4);
  ihdr[8] = options.bitDepth;
  ihdr[9] = options.colorType;
  const raw = Buffer.concat(options.rows.map((row) => Buffer.concat([Buffer.from([0]), Buffer.from(row)])));
  const compressed = deflateSync(raw);
  const parts = options.idatChunks ?? 1;
  const size = Math.ceil(compressed.length / parts);
  const idat = Array.from({ length: parts }, (_, i) => pngChunk('IDAT', compressed.subarray(i * size, (i + 1) * size)));
  const chunks = [pngChunk('IHDR', ihdr)];
  if (options.dpi) {
    const phys = Buffer.alloc(9);
    const perMetre = Math.round(options.dpi / 0.0254);
    phys.writeUInt32BE(perMetre, 0);
    phys.writeUInt32BE(perMetre, 4);
    phys[8] = 1;
    chunks.push(pngChunk('pHYs', phys));
  }
  if (options.palette) chunks.push(pngChunk('PLTE', options.palette));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ...chunks, ...idat, pngChunk('IEND', new Uint8Array(0))]);
}
