import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePortalCatalogList, parsePortalProcedure } from '../../../main/hub/portal/parsePortalCatalog';
import { Procedure } from '../../../preload/shared/domain/catalog/procedure';
import { PORTAL_PROCEDURE_DETAILS } from '../../support/portal/portalCatalogFixture';

const GOOD = PORTAL_PROCEDURE_DETAILS['1.001612'];
const answer = (row: unknown) => ({ error_code: 0, result: [row] });

/** Any JSON value, nested, with the portal's field names among the keys so the parser walks deep. */
const KEYS = ['MATTHC', 'TENTTHC', 'LINHVUCTHUCHIEN', 'TENLINHVUC', 'COQUANTHUCHIEN', 'TENDONVI', 'CACHTHUCTHUCHIEN', 'KENH', 'THOIGIAN', 'THOIGIANGIAIQUYET', 'DONVITINH', 'PHILEPHI', 'SOTIEN', 'DONVI', 'MOTA', 'THANHPHANHOSO', 'TRUONGHOP', 'GIAYTO', 'TENGIAYTO', 'SOBANCHINH', 'SOBANSAO', 'KETQUATHUCHIEN', 'TENKETQUA', 'result', '__proto__', 'constructor'];
const hostile = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.double(),
    fc.integer(),
    fc.string(),
    fc.constantFrom('1.001612', '', '  ', '1', '-1', '1e9', 'NaN', '0,5', 'Ngày làm việc', 'Giờ', 'x'.repeat(5_000)),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie('value'), { maxKeys: 6 }),
  ),
})).value;

/** The good row with one path replaced by a hostile value. */
function mutate(row: unknown, path: Array<string | number>, value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (Array.isArray(row)) return row.map((entry, index) => (index === Number(head) % Math.max(row.length, 1) ? mutate(entry, rest, value) : entry));
  if (row && typeof row === 'object') return { ...row, [String(head)]: mutate((row as Record<string, unknown>)[String(head)], rest, value) };
  return value;
}

describe('the portal catalog reply parser', () => {
  it('reads the fixture row as a valid desk procedure', () => {
    const row = parsePortalProcedure('1.001612', answer(GOOD));
    expect(row.ok).toBe(true);
    if (row.ok) expect(Procedure.safeParse(row.procedure).success).toBe(true);
  });

  it('never throws on hostile shapes; every answer is a valid procedure or a non-empty list of Vietnamese errors', () => {
    fc.assert(
      fc.property(hostile, fc.constantFrom('1.001612', '2.000908'), (body, code) => {
        for (const candidate of [body, { error_code: 0, result: body }, answer(body)]) {
          const row = parsePortalProcedure(code, candidate);
          if (row.ok) expect(Procedure.safeParse(row.procedure).success).toBe(true);
          else {
            expect(row.errors.length).toBeGreaterThan(0);
            for (const error of row.errors) expect(error).toMatch(/^(Thủ tục|LayThuTuc)/);
          }
          const list = parsePortalCatalogList(candidate);
          if (list.ok) for (const listed of list.codes) expect(Procedure.shape.code.safeParse(listed).success).toBe(true);
          else expect(list.errors.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a hostile value anywhere in a good row gives a valid procedure or errors, never a crash', () => {
    const path = fc.array(fc.oneof(fc.constantFrom(...KEYS), fc.nat({ max: 3 })), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(path, hostile, (where, value) => {
        const row = parsePortalProcedure('1.001612', answer(mutate(GOOD, where, value)));
        if (row.ok) expect(Procedure.safeParse(row.procedure).success).toBe(true);
        else expect(row.errors.every((error) => error.startsWith('Thủ tục 1.001612'))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('names each malformed field in Vietnamese', () => {
    const wrong = mutate(mutate(GOOD, ['THANHPHANHOSO', 0, 'GIAYTO', 1, 'SOBANSAO'], 'ba'), ['TENTTHC'], '');
    const row = parsePortalProcedure('1.001612', answer(wrong));
    expect(row).toEqual({ ok: false, errors: ['Thủ tục 1.001612: thiếu tên thủ tục (TENTTHC)', 'Thủ tục 1.001612: giấy tờ thứ 2 của trường hợp 1: số bản sao "ba" không phải số từ 0 đến 99'] });
    expect(parsePortalCatalogList({ error_code: 0, result: [{ MATTHC: '1.001612' }, { TENTTHC: 'x' }, { MATTHC: 'abc' }] })).toEqual({
      ok: false,
      errors: ['Dòng 2 của danh sách TTHC: thiếu MATTHC', 'Dòng 3 của danh sách TTHC: mã "abc" không đúng dạng 1.002145 hoặc 1.014393.H38'],
    });
    expect(parsePortalCatalogList({ error_code: 0, result: [{ MATTHC: '1.001612' }, { MATTHC: '1.001612' }] })).toEqual({ ok: true, codes: ['1.001612'] });
  });
});
