import { PDFName, type PDFDict, type PDFDocument, type PDFRef } from 'pdf-lib';
import { PassThroughStream } from './PassThroughStream';
import { PackagingError } from './PackagingError';
import { readJpegInfo } from '../image/readJpegInfo';
import { readPngInfo } from '../image/readPngInfo';
import { sniffImageType } from '../image/sniffImageType';

/** A page image placed in the document, with the facts needed to size its page. */
export interface EmbeddedScan {
  ref: PDFRef;
  width: number;
  height: number;
  /** Resolution declared inside the file (JFIF / pHYs), if any. */
  declaredDpi?: number;
  /** How the pixels were carried: unchanged JPEG, unchanged PNG stream, or decoded and re-compressed losslessly. */
  encoding: 'jpeg-passthrough' | 'png-passthrough' | 'png-decoded';
  /** Device colour space used (for the PDF/A report). */
  colorSpace: 'DeviceGray' | 'DeviceRGB' | 'DeviceCMYK' | 'Indexed';
}

/** zlib-wrapped deflate (what /FlateDecode reads), through the platform's CompressionStream. */
async function deflate(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Which of our supported formats the bytes are, by signature (never by file name). */
export function sniffScanFormat(bytes: Uint8Array): 'jpeg' | 'png' {
  if (bytes.length === 0) throw new PackagingError('image-empty', 'Tệp ảnh trống (0 byte).', 'empty input');
  const type = sniffImageType(bytes);
  if (type === 'jpeg' || type === 'png') return type;
  throw new PackagingError('image-unknown-format', 'Tệp không phải ảnh JPEG hoặc PNG; không đóng gói được.', `leading bytes ${Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ')}`);
}

/**
 * Adds one scanned page image to the document without losing anything: JPEG bytes go in unchanged
 * (DCTDecode, deflated on top when that is smaller), non-interlaced opaque PNG (including 1-bit black-and-white) keeps its own zlib
 * stream (FlateDecode + PNG predictor). Only PNGs with alpha or interlacing are decoded, and those
 * are re-compressed losslessly. Corrupt or truncated files throw a PackagingError in Vietnamese.
 */
export async function embedScanImage(
  doc: PDFDocument,
  bytes: Uint8Array,
  options: { jpegFlate?: boolean } = {},
): Promise<EmbeddedScan> {
  const format = sniffScanFormat(bytes);
  const context = doc.context;
  if (format === 'jpeg') {
    const info = readJpegInfo(bytes);
    const colorSpace = info.components === 1 ? 'DeviceGray' : info.components === 3 ? 'DeviceRGB' : 'DeviceCMYK';
    const dict: Record<string, unknown> = {
      Type: 'XObject',
      Subtype: 'Image',
      Width: info.width,
      Height: info.height,
      BitsPerComponent: 8,
      ColorSpace: colorSpace,
      Filter: 'DCTDecode',
    };
    if (info.components === 4 && info.adobeInverted) dict.Decode = [1, 0, 1, 0, 1, 0, 1, 0];
    // The JPEG stays byte for byte; Flate on top of it (as ocrmypdf does) often saves a sixth on scans
    // of mostly white paper, and costs readers nothing they don't already do.
    const deflated = options.jpegFlate === false ? bytes : await deflate(bytes);
    const packed = deflated !== bytes && deflated.length <= bytes.length * 0.98;
    if (packed) dict.Filter = ['FlateDecode', 'DCTDecode'];
    const ref = context.register(new PassThroughStream(context.obj(dict as never) as unknown as PDFDict, packed ? deflated : bytes));
    return { ref, width: info.width, height: info.height, encoding: 'jpeg-passthrough', colorSpace, ...(info.dpi ? { declaredDpi: info.dpi } : {}) };
  }
  const info = readPngInfo(bytes);
  if (info.interlaced || info.hasTransparency) {
    let image;
    try {
      image = await doc.embedPng(bytes);
    } catch (error) {
      throw new PackagingError('image-corrupt', 'Ảnh PNG bị hỏng, không giải nén được. Hãy quét lại trang này.', error instanceof Error ? error.message : String(error));
    }
    return { ref: image.ref, width: image.width, height: image.height, encoding: 'png-decoded', colorSpace: 'DeviceRGB', ...(info.dpi ? { declaredDpi: info.dpi } : {}) };
  }
  const colors = info.colorType === 2 ? 3 : 1;
  let colorSpace: EmbeddedScan['colorSpace'] = info.colorType === 2 ? 'DeviceRGB' : 'DeviceGray';
  let colorSpaceObject: unknown = colorSpace;
  if (info.colorType === 3) {
    colorSpace = 'Indexed';
    const palette = info.palette!;
    const entries = palette.length / 3;
    colorSpaceObject = [PDFName.of('Indexed'), PDFName.of('DeviceRGB'), entries - 1, context.register(context.stream(palette))];
  }
  const ref = context.register(
    new PassThroughStream(context.obj({
      Type: 'XObject',
      Subtype: 'Image',
      Width: info.width,
      Height: info.height,
      BitsPerComponent: info.bitDepth,
      ColorSpace: colorSpaceObject as never,
      Filter: 'FlateDecode',
      DecodeParms: { Predictor: 15, Colors: colors, BitsPerComponent: info.bitDepth, Columns: info.width },
    }) as PDFDict, info.data),
  );
  return { ref, width: info.width, height: info.height, encoding: 'png-passthrough', colorSpace, ...(info.dpi ? { declaredDpi: info.dpi } : {}) };
}
