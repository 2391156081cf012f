import {
  PDFContentStream,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFString,
  TextRenderingMode,
  beginText,
  concatTransformationMatrix,
  degrees,
  drawObject,
  endText,
  popGraphicsState,
  pushGraphicsState,
  setCharacterSqueeze,
  setFontAndSize,
  setTextMatrix,
  setTextRenderingMode,
  showText,
  type PDFFont,
  type PDFOperator,
  type PDFPage,
} from 'pdf-lib';
import type { OcrPage } from '../ocr/ocrTypes';
import { buildSrgbIccProfile } from './buildSrgbIccProfile';
import { buildXmpPacket, dossierKeywords, type DossierPdfMetadata } from './buildXmpPacket';
import { embedScanImage, type EmbeddedScan } from './embedScanImage';
import { PackagingError } from './PackagingError';
import { sha256Hex } from '../bytes/sha256Hex';

/** One page to package: the scanned image bytes as received, plus optional OCR words. */
export interface ScannedPageInput {
  bytes: Uint8Array;
  /** Scan resolution; falls back to the value inside the file, then to `defaultDpi`. */
  dpi?: number;
  /** Clockwise rotation to show the page upright; stored as the page's /Rotate (no re-encoding). */
  rotation?: 0 | 90 | 180 | 270;
  ocr?: OcrPage;
}

export interface PackageRequest {
  pages: readonly ScannedPageInput[];
  component: string;
  dossierCode?: string;
  procedureCode?: string;
  agency?: string;
  title?: string;
  author?: string;
  createdAt: Date;
  /** TrueType/OpenType font with Vietnamese glyphs; required when any page carries OCR words. */
  textFont?: Uint8Array;
  defaultDpi?: number;
  producer?: string;
  /**
   * Deflate JPEG streams on top of DCT when smaller (default true): about a sixth fewer bytes to
   * store and upload on mostly white scans, for roughly the time of one more pass over the bytes.
   */
  jpegFlate?: boolean;
}

/** A sealed component file: the PDF, its SHA-256 and what went into it. */
export interface PackagedPdf {
  bytes: Uint8Array;
  sha256: string;
  pageCount: number;
  scanDpi: number;
  wordCount: number;
  encodings: EmbeddedScan['encoding'][];
  /** Known departures from PDF/A-2b in this file (empty when none are known). */
  pdfaGaps: string[];
}

const DEFAULT_PRODUCER = 'Một Cửa Desk';
// Noto Sans ascender + |descender| per em; the text layer's size is fitted to the line height.
const LINE_HEIGHT_PER_EM = 1.362;

/**
 * Packages scanned pages into one PDF: images embedded losslessly (JPEG unchanged), an invisible
 * text layer (render mode 3) on the OCR word boxes in an embedded Vietnamese-capable font so search
 * and copy work, document info and XMP with the dossier facts, an sRGB output intent and file ID
 * towards PDF/A-2b, and the SHA-256 of the result. Output is deterministic for the same input.
 * Any bad image aborts the whole package with a Vietnamese PackagingError naming the page.
 */
export async function packageScannedPdf(request: PackageRequest): Promise<PackagedPdf> {
  if (request.pages.length === 0) throw new PackagingError('package-empty', 'Thành phần hồ sơ chưa có trang nào để đóng gói.', 'no pages');
  if (!request.component.trim()) throw new PackagingError('package-invalid', 'Thiếu tên thành phần hồ sơ.', 'empty component name');
  const needsFont = request.pages.some((p) => p.ocr && p.ocr.lines.length > 0);
  if (needsFont && !request.textFont) throw new PackagingError('package-invalid', 'Thiếu phông chữ tiếng Việt cho lớp chữ nhận dạng.', 'textFont missing');

  const doc = await PDFDocument.create({ updateMetadata: false });
  let font: PDFFont | undefined;
  if (needsFont) {
    // fontkit is large; loaded only when a text layer is needed, so image-only packaging starts fast.
    const { default: fontkit } = await import('@pdf-lib/fontkit');
    doc.registerFontkit(fontkit);
    font = await doc.embedFont(request.textFont!, { subset: true });
  }
  const defaultDpi = request.defaultDpi ?? 300;
  const encodings: EmbeddedScan['encoding'][] = [];
  const gaps = new Set<string>();
  let lowestDpi = Number.POSITIVE_INFINITY;
  let wordCount = 0;
  const pageHashes: Array<Promise<string>> = [];

  const jpegFlate = request.jpegFlate ?? true;
  for (const [index, input] of request.pages.entries()) {
    let scan: EmbeddedScan;
    try {
      scan = await embedScanImage(doc, input.bytes, { jpegFlate });
    } catch (error) {
      if (error instanceof PackagingError) throw new PackagingError(error.code, `Trang ${index + 1}: ${error.userMessage}`, error.detail);
      throw error;
    }
    pageHashes.push(sha256Hex(input.bytes));
    encodings.push(scan.encoding);
    if (scan.colorSpace === 'DeviceCMYK') gaps.add('ảnh CMYK dùng DeviceCMYK trong khi output intent là sRGB (PDF/A-2b 6.2.4.3)');
    const dpi = input.dpi ?? scan.declaredDpi ?? defaultDpi;
    if (!(dpi > 0)) throw new PackagingError('package-invalid', `Trang ${index + 1}: độ phân giải không hợp lệ.`, `dpi ${dpi}`);
    lowestDpi = Math.min(lowestDpi, dpi);
    const widthPt = (scan.width * 72) / dpi;
    const heightPt = (scan.height * 72) / dpi;
    const page = doc.addPage([widthPt, heightPt]);
    if (input.rotation) page.setRotation(degrees(input.rotation));
    const imageName = page.node.newXObject('Scan', scan.ref);
    const operators: PDFOperator[] = [pushGraphicsState(), concatTransformationMatrix(widthPt, 0, 0, heightPt, 0, 0), drawObject(imageName), popGraphicsState()];
    // Words read from the page at another rotation than it has now would land in the wrong places: such
    // a page goes without text layer until it is read again.
    if (input.ocr && font && (input.ocr.rotation ?? 0) === (input.rotation ?? 0)) {
      const placed = textLayerOperators(page, font, input.ocr, widthPt, heightPt, input.rotation ?? 0);
      operators.push(...placed.operators);
      wordCount += placed.words;
    }
    // Image-only pages have a few dozen bytes of content: compress only when a text layer is there.
    const content = PDFContentStream.of(doc.context.obj({}), operators, operators.length > 16);
    page.node.addContentStream(doc.context.register(content));
  }

  const scanDpi = Math.round(lowestDpi);
  const meta: DossierPdfMetadata = {
    component: request.component,
    scanDpi,
    pageCount: request.pages.length,
    title: request.title ?? [request.component, request.dossierCode].filter(Boolean).join(' – '),
    producer: request.producer ?? DEFAULT_PRODUCER,
    createdAt: request.createdAt,
    language: 'vi-VN',
    ...(request.dossierCode ? { dossierCode: request.dossierCode } : {}),
    ...(request.procedureCode ? { procedureCode: request.procedureCode } : {}),
    ...(request.agency ? { agency: request.agency } : {}),
    ...(request.author ? { author: request.author } : {}),
  };
  writeDocumentInfo(doc, meta);
  writePdfaParts(doc, meta);
  const id = (await sha256Hex(new TextEncoder().encode(JSON.stringify({ pageHashes: await Promise.all(pageHashes), meta })))).slice(0, 32);
  doc.context.trailerInfo.ID = doc.context.obj([PDFHexString.of(id), PDFHexString.of(id)]);

  const bytes = await doc.save({ useObjectStreams: true });
  return { bytes, sha256: await sha256Hex(bytes), pageCount: request.pages.length, scanDpi, wordCount, encodings, pdfaGaps: [...gaps] };
}

/**
 * Invisible words placed on their boxes: font size from the line height, horizontal scaling so the
 * word spans exactly its box, baseline from the engine when known. Image y grows down, PDF y up.
 */
function textLayerOperators(
  page: PDFPage,
  font: PDFFont,
  ocr: OcrPage,
  pageWidthPt: number,
  pageHeightPt: number,
  rotation: 0 | 90 | 180 | 270,
): { operators: PDFOperator[]; words: number } {
  const fontName = page.node.newFontDictionary('OcrText', font.ref);
  const supported = supportedCodePoints(font);
  // Words are laid out in the upright (displayed) frame, which /Rotate turns the page into; the
  // matrix maps that frame back onto the unrotated page so the words sit on the rotated image.
  const sideways = rotation === 90 || rotation === 270;
  const widthPt = sideways ? pageHeightPt : pageWidthPt;
  const heightPt = sideways ? pageWidthPt : pageHeightPt;
  const sx = widthPt / ocr.width;
  const sy = heightPt / ocr.height;
  const upright: Record<typeof rotation, [number, number, number, number, number, number]> = {
    0: [1, 0, 0, 1, 0, 0],
    90: [0, 1, -1, 0, pageWidthPt, 0],
    180: [-1, 0, 0, -1, pageWidthPt, pageHeightPt],
    270: [0, -1, 1, 0, 0, pageHeightPt],
  };
  const operators: PDFOperator[] = [pushGraphicsState()];
  if (rotation !== 0) operators.push(concatTransformationMatrix(...upright[rotation]));
  operators.push(beginText(), setTextRenderingMode(TextRenderingMode.Invisible));
  let words = 0;
  for (const line of ocr.lines) {
    const lineHeight = Math.max(1, (line.box.y1 - line.box.y0) * sy);
    const size = Math.max(1, lineHeight / LINE_HEIGHT_PER_EM);
    // One baseline per line, taken at the line's middle: extractors (pdftotext, viewers' search)
    // group glyphs into lines by baseline, so sloping words along a skewed scan would split lines.
    const fallbackBaseline = line.box.y1 - (line.box.y1 - line.box.y0) * 0.22;
    const b = line.baseline;
    const middle = (line.box.x0 + line.box.x1) / 2;
    const sloped = b ? (b.x1 === b.x0 ? b.y0 : b.y0 + ((b.y1 - b.y0) * (middle - b.x0)) / (b.x1 - b.x0)) : fallbackBaseline;
    const baseline = sloped >= line.box.y0 && sloped <= line.box.y1 ? sloped : fallbackBaseline;
    const y = heightPt - baseline * sy;
    operators.push(setFontAndSize(fontName, size));
    line.words.forEach((word, i) => {
      // Characters the font lacks would be drawn with .notdef, which PDF/A forbids; they are left out.
      const text = Array.from(word.text.normalize('NFC'))
        .filter((c) => supported.has(c.codePointAt(0)!))
        .join('');
      if (!text) return;
      const natural = font.widthOfTextAtSize(text, size);
      const target = Math.max(0.5, (word.box.x1 - word.box.x0) * sx);
      const squeeze = natural > 0 ? Math.min(1000, Math.max(5, (100 * target) / natural)) : 100;
      // A real space after each word (but the last) lets extractors split words without guessing from gaps.
      const shown = i < line.words.length - 1 ? `${text} ` : text;
      operators.push(setCharacterSqueeze(round(squeeze)), setTextMatrix(1, 0, 0, 1, round(word.box.x0 * sx), round(y)), showText(font.encodeText(shown)));
      words += 1;
    });
  }
  operators.push(endText(), popGraphicsState());
  return { operators, words };
}

const codePointCache = new WeakMap<PDFFont, Set<number>>();

function supportedCodePoints(font: PDFFont): Set<number> {
  let set = codePointCache.get(font);
  if (!set) {
    set = new Set(font.getCharacterSet());
    codePointCache.set(font, set);
  }
  return set;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function writeDocumentInfo(doc: PDFDocument, meta: DossierPdfMetadata): void {
  doc.setTitle(meta.title, { showInWindowTitleBar: true });
  if (meta.author) doc.setAuthor(meta.author);
  doc.setCreator(meta.producer);
  doc.setProducer(meta.producer);
  doc.setCreationDate(meta.createdAt);
  doc.setModificationDate(meta.createdAt);
  doc.setLanguage(meta.language);
  const info = doc.context.lookup(doc.context.trailerInfo.Info, PDFDict);
  const keywords = dossierKeywords(meta);
  if (keywords) info.set(PDFName.of('Keywords'), PDFHexString.fromText(keywords));
  const custom: Record<string, string | number | undefined> = {
    DossierCode: meta.dossierCode,
    Component: meta.component,
    ProcedureCode: meta.procedureCode,
    Agency: meta.agency,
    ScanDpi: meta.scanDpi,
    PageCount: meta.pageCount,
  };
  for (const [key, value] of Object.entries(custom)) {
    if (value === undefined || value === '') continue;
    info.set(PDFName.of(key), typeof value === 'number' ? PDFString.of(String(value)) : PDFHexString.fromText(value));
  }
}

function writePdfaParts(doc: PDFDocument, meta: DossierPdfMetadata): void {
  const context = doc.context;
  const xmp = new TextEncoder().encode(buildXmpPacket(meta));
  const metadataRef = context.register(context.stream(xmp, { Type: 'Metadata', Subtype: 'XML' }));
  doc.catalog.set(PDFName.of('Metadata'), metadataRef);
  const iccRef = context.register(context.flateStream(buildSrgbIccProfile(), { N: 3 }));
  const intent = context.obj({
    Type: 'OutputIntent',
    S: 'GTS_PDFA1',
    OutputConditionIdentifier: PDFString.of('sRGB IEC61966-2.1'),
    Info: PDFString.of('sRGB IEC61966-2.1'),
    RegistryName: PDFString.of('http://www.color.org'),
    DestOutputProfile: iccRef,
  });
  doc.catalog.set(PDFName.of('OutputIntents'), context.obj([intent]));
}
