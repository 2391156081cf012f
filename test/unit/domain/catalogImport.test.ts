import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatCsv, parseCsv } from '../../../preload/shared/domain/catalog/parseCsv';
import {
  importCatalogCsv,
  importCatalogFile,
  importCatalogJson,
  parseFee,
  parseProcessingDays,
} from '../../../preload/shared/domain/catalog/importCatalog';
import { CatalogFile } from '../../../preload/shared/domain/catalog/procedure';

const root = path.join(__dirname, '../../..');

describe('CSV parser', () => {
  it('reads quotes, doubled quotes, quoted line breaks, BOM, CRLF and semicolons', () => {
    expect(parseCsv('\uFEFFa;b\r\n"x;1";"he said ""hi""\nthen left"\r\n')).toEqual([
      ['a', 'b'],
      ['x;1', 'he said "hi"\nthen left'],
    ]);
    expect(parseCsv('a,b\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('refuses an unterminated quote in Vietnamese, naming the line', () => {
    expect(() => parseCsv('a,b\n1,"2\n3')).toThrow('Tệp CSV lỗi: dấu ngoặc kép mở ở dòng 2 không được đóng.');
  });

  it('round-trips any table of strings', () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'ơ', 'Đ', ',', ';', '"', '\n', '\r', ' ', '\t', 'x'), maxLength: 8 });
    fc.assert(
      fc.property(fc.array(fc.array(field, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 }), fc.constantFrom(',' as const, ';' as const), (rows, sep) => {
        expect(parseCsv(formatCsv(rows, sep), sep)).toEqual(rows);
      }),
      { numRuns: 500 },
    );
  });

  it('never fails on arbitrary text except with its Vietnamese CSV error', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        try {
          const rows = parseCsv(text);
          for (const row of rows) expect(row.length).toBeGreaterThan(0);
        } catch (error) {
          expect((error as { code?: string }).code).toBe('invalid-csv');
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('catalog import', () => {
  it('reads processing times and fees as the database words them', () => {
    expect(parseProcessingDays('Mười (10) ngày làm việc kể từ ngày nhận được hồ sơ hợp lệ')).toBe(10);
    expect(parseProcessingDays('0,5 ngày')).toBe(0.5);
    expect(parseProcessingDays('không rõ')).toBeUndefined();
    expect(parseFee('Phí thẩm định: 3.000.000 đồng')).toBe(3_000_000);
    expect(parseFee('Không')).toBe(0);
  });

  it('validates the bundled sample catalog', () => {
    const text = readFileSync(path.join(root, 'assets/catalog/sample-catalog.json'), 'utf8');
    expect(CatalogFile.parse(JSON.parse(text)).procedures.length).toBeGreaterThanOrEqual(4);
    const imported = importCatalogJson(text);
    expect(imported.issues).toEqual([]);
    expect(imported.procedures.map((procedure) => procedure.code)).toContain('1.002145');
  });

  it('imports a CSV export with continuation rows and reports bad rows in Vietnamese without losing good ones', () => {
    const csv = [
      'Mã TTHC,Tên thủ tục,Lĩnh vực,Cơ quan thực hiện,Thời hạn giải quyết,"Phí, lệ phí",Thành phần hồ sơ,Hình thức,Số lượng,Bắt buộc',
      '1.014393.H38,Công nhận trung tâm nghiên cứu và phát triển,Hoạt động khoa học và công nghệ,Sở Khoa học và Công nghệ,Ba mươi (30) ngày làm việc,Không,Văn bản đề nghị,Bản chính,1,Có',
      ',,,,,,"Báo cáo hoạt động, kèm phụ lục",Bản chụp,1,Không',
      '1.000001,Thủ tục sai,Lĩnh vực,Cơ quan,10,Không,Đơn,Bản chính,mười,Có',
    ].join('\r\n');
    const result = importCatalogCsv(csv);
    expect(result.procedures).toHaveLength(1);
    expect(result.procedures[0]).toMatchObject({
      code: '1.014393.H38',
      processingDays: 30,
      feeAmount: 0,
      components: [
        { id: '1.014393.H38#1', name: 'Văn bản đề nghị', form: 'original', copies: 1, required: true },
        { id: '1.014393.H38#2', name: 'Báo cáo hoạt động, kèm phụ lục', form: 'photocopy', copies: 1, required: false },
      ],
    });
    expect(result.issues).toEqual([{ row: 4, column: 'Số lượng', message: 'Số lượng "mười" phải là số nguyên từ 1 đến 99.' }]);
  });

  it('names missing columns and unreadable files in Vietnamese', async () => {
    expect(importCatalogCsv('Tên thủ tục,Lĩnh vực\nA,B').issues[0]?.message).toBe('Thiếu cột bắt buộc: «Mã thủ tục», «Thời hạn giải quyết», «Thành phần hồ sơ».');
    expect(importCatalogJson('{"version":1,"procedures":[{"code":"abc"}]}').issues[0]?.message).toMatch(/^Thủ tục thứ 1: Mã thủ tục phải có dạng/);
    expect(importCatalogJson('{').issues[0]?.message).toMatch(/^Tệp JSON không đọc được/);
    const broken = await importCatalogFile('danh-muc.xlsx', new TextEncoder().encode('PK not really a zip'));
    expect(broken.issues[0]?.message).toMatch(/^Tệp Excel không đọc được/);
    expect((await importCatalogFile('danh-muc.doc', new Uint8Array())).issues[0]?.message).toMatch(/Không hỗ trợ loại tệp/);
  });

  it('imports an XLSX written by openpyxl (fixtures/makeCatalogXlsx.py)', async () => {
    const bytes = readFileSync(path.join(__dirname, 'fixtures/catalog.xlsx'));
    const result = await importCatalogFile('catalog.xlsx', new Uint8Array(bytes));
    expect(result.procedures.map((procedure) => procedure.code)).toEqual(['1.014392.H38', '1.002145']);
    expect(result.procedures[0]?.components).toHaveLength(2);
    expect(result.procedures[0]?.components[1]).toMatchObject({ name: 'Giấy chứng nhận đã được cấp', required: false });
    expect(result.procedures[1]).toMatchObject({ processingDays: 10, feeAmount: 3_000_000, components: [{ form: 'copy', copies: 2, required: true }] });
    expect(result.issues.map((issue) => [issue.row, issue.column])).toEqual([
      [5, 'Thời hạn giải quyết'],
      [5, 'Hình thức'],
    ]);
  });
});

describe('catalog import of hostile bytes', () => {
  const xlsx = new Uint8Array(readFileSync(path.join(__dirname, 'fixtures/catalog.xlsx')));

  it('never throws on corrupted XLSX files: it reports a Vietnamese problem or imports what it can read', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(xlsx.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 40 }), fc.nat(xlsx.length), async (edits, cut) => {
        const bytes = xlsx.slice(0, Math.max(cut, 4));
        for (const [offset, value] of edits) if (offset < bytes.length) bytes[offset] = value;
        const result = await importCatalogFile('hong.xlsx', bytes);
        for (const issue of result.issues) expect(issue.message).toMatch(/[ạảãàáâậầấẩẫăặằắẳẵđêệềếểễôộồốổỗơợờớởỡưựừứửữ]/i);
        for (const procedure of result.procedures) expect(procedure.code).toMatch(/^\d\.\d{6}/);
      }),
      { numRuns: 60 },
    );
  });

  it('never throws on arbitrary JSON or CSV text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.json({ maxDepth: 4 })), (text) => {
        const json = importCatalogJson(text);
        const csv = importCatalogCsv(text);
        expect(Array.isArray(json.procedures) && Array.isArray(csv.procedures)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
