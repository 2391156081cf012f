import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRef, PDFString, ParseSpeeds, type PDFObject } from 'pdf-lib';
import { appearanceFont, type AppearanceFont } from './appearanceFont';
import { SigningFailure } from '../SigningFailure';
import { concatBytes } from '../../../preload/shared/bytes/concatBytes';

/** What the appearance of the signature shows, line by line (Nghị định 30/2020, Phụ lục I). */
export interface SignatureAppearance {
  lines: string[];
  /** TrueType/OpenType font with Vietnamese glyphs, embedded (subset) so the copy stays PDF/A-2b. */
  font: Uint8Array;
  fontSize?: number;
}

export interface PrepareSignatureRequest {
  pdf: Uint8Array;
  /** Claimed signing time, written as /M (PAdES: no signingTime attribute). */
  signedAt: Date;
  appearance: SignatureAppearance;
  /** Bytes reserved for the DER CMS in /Contents. */
  contentsSize: number;
  /** Signer name for /Name (informative). */
  name?: string;
}

/** An incremental update laid out with a zero-filled /Contents, waiting for its CMS. */
export interface PreparedSignature {
  /** The whole file: the original bytes unchanged, then the update. */
  bytes: Uint8Array;
  byteRange: [number, number, number, number];
  /** Offset of the first hex digit inside /Contents <…>, and the number of hex digits reserved. */
  contentsHexOffset: number;
  contentsHexLength: number;
}

const LATIN1 = new TextEncoder();
const ascii = (text: string) => LATIN1.encode(text);
const MARGIN_PT = 14;
const PADDING_PT = 3;
const BYTE_RANGE_WIDTH = 10;

/** A PDF date with the Vietnam offset: D:YYYYMMDDHHmmSS+07'00'. */
export function pdfDateVietnam(date: Date): string {
  const local = new Date(date.getTime() + 7 * 3600_000);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `D:${pad(local.getUTCFullYear(), 4)}${pad(local.getUTCMonth() + 1)}${pad(local.getUTCDate())}${pad(local.getUTCHours())}${pad(local.getUTCMinutes())}${pad(local.getUTCSeconds())}+07'00'`;
}

function serialize(object: PDFObject): Uint8Array {
  const buffer = new Uint8Array(object.sizeInBytes());
  object.copyBytesInto(buffer, 0);
  return buffer;
}

/** The last `startxref` of the file and the /Size of the cross-reference section it points to. */
function lastCrossReference(pdf: Uint8Array): { startxref: number; size: number } {
  const tail = new TextDecoder('latin1').decode(pdf.subarray(Math.max(0, pdf.length - 2048)));
  const match = /startxref\s+(\d+)\s+%%EOF\s*$/u.exec(tail);
  if (!match) throw new SigningFailure('signing-pdf-invalid', 'Tệp PDF không hợp lệ để ký (thiếu phần kết thúc startxref/%%EOF).', 'no startxref at end of file');
  const startxref = Number(match[1]);
  if (!(startxref > 0 && startxref < pdf.length)) throw new SigningFailure('signing-pdf-invalid', 'Tệp PDF không hợp lệ để ký.', `startxref ${startxref} outside file`);
  const section = new TextDecoder('latin1').decode(pdf.subarray(startxref, Math.min(pdf.length, startxref + 4096)));
  const sizeMatch = /\/Size\s+(\d+)/u.exec(section.startsWith('xref') ? section.slice(section.indexOf('trailer')) : section);
  if (!sizeMatch) throw new SigningFailure('signing-pdf-invalid', 'Tệp PDF không hợp lệ để ký (không đọc được bảng tham chiếu chéo).', `no /Size at ${startxref}`);
  return { startxref, size: Number(sizeMatch[1]) };
}

/** Where on page 1 the box goes: its /Rect and the /Matrix that keeps the text upright on a rotated page. */
function placement(box: { x: number; y: number; width: number; height: number }, rotation: number, w: number, h: number) {
  const x0 = box.x;
  const y0 = box.y;
  const x1 = box.x + box.width;
  const y1 = box.y + box.height;
  const m = MARGIN_PT;
  switch (((rotation % 360) + 360) % 360) {
    case 90:
      return { rect: [x0 + m, y1 - m - w, x0 + m + h, y1 - m], matrix: [0, 1, -1, 0, 0, 0] };
    case 180:
      return { rect: [x0 + m, y0 + m, x0 + m + w, y0 + m + h], matrix: [-1, 0, 0, -1, 0, 0] };
    case 270:
      return { rect: [x1 - m - h, y0 + m, x1 - m, y0 + m + w], matrix: [0, -1, 1, 0, 0, 0] };
    default:
      return { rect: [x1 - m - w, y1 - m - h, x1 - m, y1 - m], matrix: [1, 0, 0, 1, 0, 0] };
  }
}

/** Breaks the lines so none is wider than `maxWidth` at the font size (long agency names wrap at spaces). */
function wrapLines(font: AppearanceFont, lines: string[], size: number, maxWidth: number): string[] {
  const out: string[] = [];
  for (const line of lines) {
    let current = '';
    for (const word of line.split(/\s+/u).filter(Boolean)) {
      const candidate = current ? `${current} ${word}` : word;
      if (current && font.width(candidate, size) > maxWidth) {
        out.push(current);
        current = word;
      } else current = candidate;
    }
    out.push(current);
  }
  return out;
}

function round(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/**
 * Lays out the incremental update that signs page 1 of a PDF: a signature field (widget with a
 * visible appearance in the top-right corner of page 1, fonts embedded), its /Sig dictionary
 * (/Filter /Adobe.PPKLite, /SubFilter /ETSI.CAdES.detached, /M, a fixed-width /ByteRange and a
 * zero-filled /Contents), the page and the AcroForm that point to it, and a cross-reference stream
 * whose /Prev is the file's last one. Nothing before the original %%EOF changes.
 */
export async function preparePdfSignature(request: PrepareSignatureRequest): Promise<PreparedSignature> {
  const original = request.pdf;
  const { startxref, size: previousSize } = lastCrossReference(original);
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(original, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
  } catch (error) {
    throw new SigningFailure('signing-pdf-invalid', 'Tệp PDF không đọc được nên không ký được.', error instanceof Error ? error.message : String(error), { cause: error });
  }
  if (doc.isEncrypted) throw new SigningFailure('signing-pdf-invalid', 'Tệp PDF được mã hóa nên không ký được.', 'encrypted PDF');
  const context = doc.context;
  // New objects are numbered after every number the file has used, the cross-reference streams' own included.
  context.largestObjectNumber = Math.max(context.largestObjectNumber, previousSize - 1);
  const firstNew = context.largestObjectNumber + 1;

  const page = doc.getPage(0);
  const font = await appearanceFont(request.appearance.font, request.appearance.lines);
  const fontRef = font.copyInto(context);
  const size = request.appearance.fontSize ?? 10;
  const crop = page.getCropBox();
  const rotation = page.getRotation().angle;
  const sideways = rotation % 180 !== 0;
  const visibleWidth = sideways ? crop.height : crop.width;
  const lines = wrapLines(font, request.appearance.lines, size, visibleWidth * 0.45);
  const lineHeight = size * 1.25;
  const width = Math.ceil(Math.max(...lines.map((line) => font.width(line, size))) + 2 * PADDING_PT);
  const height = Math.ceil(lines.length * lineHeight + 2 * PADDING_PT);
  const { rect, matrix } = placement(crop, rotation, width, height);

  const descent = size * 0.27;
  const content = ['q', '0 g', 'BT', `/F1 ${size} Tf`];
  lines.forEach((line, i) => {
    const y = height - PADDING_PT - (i + 1) * lineHeight + (lineHeight - size) / 2 + descent;
    content.push(`1 0 0 1 ${PADDING_PT} ${round(y)} Tm`, `${font.encode(line)} Tj`);
  });
  content.push('ET', 'Q');
  const appearanceRef = context.register(
    context.stream(content.join('\n'), {
      Type: 'XObject',
      Subtype: 'Form',
      BBox: [0, 0, width, height],
      Matrix: matrix,
      Resources: { Font: { F1: fontRef } },
    }),
  );

  const signatureRef = context.nextRef();
  const fields = existingFields(doc);
  const fieldName = `Signature${fields.signatureCount + 1}`;
  const widgetRef = context.register(
    context.obj({
      Type: 'Annot',
      Subtype: 'Widget',
      FT: 'Sig',
      T: PDFString.of(fieldName),
      V: signatureRef,
      // Print + Locked: PDF/A wants annotations printed; nobody should move the signature box.
      F: 132,
      P: page.ref,
      Rect: rect.map((value) => Math.round(value * 100) / 100),
      AP: { N: appearanceRef },
    }),
  );

  // Page 1 and the AcroForm now point to the field.
  const changed = new Set<PDFRef>();
  const annots = page.node.get(PDFName.of('Annots'));
  if (annots instanceof PDFRef) {
    context.lookup(annots, PDFArray).push(widgetRef);
    changed.add(annots);
  } else if (annots instanceof PDFArray) {
    annots.push(widgetRef);
    changed.add(page.ref);
  } else {
    page.node.set(PDFName.of('Annots'), context.obj([widgetRef]));
    changed.add(page.ref);
  }
  const acroFormEntry = doc.catalog.get(PDFName.of('AcroForm'));
  let acroForm: PDFDict;
  if (acroFormEntry instanceof PDFRef) {
    acroForm = context.lookup(acroFormEntry, PDFDict);
    changed.add(acroFormEntry);
  } else if (acroFormEntry instanceof PDFDict) {
    acroForm = acroFormEntry;
    changed.add(context.trailerInfo.Root as PDFRef);
  } else {
    acroForm = context.obj({});
    doc.catalog.set(PDFName.of('AcroForm'), context.register(acroForm));
    changed.add(context.trailerInfo.Root as PDFRef);
  }
  const fieldList = acroForm.lookup(PDFName.of('Fields'));
  if (fieldList instanceof PDFArray) {
    fieldList.push(widgetRef);
    const raw = acroForm.get(PDFName.of('Fields'));
    if (raw instanceof PDFRef) changed.add(raw);
  } else acroForm.set(PDFName.of('Fields'), context.obj([widgetRef]));
  acroForm.set(PDFName.of('SigFlags'), PDFNumber.of(3));
  acroForm.delete(PDFName.of('NeedAppearances'));

  // Objects to write: every new one (but the signature dictionary, written by hand below) and the changed ones.
  const objects = new Map<number, PDFObject>();
  for (const [ref, object] of context.enumerateIndirectObjects()) {
    if (ref.objectNumber >= firstNew && ref !== signatureRef) objects.set(ref.objectNumber, object);
  }
  for (const ref of changed) objects.set(ref.objectNumber, context.lookup(ref)!);

  const parts: Uint8Array[] = [original];
  let offset = original.length;
  const push = (bytes: Uint8Array) => {
    parts.push(bytes);
    offset += bytes.length;
  };
  const last = original[original.length - 1];
  if (last !== 0x0a && last !== 0x0d) push(ascii('\n'));
  const offsets = new Map<number, number>();
  for (const [number, object] of [...objects].sort((a, b) => a[0] - b[0])) {
    offsets.set(number, offset);
    push(ascii(`${number} 0 obj\n`));
    push(serialize(object));
    push(ascii('\nendobj\n'));
  }

  // The signature dictionary, with the placeholders at offsets known from here on.
  offsets.set(signatureRef.objectNumber, offset);
  const placeholder = `[0 ${'0'.repeat(BYTE_RANGE_WIDTH)} ${'0'.repeat(BYTE_RANGE_WIDTH)} ${'0'.repeat(BYTE_RANGE_WIDTH)}]`;
  const name = request.name ? ` /Name ${PDFHexString.fromText(request.name).toString()}` : '';
  const head = `${signatureRef.objectNumber} 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /M (${pdfDateVietnam(request.signedAt)})${name} /ByteRange `;
  push(ascii(head));
  const byteRangeOffset = offset;
  push(ascii(`${placeholder} /Contents `));
  const contentsStart = offset;
  const contentsHexLength = request.contentsSize * 2;
  push(ascii(`<${'0'.repeat(contentsHexLength)}>`));
  const contentsEnd = offset;
  push(ascii(' >>\nendobj\n'));

  // Cross-reference stream of this update: one entry per object written, itself included.
  const xrefNumber = Math.max(firstNew, ...objects.keys(), signatureRef.objectNumber) + 1;
  const xrefOffset = offset;
  offsets.set(xrefNumber, xrefOffset);
  const numbers = [...offsets.keys()].sort((a, b) => a - b);
  const index: number[] = [];
  for (const number of numbers) {
    if (index.length > 0 && index[index.length - 2]! + index[index.length - 1]! === number) index[index.length - 1]! += 1;
    else index.push(number, 1);
  }
  const rows = new Uint8Array(numbers.length * 7);
  numbers.forEach((number, i) => {
    const at = offsets.get(number)!;
    rows.set([1, (at >>> 24) & 0xff, (at >>> 16) & 0xff, (at >>> 8) & 0xff, at & 0xff, 0, 0], i * 7);
  });
  const trailer = context.trailerInfo;
  const entries = [
    '/Type /XRef',
    `/Size ${xrefNumber + 1}`,
    `/Index [${index.join(' ')}]`,
    '/W [1 4 2]',
    `/Prev ${startxref}`,
    `/Root ${(trailer.Root as PDFRef).toString()}`,
    ...(trailer.Info instanceof PDFRef ? [`/Info ${trailer.Info.toString()}`] : []),
    ...(trailer.ID ? [`/ID ${new TextDecoder('latin1').decode(serialize(trailer.ID))}`] : []),
    `/Length ${rows.length}`,
  ];
  push(ascii(`${xrefNumber} 0 obj\n<< ${entries.join(' ')} >>\nstream\n`));
  push(rows);
  push(ascii(`\nendstream\nendobj\nstartxref\n${xrefOffset}\n%%EOF\n`));

  const bytes = concatBytes(parts);
  const byteRange: [number, number, number, number] = [0, contentsStart, contentsEnd, bytes.length - contentsEnd];
  const filled = `[${byteRange.join(' ')}]`;
  if (filled.length > placeholder.length) throw new Error('ByteRange does not fit its placeholder');
  bytes.set(ascii(filled.padEnd(placeholder.length, ' ')), byteRangeOffset);
  return { bytes, byteRange, contentsHexOffset: contentsStart + 1, contentsHexLength };
}

/** Signature fields the document has already, so a second signature gets its own name. */
function existingFields(doc: PDFDocument): { signatureCount: number } {
  const acroForm = doc.catalog.lookupMaybe(PDFName.of('AcroForm'), PDFDict);
  const fields = acroForm?.lookupMaybe(PDFName.of('Fields'), PDFArray);
  let signatureCount = 0;
  if (fields) {
    for (let i = 0; i < fields.size(); i += 1) {
      const field = fields.lookupMaybe(i, PDFDict);
      if (field?.lookupMaybe(PDFName.of('FT'), PDFName) === PDFName.of('Sig')) signatureCount += 1;
    }
  }
  return { signatureCount };
}

/** Writes the DER CMS into the reserved /Contents (hex, zero-padded); refuses one that does not fit. */
export function embedSignature(prepared: PreparedSignature, cms: Uint8Array): Uint8Array {
  const hex = Buffer.from(cms).toString('hex');
  if (hex.length > prepared.contentsHexLength) throw new RangeError(`CMS of ${cms.length} bytes does not fit ${prepared.contentsHexLength / 2}`);
  const out = prepared.bytes.slice();
  out.set(ascii(hex), prepared.contentsHexOffset);
  return out;
}
