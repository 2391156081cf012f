import { PackagingError } from '../pdf/PackagingError';

/** A PNG split into what a PDF image needs; `data` is the zlib stream of the IDAT chunks, untouched. */
export interface PngInfo {
  width: number;
  height: number;
  bitDepth: 1 | 2 | 4 | 8 | 16;
  /** 0 gray, 2 RGB, 3 palette, 4 gray+alpha, 6 RGBA. */
  colorType: 0 | 2 | 3 | 4 | 6;
  interlaced: boolean;
  palette?: Uint8Array;
  hasTransparency: boolean;
  dpi?: number;
  data: Uint8Array;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const VALID_DEPTHS: Record<number, number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };

const crcTable = new Uint32Array(256);
for (let n = 0; n < 256; n += 1) {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  crcTable[n] = c >>> 0;
}

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i += 1) c = crcTable[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function corrupt(detail: string): PackagingError {
  return new PackagingError('image-corrupt', 'Ảnh PNG bị hỏng, không đọc được. Hãy quét lại trang này.', detail);
}

function truncated(detail: string): PackagingError {
  return new PackagingError('image-truncated', 'Ảnh PNG bị cắt cụt (tệp chưa ghi hết). Hãy quét lại trang này.', detail);
}

/**
 * Reads a PNG's chunks and checks every CRC and the closing IEND, so damaged or cut-off files are
 * refused before packaging. The compressed pixel stream is returned as-is: the PDF carries it with
 * the PNG predictor, so nothing is decoded or re-encoded (lossless for black-and-white pages too).
 */
export function readPngInfo(bytes: Uint8Array): PngInfo {
  if (bytes.length < 8 || SIGNATURE.some((b, i) => bytes[i] !== b)) throw corrupt('bad PNG signature');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 8;
  let header: Pick<PngInfo, 'width' | 'height' | 'bitDepth' | 'colorType' | 'interlaced'> | undefined;
  let palette: Uint8Array | undefined;
  let hasTransparency = false;
  let dpi: number | undefined;
  const idat: Uint8Array[] = [];
  let ended = false;
  while (offset < bytes.length) {
    if (offset + 12 > bytes.length) throw truncated(`chunk header cut off at byte ${offset}`);
    const length = view.getUint32(offset);
    const type = String.fromCharCode(bytes[offset + 4]!, bytes[offset + 5]!, bytes[offset + 6]!, bytes[offset + 7]!);
    if (!/^[A-Za-z]{4}$/.test(type)) throw corrupt(`invalid chunk type at byte ${offset}`);
    if (length > 0x7fffffff || offset + 12 + length > bytes.length) throw truncated(`chunk ${type} runs past the end`);
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    const crc = view.getUint32(offset + 8 + length);
    if (crc32(bytes.subarray(offset + 4, offset + 8 + length)) !== crc) throw corrupt(`CRC mismatch in chunk ${type}`);
    offset += 12 + length;
    if (!header && type !== 'IHDR') throw corrupt('first chunk is not IHDR');
    if (type === 'IHDR') {
      if (length !== 13 || header) throw corrupt('bad IHDR');
      const width = view.getUint32(offset - 12 - length + 8);
      const height = view.getUint32(offset - 12 - length + 12);
      const bitDepth = data[8]!;
      const colorType = data[9]!;
      if (width === 0 || height === 0) throw corrupt(`size ${width}x${height}`);
      if (!VALID_DEPTHS[colorType]?.includes(bitDepth)) throw corrupt(`colour type ${colorType} with depth ${bitDepth}`);
      if (data[10] !== 0 || data[11] !== 0 || data[12]! > 1) throw corrupt('unknown compression, filter or interlace method');
      header = { width, height, bitDepth: bitDepth as PngInfo['bitDepth'], colorType: colorType as PngInfo['colorType'], interlaced: data[12] === 1 };
    } else if (type === 'PLTE') {
      if (length % 3 !== 0 || length === 0) throw corrupt('bad PLTE length');
      palette = data;
    } else if (type === 'tRNS') {
      hasTransparency = true;
    } else if (type === 'pHYs' && length === 9 && data[8] === 1) {
      const perMetre = new DataView(data.buffer, data.byteOffset, 9).getUint32(0);
      if (perMetre > 0) dpi = Math.round(perMetre * 0.0254);
    } else if (type === 'IDAT') {
      idat.push(data);
    } else if (type === 'IEND') {
      ended = true;
      break;
    }
  }
  if (!header) throw truncated('no IHDR');
  if (!ended) throw truncated('IEND missing');
  if (idat.length === 0) throw corrupt('no IDAT chunk');
  if (header.colorType === 3 && !palette) throw corrupt('palette image without PLTE');
  const total = idat.reduce((sum, part) => sum + part.length, 0);
  const data = new Uint8Array(total);
  let at = 0;
  for (const part of idat) {
    data.set(part, at);
    at += part.length;
  }
  return {
    ...header,
    hasTransparency: hasTransparency || header.colorType === 4 || header.colorType === 6,
    ...(palette ? { palette } : {}),
    ...(dpi ? { dpi } : {}),
    data,
  };
}
