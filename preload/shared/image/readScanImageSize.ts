import { sniffScanFormat } from '../pdf/embedScanImage';
import { readJpegInfo } from './readJpegInfo';
import { readPngInfo } from './readPngInfo';

/** Format, pixel size and declared resolution of a scanned page, checked for corruption. */
export interface ScanImageSize {
  format: 'jpeg' | 'png';
  width: number;
  height: number;
  dpi?: number;
}

/**
 * Validates a page image and reads its size without decoding pixels; OCR and packaging call it
 * first so a damaged file is refused with the same Vietnamese message everywhere.
 */
export function readScanImageSize(bytes: Uint8Array): ScanImageSize {
  const format = sniffScanFormat(bytes);
  const info = format === 'jpeg' ? readJpegInfo(bytes) : readPngInfo(bytes);
  return { format, width: info.width, height: info.height, ...(info.dpi ? { dpi: info.dpi } : {}) };
}
