import { XMLValidator, XMLParser } from 'fast-xml-parser';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { buildSrgbIccProfile } from '../../../preload/shared/pdf/buildSrgbIccProfile';
import { buildXmpPacket, type DossierPdfMetadata } from '../../../preload/shared/pdf/buildXmpPacket';
import { sha256Hex } from '../../../preload/shared/bytes/sha256Hex';
import { packageScannedPdf } from '../../../preload/shared/pdf/packageScannedPdf';
import { makeTestPng } from '../../support/ocr/makeTestPng';

const meta: DossierPdfMetadata = {
  dossierCode: '000.00.16.H27-261124-0001',
  component: 'Tờ khai <bản chính> & "ảnh"',
  procedureCode: '1.004366',
  agency: "UBND phường Hàng Bạc's",
  scanDpi: 300,
  pageCount: 2,
  title: 'Tờ khai',
  producer: 'Một Cửa Desk',
  createdAt: new Date('2026-11-24T08:15:30.123Z'),
  language: 'vi-VN',
};

describe('buildXmpPacket', () => {
  it('is well-formed XML that escapes dossier values and states PDF/A-2b', () => {
    const xml = buildXmpPacket(meta);
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: true }).parse(xml);
    const description = parsed['x:xmpmeta']['rdf:RDF']['rdf:Description'];
    expect(description['pdfaid:part']).toBe(2);
    expect(description['pdfaid:conformance']).toBe('B');
    expect(description['hoso:Component']).toBe('Tờ khai <bản chính> & "ảnh"');
    expect(description['hoso:Agency']).toBe("UBND phường Hàng Bạc's");
    expect(description['xmp:CreateDate']).toBe('2026-11-24T08:15:30Z');
  });

  it('leaves out fields the dossier does not have yet', () => {
    const { dossierCode: _code, ...unsealed } = meta;
    expect(buildXmpPacket(unsealed)).not.toContain('hoso:DossierCode>');
  });
});

describe('buildSrgbIccProfile', () => {
  it('is an ICC v2 RGB display profile whose declared size and tags are consistent', () => {
    const icc = buildSrgbIccProfile();
    const view = new DataView(icc.buffer);
    const text = (at: number) => String.fromCharCode(...icc.subarray(at, at + 4));
    expect(view.getUint32(0)).toBe(icc.length);
    expect([text(12), text(16), text(20), text(36)]).toEqual(['mntr', 'RGB ', 'XYZ ', 'acsp']);
    const count = view.getUint32(128);
    const tags = Array.from({ length: count }, (_, i) => ({ sig: text(132 + i * 12), at: view.getUint32(136 + i * 12), size: view.getUint32(140 + i * 12) }));
    expect(tags.map((t) => t.sig).sort()).toEqual(['bTRC', 'bXYZ', 'cprt', 'desc', 'gTRC', 'gXYZ', 'rTRC', 'rXYZ', 'wtpt']);
    for (const tag of tags) {
      expect(tag.at % 4).toBe(0);
      expect(tag.at + tag.size).toBeLessThanOrEqual(icc.length);
    }
  });
});

describe('sha256Hex', () => {
  it('matches the published digest of "abc"', async () => {
    expect(await sha256Hex(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('packageScannedPdf requests', () => {
  const page = makeTestPng({ width: 8, height: 8, bitDepth: 1, colorType: 0, rows: Array.from({ length: 8 }, () => Uint8Array.of(0xaa)) });

  it('refuses an empty component, a nameless one, and OCR words without a font, in Vietnamese', async () => {
    const createdAt = new Date();
    await expect(packageScannedPdf({ pages: [], component: 'Tờ khai', createdAt })).rejects.toThrow('Thành phần hồ sơ chưa có trang nào để đóng gói.');
    await expect(packageScannedPdf({ pages: [{ bytes: page }], component: '  ', createdAt })).rejects.toThrow('Thiếu tên thành phần hồ sơ.');
    const ocr = { width: 8, height: 8, text: 'A', meanConfidence: 90, segmentation: 3 as const, lines: [{ box: { x0: 0, y0: 0, x1: 8, y1: 8 }, words: [{ text: 'A', confidence: 90, box: { x0: 0, y0: 0, x1: 8, y1: 8 } }] }] };
    await expect(packageScannedPdf({ pages: [{ bytes: page, ocr }], component: 'Tờ khai', createdAt })).rejects.toThrow('Thiếu phông chữ tiếng Việt cho lớp chữ nhận dạng.');
  });

  it('sizes the page from the resolution and reports the lowest dpi', async () => {
    const result = await packageScannedPdf({ pages: [{ bytes: page, dpi: 72 }, { bytes: page, dpi: 144 }], component: 'Ảnh', createdAt: new Date('2026-01-01T00:00:00Z') });
    expect(result.scanDpi).toBe(72);
    expect(result.encodings).toEqual(['png-passthrough', 'png-passthrough']);
    const reread = await PDFDocument.load(result.bytes, { updateMetadata: false });
    expect(reread.getPages().map((p) => [p.getWidth(), p.getHeight()])).toEqual([
      [8, 8],
      [4, 4],
    ]);
  });
});
