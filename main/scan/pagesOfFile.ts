import { inflateSync } from 'node:zlib';
import { PDFDict, PDFDocument, PDFName, PDFNumber, PDFRawStream, PDFArray, PDFRef, type PDFObject } from 'pdf-lib';
import * as UTIF from 'utif2';
import { readScanImageSize } from '../../preload/shared/image/readScanImageSize';
import { DeskFailure } from '../../preload/shared/errors/DeskFailure';
import { sniffImageType } from '../../preload/shared/image/sniffImageType';
import { checkTiffStructure } from './checkTiffStructure';
import { decodeTiffLzw } from './decodeTiffLzw';
import { encodePng } from './encodePng';

// The library's LZW decoder never returns on some damaged streams; use the bounded one.
(UTIF.decode as unknown as { _decodeLZW: typeof decodeTiffLzw })._decodeLZW = decodeTiffLzw;
/** TIFF compressions scanners write: none, CCITT G3/G4, LZW, JPEG, Deflate, PackBits. */
const TIFF_COMPRESSIONS = new Set([1, 2, 3, 4, 5, 7, 8, 32773, 32946]);

/** One page taken from an imported file, as JPEG (kept byte for byte) or PNG (converted). */
export interface ImportedPage {
  mime: 'image/jpeg' | 'image/png';
  data: Uint8Array;
  width: number;
  height: number;
  dpi?: number;
}

export type ImportFormat = 'jpeg' | 'png' | 'tiff' | 'pdf';

/** The format of a file by its first bytes (names and extensions are not trusted). */
export function sniffImportFormat(bytes: Uint8Array): ImportFormat | undefined {
  const type = sniffImageType(bytes);
  return type === 'jpeg' || type === 'png' || type === 'tiff' || type === 'pdf' ? type : undefined;
}

/**
 * The typed failure for a file that cannot be imported. The message names the file and says the
 * original is untouched, because the officer must know which sheet to rescan or which file to fix.
 */
export function badFileFailure(name: string, detail: string, cause?: unknown): DeskFailure {
  return new DeskFailure(
    'scanner-bad-file',
    `Tệp “${name}” bị hỏng, chưa ghi xong hoặc không phải ảnh quét (JPEG, PNG, TIFF, PDF) nên không nhập được. Tệp gốc được giữ nguyên; các trang đã nhập vẫn được giữ lại.`,
    `${name}: ${detail}`,
    cause === undefined ? undefined : { cause },
  );
}

/** One failure for every file of an import that could not be read, naming them all. */
export function badFilesFailure(failures: Array<{ name: string; error: unknown }>): DeskFailure {
  if (failures.length === 1 && failures[0]!.error instanceof DeskFailure) return failures[0]!.error;
  const names = failures.map((f) => `“${f.name}”`).join(', ');
  const detail = failures.map((f) => (f.error instanceof DeskFailure ? (f.error.detail ?? f.error.code) : `${f.name}: ${String(f.error)}`)).join('; ');
  return new DeskFailure('scanner-bad-file', `Các tệp ${names} bị hỏng, chưa ghi xong hoặc không phải ảnh quét nên không nhập được. Tệp gốc được giữ nguyên; các trang đã nhập vẫn được giữ lại.`, detail);
}

function rgbaToRgb(rgba: Uint8Array, width: number, height: number): Uint8Array {
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0, j = 0; j < rgb.length; i += 4, j += 3) {
    // Transparent areas of a scan are paper: composite over white.
    const a = rgba[i + 3]!;
    rgb[j] = (rgba[i]! * a + 255 * (255 - a)) / 255;
    rgb[j + 1] = (rgba[i + 1]! * a + 255 * (255 - a)) / 255;
    rgb[j + 2] = (rgba[i + 2]! * a + 255 * (255 - a)) / 255;
  }
  return rgb;
}

/** A tag's values as numbers; rationals ([numerator, denominator]) are divided out. */
function tagNumbers(ifd: UTIF.IFD, tag: string): number[] {
  const value = ifd[tag];
  const one = (v: unknown): number[] => {
    if (typeof v === 'number') return [v];
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'number' && typeof v[1] === 'number') return v[1] === 0 ? [] : [v[0] / v[1]];
    return [];
  };
  return Array.isArray(value) ? (value as unknown[]).flatMap(one) : one(value);
}

/** Larger than any page a desk scanner makes (A4 at 600 dpi is 35 million pixels). */
const MAX_PIXELS = 40_000_000;
/** The long side of A3 is 16.5 inches: a TIFF claiming more at its own resolution is damaged. */
const MAX_INCHES = 18;

export interface PagesOfFileOptions {
  /** Images above this many pixels are refused as damaged. */
  maxPixels?: number;
}

/** Every full-size image of a (multi-page) TIFF, converted to PNG; reduced-size previews are skipped. */
function* tiffPages(name: string, bytes: Uint8Array, maxPixels: number): Generator<ImportedPage> {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let ifds: UTIF.IFD[];
  try {
    checkTiffStructure(bytes);
    ifds = UTIF.decode(buffer);
  } catch (error) {
    throw badFileFailure(name, `TIFF structure: ${(error as Error).message}`, error);
  }
  // Every directory is checked before any page is given out, so a cut-off file is refused whole
  // instead of silently losing its last pages.
  for (const [n, ifd] of ifds.entries()) {
    const width = tagNumbers(ifd, 't256')[0] ?? 0;
    const height = tagNumbers(ifd, 't257')[0] ?? 0;
    if (!(width > 0 && height > 0)) throw badFileFailure(name, `TIFF directory ${n + 1} unreadable (cut off?)`);
    const resolution = tagNumbers(ifd, 't282')[0];
    const perInch = resolution && resolution > 0 ? ((tagNumbers(ifd, 't296')[0] ?? 2) === 3 ? resolution * 2.54 : resolution) : undefined;
    if (width * height > maxPixels || (perInch && Math.max(width, height) / perInch > MAX_INCHES)) throw badFileFailure(name, `TIFF directory ${n + 1}: ${width}x${height}${perInch ? ` at ${Math.round(perInch)} dpi` : ''} is larger than any scanned page`);
    const compression = tagNumbers(ifd, 't259')[0] ?? 1;
    if (!TIFF_COMPRESSIONS.has(compression)) throw badFileFailure(name, `TIFF directory ${n + 1}: compression ${compression} not supported`);
    const offsets = [...tagNumbers(ifd, 't273'), ...tagNumbers(ifd, 't324')];
    const counts = [...tagNumbers(ifd, 't279'), ...tagNumbers(ifd, 't325')];
    if (offsets.length === 0 || offsets.length !== counts.length) throw badFileFailure(name, `TIFF directory ${n + 1}: no strip or tile table`);
    // A cut-off file points past its end; the decoder would silently give black rows.
    if (offsets.some((offset, i) => offset + counts[i]! > bytes.length)) throw badFileFailure(name, `TIFF directory ${n + 1}: image data runs past the end of the file (${bytes.length} bytes)`);
  }
  const pages = ifds.filter((ifd) => ((tagNumbers(ifd, 't254')[0] ?? 0) & 1) === 0);
  if (pages.length === 0) throw badFileFailure(name, 'TIFF without an image');
  for (const [n, ifd] of pages.entries()) {
    let rgba: Uint8Array;
    try {
      UTIF.decodeImage(buffer, ifd);
      rgba = UTIF.toRGBA8(ifd);
    } catch (error) {
      throw badFileFailure(name, `TIFF page ${n + 1}: ${(error as Error).message}`, error);
    }
    const { width, height } = ifd;
    if (!(width > 0 && height > 0) || rgba.length !== width * height * 4) throw badFileFailure(name, `TIFF page ${n + 1}: decoded ${rgba.length} bytes for ${width}x${height}`);
    const resolution = tagNumbers(ifd, 't282')[0];
    const unit = tagNumbers(ifd, 't296')[0] ?? 2;
    const stated = resolution && resolution > 0 ? Math.round(unit === 3 ? resolution * 2.54 : resolution) : undefined;
    // A damaged resolution tag can say anything; beyond what scanners offer it is treated as unknown.
    const dpi = stated !== undefined && stated >= 1 && stated <= 9600 ? stated : undefined;
    let data: Uint8Array;
    try {
      data = encodePng(width, height, rgbaToRgb(rgba, width, height), dpi);
    } catch (error) {
      throw badFileFailure(name, `TIFF page ${n + 1}: ${(error as Error).message}`, error);
    }
    yield { mime: 'image/png', data, width, height, ...(dpi ? { dpi } : {}) };
  }
}

/** Reverses PNG row filters (PDF Predictor 10–15) for 8-bit samples. */
function undoPngPredictor(data: Uint8Array, rowBytes: number, bytesPerPixel: number): Uint8Array {
  const rows = Math.floor(data.length / (rowBytes + 1));
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
      let value: number;
      if (filter === 0) value = raw;
      else if (filter === 1) value = raw + a;
      else if (filter === 2) value = raw + b;
      else if (filter === 3) value = raw + ((a + b) >> 1);
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        value = raw + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
      } else throw new RangeError(`PNG row filter ${filter}`);
      out[row + x] = value & 0xff;
    }
  }
  return out;
}

function resolve(doc: PDFDocument, value: PDFObject | undefined): PDFObject | undefined {
  return value instanceof PDFRef ? doc.context.lookup(value) : value;
}

function filterNames(doc: PDFDocument, dict: PDFDict): string[] {
  const filter = resolve(doc, dict.get(PDFName.of('Filter')));
  if (filter instanceof PDFName) return [filter.decodeText()];
  if (filter instanceof PDFArray) return filter.asArray().map((f) => (resolve(doc, f) as PDFName).decodeText?.() ?? '?');
  return [];
}

function numberOf(doc: PDFDocument, dict: PDFDict, key: string): number | undefined {
  const value = resolve(doc, dict.get(PDFName.of(key)));
  return value instanceof PDFNumber ? value.asNumber() : undefined;
}

/**
 * The scanned image of every page of a PDF: the largest image on the page, taken out as it is
 * stored (a JPEG is kept byte for byte; 8-bit RGB or grey Flate images become PNG). A page that is
 * not a scan (text only, or an image kind the desk cannot take out) is refused by name.
 */
async function* pdfPages(name: string, bytes: Uint8Array): AsyncGenerator<ImportedPage> {
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 1024))).toString('latin1');
  if (!tail.includes('%%EOF')) throw badFileFailure(name, 'PDF without %%EOF: cut off or still being written');
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { ignoreEncryption: false, updateMetadata: false, throwOnInvalidObject: true });
  } catch (error) {
    throw badFileFailure(name, `PDF: ${(error as Error).message}`, error);
  }
  const pages = doc.getPages();
  if (pages.length === 0) throw badFileFailure(name, 'PDF without pages');
  for (const [n, page] of pages.entries()) {
    const resources = page.node.Resources();
    const xobjects = resources ? resolve(doc, resources.get(PDFName.of('XObject'))) : undefined;
    let best: { stream: PDFRawStream; width: number; height: number } | undefined;
    if (xobjects instanceof PDFDict) {
      for (const ref of xobjects.values()) {
        const stream = resolve(doc, ref);
        if (!(stream instanceof PDFRawStream)) continue;
        const subtype = resolve(doc, stream.dict.get(PDFName.of('Subtype')));
        if (!(subtype instanceof PDFName) || subtype.decodeText() !== 'Image') continue;
        const width = numberOf(doc, stream.dict, 'Width') ?? 0;
        const height = numberOf(doc, stream.dict, 'Height') ?? 0;
        if (!best || width * height > best.width * best.height) best = { stream, width, height };
      }
    }
    if (!best || best.width <= 0 || best.height <= 0) throw badFileFailure(name, `PDF page ${n + 1} has no scanned image`);
    const pageWidthInches = page.getWidth() / 72;
    const dpi = pageWidthInches > 0 ? Math.round(best.width / pageWidthInches) : undefined;
    const filters = filterNames(doc, best.stream.dict);
    const contents = best.stream.getContents();
    if (filters.length === 1 && filters[0] === 'DCTDecode') {
      try {
        readScanImageSize(contents);
      } catch (error) {
        throw badFileFailure(name, `PDF page ${n + 1}: damaged JPEG image`, error);
      }
      yield { mime: 'image/jpeg', data: contents, width: best.width, height: best.height, ...(dpi ? { dpi } : {}) };
      continue;
    }
    const bits = numberOf(doc, best.stream.dict, 'BitsPerComponent');
    const space = resolve(doc, best.stream.dict.get(PDFName.of('ColorSpace')));
    const spaceName = space instanceof PDFName ? space.decodeText() : undefined;
    const channels = spaceName === 'DeviceRGB' ? 3 : spaceName === 'DeviceGray' ? 1 : 0;
    const parms = resolve(doc, best.stream.dict.get(PDFName.of('DecodeParms')));
    const predictor = parms instanceof PDFDict ? (numberOf(doc, parms, 'Predictor') ?? 1) : 1;
    if (bits !== 8 || channels === 0 || (predictor !== 1 && predictor < 10) || !(filters.length === 0 || (filters.length === 1 && filters[0] === 'FlateDecode'))) {
      throw badFileFailure(name, `PDF page ${n + 1}: image kind not supported (${filters.join('+') || 'raw'}, ${spaceName ?? 'other colour space'}, ${bits ?? '?'} bit, predictor ${predictor})`);
    }
    let pixels: Uint8Array;
    try {
      pixels = filters.length === 0 ? contents : new Uint8Array(inflateSync(contents));
      if (predictor >= 10) pixels = undoPngPredictor(pixels, best.width * channels, channels);
    } catch (error) {
      throw badFileFailure(name, `PDF page ${n + 1}: image data does not decode (${(error as Error).message})`, error);
    }
    const { width, height } = best;
    if (pixels.length < width * height * channels) throw badFileFailure(name, `PDF page ${n + 1}: ${pixels.length} bytes for ${width}x${height}x${channels}`);
    let rgb = pixels.subarray(0, width * height * channels);
    if (channels === 1) {
      const grey = rgb;
      rgb = new Uint8Array(width * height * 3);
      for (let i = 0; i < grey.length; i += 1) rgb[i * 3] = rgb[i * 3 + 1] = rgb[i * 3 + 2] = grey[i]!;
    }
    yield { mime: 'image/png', data: encodePng(width, height, rgb, dpi), width, height, ...(dpi ? { dpi } : {}) };
  }
}

/**
 * The pages of an imported or hot-folder file: JPEG and PNG as they are (checked whole), every
 * page of a TIFF converted to PNG, the scanned image of every PDF page. A file that is damaged,
 * cut off or not a scan fails with `badFileFailure`; pages yielded before that are good.
 */
export async function* pagesOfFile(name: string, bytes: Uint8Array, options: PagesOfFileOptions = {}): AsyncGenerator<ImportedPage> {
  const format = sniffImportFormat(bytes);
  if (!format) throw badFileFailure(name, bytes.length === 0 ? 'empty file' : `unknown signature ${Buffer.from(bytes.subarray(0, 8)).toString('hex')}`);
  if (format === 'jpeg' || format === 'png') {
    let size;
    try {
      size = readScanImageSize(bytes);
    } catch (error) {
      throw badFileFailure(name, `${format}: ${(error as Error).message}`, error);
    }
    yield { mime: format === 'jpeg' ? 'image/jpeg' : 'image/png', data: bytes, width: size.width, height: size.height, ...(size.dpi ? { dpi: size.dpi } : {}) };
  } else if (format === 'tiff') {
    yield* tiffPages(name, bytes, options.maxPixels ?? MAX_PIXELS);
  } else {
    yield* pdfPages(name, bytes);
  }
}
