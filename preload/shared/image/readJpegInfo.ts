import { PackagingError } from '../pdf/PackagingError';

/** What a PDF needs to carry a JPEG as-is (DCTDecode pass-through). */
export interface JpegInfo {
  width: number;
  height: number;
  /** 1 gray, 3 YCbCr/RGB, 4 CMYK/YCCK. */
  components: 1 | 3 | 4;
  /** Adobe APP14 marker present: 4-component data is stored inverted. */
  adobeInverted: boolean;
  /** Resolution declared by JFIF, if any (dots per inch). */
  dpi?: number;
  progressive: boolean;
}

function corrupt(detail: string): PackagingError {
  return new PackagingError('image-corrupt', 'Ảnh JPEG bị hỏng, không đọc được. Hãy quét lại trang này.', detail);
}

/**
 * Reads a JPEG's frame header and checks the file is whole (SOI … SOF … SOS … EOI), so a damaged
 * or cut-off scan is refused with a clear message instead of producing a PDF that viewers reject.
 * It never decodes pixels: the bytes go into the PDF unchanged.
 */
export function readJpegInfo(bytes: Uint8Array): JpegInfo {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) throw corrupt('missing SOI marker');
  let offset = 2;
  let frame: Omit<JpegInfo, 'adobeInverted' | 'dpi'> | undefined;
  let adobe = false;
  let dpi: number | undefined;
  while (offset < bytes.length) {
    if (bytes[offset] !== 0xff) throw corrupt(`expected a marker at byte ${offset}`);
    while (offset < bytes.length && bytes[offset] === 0xff) offset += 1;
    if (offset >= bytes.length) break;
    const marker = bytes[offset]!;
    offset += 1;
    if (marker === 0xd9) break;
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) continue;
    if (offset + 2 > bytes.length) throw truncated(`segment length of marker 0x${marker.toString(16)} cut off`);
    const length = (bytes[offset]! << 8) | bytes[offset + 1]!;
    if (length < 2) throw corrupt(`segment length ${length} of marker 0x${marker.toString(16)}`);
    const end = offset + length;
    if (end > bytes.length) throw truncated(`segment of marker 0x${marker.toString(16)} runs past the end`);
    const segment = bytes.subarray(offset + 2, end);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (marker !== 0xc0 && marker !== 0xc1 && marker !== 0xc2) {
        throw new PackagingError('image-unsupported', 'Ảnh JPEG dùng kiểu nén không được hỗ trợ (chỉ nhận JPEG thường hoặc progressive).', `SOF marker 0x${marker.toString(16)}`);
      }
      if (segment.length < 6) throw corrupt('short SOF segment');
      const precision = segment[0]!;
      const height = (segment[1]! << 8) | segment[2]!;
      const width = (segment[3]! << 8) | segment[4]!;
      const components = segment[5]!;
      if (precision !== 8) throw new PackagingError('image-unsupported', 'Ảnh JPEG 12 bit không được hỗ trợ; hãy quét ở chế độ 8 bit.', `precision ${precision}`);
      if (width === 0 || height === 0) throw corrupt(`frame size ${width}x${height}`);
      if (components !== 1 && components !== 3 && components !== 4) throw corrupt(`${components} components`);
      frame = { width, height, components, progressive: marker === 0xc2 };
    } else if (marker === 0xe0 && segment.length >= 12 && ascii(segment, 0, 5) === 'JFIF\0') {
      const units = segment[7]!;
      const xDensity = (segment[8]! << 8) | segment[9]!;
      if (xDensity > 0 && units === 1) dpi = xDensity;
      if (xDensity > 0 && units === 2) dpi = Math.round(xDensity * 2.54);
    } else if (marker === 0xee && segment.length >= 5 && ascii(segment, 0, 5) === 'Adobe') {
      adobe = true;
    } else if (marker === 0xda) {
      if (!frame) throw corrupt('scan before frame header');
      // Entropy-coded data follows; the end of the file must carry the EOI marker.
      return finish(bytes, end, frame, adobe, dpi);
    }
    offset = end;
  }
  throw truncated(frame ? 'no scan data (SOS) before the end' : 'no frame header (SOF) before the end');
}

function finish(bytes: Uint8Array, scanStart: number, frame: Omit<JpegInfo, 'adobeInverted' | 'dpi'>, adobe: boolean, dpi: number | undefined): JpegInfo {
  let last = bytes.length - 1;
  // Some writers pad after EOI; allow a little zero padding.
  while (last > scanStart && bytes.length - last < 64 && bytes[last] === 0x00) last -= 1;
  if (last - 1 <= scanStart || bytes[last - 1] !== 0xff || bytes[last] !== 0xd9) throw truncated('EOI marker missing at end of file');
  return { ...frame, adobeInverted: adobe, ...(dpi ? { dpi } : {}) };
}

function truncated(detail: string): PackagingError {
  return new PackagingError('image-truncated', 'Ảnh JPEG bị cắt cụt (tệp chưa ghi hết). Hãy quét lại trang này.', detail);
}

function ascii(bytes: Uint8Array, start: number, length: number): string {
  let text = '';
  for (let i = start; i < start + length && i < bytes.length; i += 1) text += String.fromCharCode(bytes[i]!);
  return text;
}
