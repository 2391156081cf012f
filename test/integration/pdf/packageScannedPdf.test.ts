import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../e2e/support/launchChromium';
import { renderStandardPages, type LabelledPage } from '../../support/ocr/standardPageSet';
import { characterErrorRate } from '../../support/ocr/characterErrorRate';
import { requireTools, run } from '../../support/ocr/requireTools';
import { createNodeOcrEngine } from '../../../main/ocr/createNodeOcrEngine';
import { packageScannedPdf, type ScannedPageInput } from '../../../preload/shared/pdf/packageScannedPdf';
import { PackagingError } from '../../../preload/shared/pdf/PackagingError';
import type { OcrPage } from '../../../preload/shared/ocr/ocrTypes';

const FONT = path.resolve(__dirname, '..', '..', '..', 'assets', 'fonts', 'NotoSans-Regular.ttf');

let dir: string;
let pages: LabelledPage[];
let ocr: OcrPage[];
let font: Uint8Array;

function sortedWords(text: string): string {
  return text.normalize('NFC').split(/\s+/).filter(Boolean).sort().join(' ');
}

async function writePdf(name: string, bytes: Uint8Array): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, bytes);
  return file;
}

describe('component PDF from generated Vietnamese scans (qpdf, poppler as judges)', () => {
  beforeAll(async () => {
    requireTools('qpdf', 'pdftotext', 'pdfinfo', 'pdfimages', 'pdffonts');
    dir = await mkdtemp(path.join(os.tmpdir(), 'motcua-pdf-test-'));
    const browser = await launchChromium();
    try {
      // 300 dpi clean JPEG, 200 dpi skewed/blurred/specked JPEG, 300 dpi skewed black-and-white PNG.
      pages = await renderStandardPages(browser, 3);
    } finally {
      await browser.close();
    }
    font = new Uint8Array(await readFile(FONT));
    const engine = await createNodeOcrEngine();
    try {
      ocr = [];
      for (const page of pages) ocr.push(await engine.recognizer.recognize(page.bytes, Buffer.from(page.bytes), { dpi: page.dpi }));
    } finally {
      await engine.close();
    }
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  function inputs(withOcr: boolean): ScannedPageInput[] {
    return pages.map((page, i) => ({ bytes: page.bytes, dpi: page.dpi, ...(withOcr ? { ocr: ocr[i]! } : {}) }));
  }

  it('passes qpdf --check, keeps JPEG bytes unchanged and the 1-bit page lossless', async () => {
    const result = await packageScannedPdf({ pages: inputs(true), component: 'Tờ khai', createdAt: new Date('2026-11-24T01:30:00Z'), textFont: font });
    const file = await writePdf('check.pdf', result.bytes);
    expect(run('qpdf', ['--check', file])).toContain('No syntax or stream encoding errors');
    expect(result.encodings).toEqual(['jpeg-passthrough', 'jpeg-passthrough', 'png-passthrough']);

    const list = run('pdfimages', ['-list', file]).split('\n').slice(2).filter(Boolean).map((l) => l.trim().split(/\s+/));
    expect(list.map((cols) => [cols[3], cols[4], cols[5], cols[7], cols[8]])).toEqual([
      [String(pages[0]!.width), String(pages[0]!.height), 'rgb', '8', 'jpeg'],
      [String(pages[1]!.width), String(pages[1]!.height), 'rgb', '8', 'jpeg'],
      [String(pages[2]!.width), String(pages[2]!.height), 'gray', '1', 'image'],
    ]);
    // The embedded JPEG streams are the scanner's bytes, byte for byte.
    run('pdfimages', ['-j', '-f', '1', '-l', '2', file, path.join(dir, 'img')]);
    const extracted = (await readdir(dir)).filter((f) => f.startsWith('img') && f.endsWith('.jpg')).sort();
    expect(extracted).toHaveLength(2);
    for (const [i, name] of extracted.entries()) {
      expect(Buffer.compare(await readFile(path.join(dir, name)), Buffer.from(pages[i]!.bytes))).toBe(0);
    }
    // Deflated on top of DCT where that saves space (the clean 300 dpi page), which readers undo first.
    expect(run('qpdf', ['--qdf', '--object-streams=disable', '--stream-data=preserve', file, '-'])).toMatch(/\/Filter \[\s*\/FlateDecode\s+\/DCTDecode\s*\]/);
    // Page size follows the scan resolution (A4 at 72 pt/inch).
    expect(run('pdfinfo', ['-f', '1', '-l', '3', file])).toMatch(/Page +2 size: +595\.\d+ x 842\.\d+ pts/);
  });

  it('has an invisible text layer that pdftotext reads back close to the ground truth', async () => {
    const result = await packageScannedPdf({ pages: inputs(true), component: 'Tờ khai', createdAt: new Date('2026-11-24T01:30:00Z'), textFont: font });
    const file = await writePdf('text.pdf', result.bytes);
    expect(result.wordCount).toBeGreaterThan(300);
    expect(run('pdffonts', [file])).toMatch(/NotoSans-Regular\S*\s+CID TrueType\s+Identity-H\s+yes\s+\S+\s+yes/);
    const report: string[] = [];
    for (const [i, page] of pages.entries()) {
      const layer = run('pdftotext', ['-f', String(i + 1), '-l', String(i + 1), '-enc', 'UTF-8', file, '-']);
      const cerTruth = characterErrorRate(page.text, layer);
      const cerOcr = characterErrorRate(sortedWords(ocr[i]!.text), sortedWords(layer));
      report.push(`${page.label}: CER vs truth ${cerTruth.toFixed(3)}, vs OCR ${cerOcr.toFixed(3)}`);
      // The layer holds the words OCR found (extractors may order columns differently) ...
      expect(cerOcr, report.join('\n')).toBeLessThan(0.03);
      // ... and what OCR found is close to what is printed.
      expect(cerTruth, report.join('\n')).toBeLessThan(i === 1 ? 0.3 : 0.15);
      expect(layer.normalize('NFC').replace(/\s+/g, ' ')).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    }
    console.info(report.join('\n'));
  });

  it('writes dossier metadata to the info dictionary and XMP, and seals with SHA-256', async () => {
    const request = {
      pages: inputs(false),
      component: 'Giấy chứng sinh',
      dossierCode: '000.00.16.H27-261124-0007',
      procedureCode: '1.001193',
      agency: 'UBND phường Hoàn Kiếm',
      createdAt: new Date('2026-11-24T01:30:00Z'),
    };
    const result = await packageScannedPdf(request);
    const file = await writePdf('meta.pdf', result.bytes);
    expect(result.sha256).toBe(createHash('sha256').update(result.bytes).digest('hex'));
    expect(result.scanDpi).toBe(200);
    const info = run('pdfinfo', [file]);
    expect(info).toContain('Title:           Giấy chứng sinh – 000.00.16.H27-261124-0007');
    expect(info).toContain('Keywords:        000.00.16.H27-261124-0007; 1.001193; Giấy chứng sinh');
    expect(info).toContain('Pages:           3');
    const xmp = run('pdfinfo', ['-meta', file]);
    for (const fragment of ['<pdfaid:part>2</pdfaid:part>', '<pdfaid:conformance>B</pdfaid:conformance>', '<hoso:DossierCode>000.00.16.H27-261124-0007</hoso:DossierCode>', '<hoso:Component>Giấy chứng sinh</hoso:Component>', '<hoso:ProcedureCode>1.001193</hoso:ProcedureCode>', '<hoso:Agency>UBND phường Hoàn Kiếm</hoso:Agency>', '<hoso:ScanDpi>200</hoso:ScanDpi>', '<hoso:PageCount>3</hoso:PageCount>', '<xmp:CreateDate>2026-11-24T01:30:00Z</xmp:CreateDate>']) {
      expect(xmp).toContain(fragment);
    }
    expect(run('qpdf', ['--check', file])).toContain('No syntax or stream encoding errors');
    const catalog = run('qpdf', ['--show-object=trailer', file]);
    expect(catalog).toMatch(/\/ID \[ <[0-9a-f]{32}> <[0-9a-f]{32}> \]/);
    // Same input, same bytes: the seal can be recomputed later.
    expect((await packageScannedPdf(request)).sha256).toBe(result.sha256);
  });

  it('carries the PDF/A-2b parts: output intent with ICC profile, unfiltered XMP, embedded CID font, file ID', async () => {
    const result = await packageScannedPdf({ pages: inputs(true).slice(0, 1), component: 'Tờ khai', createdAt: new Date('2026-11-24T01:30:00Z'), textFont: font });
    const file = await writePdf('pdfa.pdf', result.bytes);
    const qdf = path.join(dir, 'pdfa-qdf.pdf');
    run('qpdf', ['--qdf', '--object-streams=disable', file, qdf]);
    const text = (await readFile(qdf)).toString('latin1');
    expect(text).toMatch(/\/Type \/OutputIntent/);
    expect(text).toMatch(/\/S \/GTS_PDFA1/);
    expect(text).toMatch(/\/DestOutputProfile \d+ 0 R/);
    expect(text).toMatch(/\/N 3/);
    const metadataDict = /<<[^<>]*\/Subtype \/XML[^<>]*>>/.exec(text)?.[0];
    expect(metadataDict).toContain('/Type /Metadata');
    expect(metadataDict).not.toContain('/Filter');
    expect(text).toMatch(/\/Subtype \/CIDFontType2/);
    expect(text).toMatch(/\/CIDToGIDMap \/Identity/);
    expect(text).toMatch(/\/FontFile2 \d+ 0 R/);
    expect(text).toMatch(/\/ToUnicode \d+ 0 R/);
    expect(text).toContain('/Lang (vi-VN)');
    expect(text).not.toMatch(/\/Encrypt|\/JavaScript|\/Interpolate true/);
    expect(result.bytes.subarray(0, 15).toString()).toMatch(/^37,80,68,70,45,49,46,55,10,37(,\d{3}){4}/);
    expect(result.pdfaGaps).toEqual([]);
  });

  it('leaves out characters the font cannot draw instead of referencing .notdef', async () => {
    const page = pages[2]!;
    const box = (x0: number) => ({ x0, y0: 300, x1: x0 + 200, y1: 360 });
    const ocr: OcrPage = {
      width: page.width,
      height: page.height,
      text: 'Số 中文 12',
      meanConfidence: 90,
      segmentation: 3,
      lines: [{ box: { x0: 300, y0: 300, x1: 1200, y1: 360 }, words: [{ text: 'Số', confidence: 90, box: box(300) }, { text: '中文', confidence: 90, box: box(600) }, { text: '12', confidence: 90, box: box(900) }] }],
    };
    const result = await packageScannedPdf({ pages: [{ bytes: page.bytes, dpi: page.dpi, ocr }], component: 'Tờ khai', createdAt: new Date(), textFont: font });
    const file = await writePdf('notdef.pdf', result.bytes);
    expect(run('qpdf', ['--check', file])).toContain('No syntax or stream encoding errors');
    expect(result.wordCount).toBe(2);
    expect(run('pdftotext', ['-enc', 'UTF-8', file, '-']).replace(/\s+/g, ' ').trim()).toBe('Số 12');
  });

  it.each([90, 180, 270] as const)('puts the words of a page turned %i° where the upright page shows them', async (rotation) => {
    const page = pages[0]!;
    const sideways = rotation !== 180;
    // Words as OCR reads them from the upright image (width and height swap when sideways).
    const width = sideways ? page.height : page.width;
    const height = sideways ? page.width : page.height;
    const word = (text: string, x0: number, y0: number) => ({ text, confidence: 90, box: { x0, y0, x1: x0 + 300, y1: y0 + 60 } });
    const ocr: OcrPage = {
      width,
      height,
      text: 'Trái Phải',
      meanConfidence: 90,
      segmentation: 3,
      rotation,
      lines: [{ box: { x0: 200, y0: 400, x1: width - 200, y1: 460 }, words: [word('Trái', 200, 400), word('Phải', width - 500, 400)] }],
    };
    const result = await packageScannedPdf({ pages: [{ bytes: page.bytes, dpi: page.dpi, rotation, ocr }], component: 'Tờ khai', createdAt: new Date(), textFont: font });
    const file = await writePdf(`rotated-${rotation}.pdf`, result.bytes);
    expect(run('qpdf', ['--check', file])).toContain('No syntax or stream encoding errors');
    // pdftotext -bbox reports words in the displayed (rotated) page, in points (the page size unrotated).
    const bbox = run('pdftotext', ['-bbox', file, '-']);
    expect(run('pdfinfo', [file])).toContain(`Page rot:        ${rotation}`);
    const words = [...bbox.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]+)<\/word>/g)].map((m) => ({ text: m[5], x: Number(m[1]), y: Number(m[2]) }));
    const pt = 72 / page.dpi;
    expect(words.map((w) => w.text)).toEqual(['Trái', 'Phải']);
    expect(words[0]!.x).toBeCloseTo(200 * pt, -1);
    expect(words[1]!.x).toBeCloseTo((width - 500) * pt, -1);
    expect(Math.abs(words[0]!.y - 400 * pt)).toBeLessThan(15);
  });

  it('leaves out the text layer of a page turned after it was read, instead of misplacing it', async () => {
    const page = pages[0]!;
    const result = await packageScannedPdf({ pages: [{ bytes: page.bytes, dpi: page.dpi, rotation: 90, ocr: ocr[0]! }], component: 'Tờ khai', createdAt: new Date(), textFont: font });
    expect(result.wordCount).toBe(0);
  });

  it('refuses a truncated or corrupt page with a Vietnamese message and names the page', async () => {
    const good = pages[0]!.bytes;
    const truncated = good.subarray(0, Math.floor(good.length * 0.6));
    await expect(packageScannedPdf({ pages: [{ bytes: good }, { bytes: truncated }], component: 'Tờ khai', createdAt: new Date() })).rejects.toMatchObject({
      name: 'PackagingError',
      code: 'image-truncated',
      message: 'Trang 2: Ảnh JPEG bị cắt cụt (tệp chưa ghi hết). Hãy quét lại trang này.',
    });
    const png = Uint8Array.from(pages[2]!.bytes);
    png[60] = png[60]! ^ 0xff;
    const error = await packageScannedPdf({ pages: [{ bytes: png }], component: 'Tờ khai', createdAt: new Date() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PackagingError);
    expect((error as PackagingError).message).toBe('Trang 1: Ảnh PNG bị hỏng, không đọc được. Hãy quét lại trang này.');
  });
});
