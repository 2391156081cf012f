import { foldVietnamese, parseProcessingDays } from '../../../preload/shared/domain/catalog/importCatalog';
import { Procedure, type ComponentForm, type ProcedureComponent } from '../../../preload/shared/domain/catalog/procedure';

/**
 * The portal's procedure catalog answers (`LayDanhSachTTHC`, `LayThuTuc`) turned into the desk's
 * catalog format. The official document is not public; the shapes follow the public client
 * OpenCPS v2 and are written down in the README ("Catalog from the portal"). Assumptions:
 * - both answers carry their rows in `result` (as `TraCuuHoSo` does);
 * - a list row names its procedure by `MATTHC`; a `LayThuTuc` row is the procedure itself, with
 *   `MATTHC`, `TENTTHC`, `LINHVUCTHUCHIEN[{MALINHVUC, TENLINHVUC}]`,
 *   `CACHTHUCTHUCHIEN[{KENH, THOIGIAN[{THOIGIANGIAIQUYET, DONVITINH, MOTA, PHILEPHI[{SOTIEN, DONVI, MOTA}]}]}]`,
 *   `THANHPHANHOSO[{TRUONGHOP, GIAYTO[{MAGIAYTO, TENGIAYTO, SOBANCHINH, SOBANSAO, …}]}]`,
 *   `KETQUATHUCHIEN[{MAKETQUA, TENKETQUA}]`, `COQUANTHUCHIEN[{MADONVI, TENDONVI}]`;
 * - KENH "1" is at the desk (trực tiếp); its first THOIGIAN entry gives the time and fees; a time
 *   in "ngày làm việc" (or plain "ngày") counts as working days, "giờ" as eighths of a day, any
 *   other unit is an error;
 * - a paper with `SOBANCHINH` > 0 is handed in as originals (that many), otherwise as certified
 *   copies (`SOBANSAO`); both counts are kept in the component's note; every paper of the first
 *   TRUONGHOP is required, the papers of other cases are not.
 * Nothing here throws on any value: every problem is a Vietnamese row error.
 */
export type PortalCatalogRow = { ok: true; procedure: Procedure } | { ok: false; errors: string[] };

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const MAX_TEXT = 4_000;

/** A trimmed string or number as text; undefined for anything else or text too long. */
function text(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.replace(/\s+/g, ' ').trim();
  return trimmed && trimmed.length <= MAX_TEXT ? trimmed : undefined;
}

function list(value: unknown): Json[] | undefined {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return undefined;
  return value.every(isObject) ? value : undefined;
}

/** A count of papers: a whole number 0–99 as a number or digits. */
function count(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return 0;
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d{1,2}\s*$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(number) && number >= 0 && number <= 99 ? number : undefined;
}

/** The `result` rows of an answer, or why there are none. */
function resultRows(body: unknown, service: string): { rows: Json[] } | { error: string } {
  if (!isObject(body)) return { error: `${service}: câu trả lời không phải đối tượng JSON` };
  const rows = list(body.result);
  if (!Array.isArray(body.result) || !rows) return { error: `${service}: câu trả lời không có danh sách "result"` };
  return { rows };
}

/** The MaTTHC codes a `LayDanhSachTTHC` answer lists (duplicates once), or its errors. */
export function parsePortalCatalogList(body: unknown): { ok: true; codes: string[] } | { ok: false; errors: string[] } {
  const rows = resultRows(body, 'LayDanhSachTTHC');
  if ('error' in rows) return { ok: false, errors: [rows.error] };
  const codes: string[] = [];
  const errors: string[] = [];
  for (const [index, row] of rows.rows.entries()) {
    const code = text(row.MATTHC);
    if (!code) errors.push(`Dòng ${index + 1} của danh sách TTHC: thiếu MATTHC`);
    else if (!Procedure.shape.code.safeParse(code).success) errors.push(`Dòng ${index + 1} của danh sách TTHC: mã "${code.slice(0, 40)}" không đúng dạng 1.002145 hoặc 1.014393.H38`);
    else if (!codes.includes(code)) codes.push(code);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, codes };
}

function processingDays(amount: unknown, unit: unknown): number | string {
  const given = text(amount);
  const days = given === undefined ? undefined : parseProcessingDays(given);
  if (days === undefined || days < 0) return `thời gian giải quyết "${given ?? ''}" không đọc được`;
  const folded = foldVietnamese(text(unit) ?? 'ngày làm việc');
  if (folded === 'ngay lam viec' || folded === 'ngay') return days;
  if (folded === 'gio' || folded === 'gio lam viec') return Math.round((days / 8) * 1000) / 1000;
  return `đơn vị thời gian "${text(unit) ?? ''}" không quy đổi được ra ngày làm việc`;
}

/** One `LayThuTuc` answer for `code` as a desk procedure, or every error found in it. */
export function parsePortalProcedure(code: string, body: unknown): PortalCatalogRow {
  const rows = resultRows(body, `LayThuTuc ${code}`);
  if ('error' in rows) return { ok: false, errors: [rows.error] };
  const item = rows.rows.find((row) => text(row.MATTHC) === code) ?? (rows.rows.length === 1 && text(rows.rows[0]!.MATTHC) === undefined ? rows.rows[0] : undefined);
  if (!item) return { ok: false, errors: [`Thủ tục ${code}: Cổng không trả về thủ tục này`] };
  const errors: string[] = [];
  const fail = (message: string) => void errors.push(`Thủ tục ${code}: ${message}`);

  const name = text(item.TENTTHC);
  if (!name) fail('thiếu tên thủ tục (TENTTHC)');
  const fields = list(item.LINHVUCTHUCHIEN);
  const field = fields?.map((entry) => text(entry.TENLINHVUC)).find((value) => value !== undefined);
  if (!fields) fail('LINHVUCTHUCHIEN không phải danh sách');
  else if (!field) fail('thiếu lĩnh vực (LINHVUCTHUCHIEN.TENLINHVUC)');
  const agencies = list(item.COQUANTHUCHIEN);
  const agency = agencies?.map((entry) => text(entry.TENDONVI)).find((value) => value !== undefined);
  if (!agencies) fail('COQUANTHUCHIEN không phải danh sách');
  else if (!agency) fail('thiếu cơ quan thực hiện (COQUANTHUCHIEN.TENDONVI)');

  let days: number | undefined;
  let fee: string | undefined;
  let feeAmount: number | undefined;
  const channels = list(item.CACHTHUCTHUCHIEN);
  if (!channels) fail('CACHTHUCTHUCHIEN không phải danh sách');
  else {
    const channel = channels.find((entry) => text(entry.KENH) === '1') ?? channels[0];
    const times = channel ? list(channel.THOIGIAN) : [];
    const time = times?.[0];
    if (!times) fail('CACHTHUCTHUCHIEN.THOIGIAN không phải danh sách');
    else if (!time) fail('thiếu thời gian giải quyết (CACHTHUCTHUCHIEN.THOIGIAN)');
    else {
      const parsed = processingDays(time.THOIGIANGIAIQUYET, time.DONVITINH);
      if (typeof parsed === 'string') fail(parsed);
      else days = parsed;
      const fees = list(time.PHILEPHI);
      if (!fees) fail('PHILEPHI không phải danh sách');
      else {
        const parts: string[] = [];
        let total = 0;
        for (const [index, entry] of fees.entries()) {
          const amount = entry.SOTIEN === undefined || entry.SOTIEN === null || entry.SOTIEN === '' ? 0 : typeof entry.SOTIEN === 'number' ? entry.SOTIEN : typeof entry.SOTIEN === 'string' && /^\s*\d[\d.\s]{0,14}\s*$/.test(entry.SOTIEN) ? Number(entry.SOTIEN.replace(/[.\s]/g, '')) : NaN;
          if (!Number.isSafeInteger(amount) || amount < 0) {
            fail(`phí, lệ phí thứ ${index + 1}: số tiền "${String(entry.SOTIEN).slice(0, 40)}" không đọc được`);
            continue;
          }
          total += amount;
          const label = text(entry.MOTA);
          parts.push(`${label ? `${label}: ` : ''}${amount.toLocaleString('vi-VN')} ${text(entry.DONVI) ?? 'đồng'}`);
        }
        fee = parts.length > 0 ? parts.join('; ') : 'Không';
        feeAmount = total;
      }
    }
  }

  const components: ProcedureComponent[] = [];
  const cases = list(item.THANHPHANHOSO);
  if (!cases) fail('THANHPHANHOSO không phải danh sách');
  else
    for (const [caseIndex, entry] of cases.entries()) {
      const papers = list(entry.GIAYTO);
      if (!papers) {
        fail(`THANHPHANHOSO thứ ${caseIndex + 1}: GIAYTO không phải danh sách`);
        continue;
      }
      for (const [paperIndex, paper] of papers.entries()) {
        const where = `giấy tờ thứ ${paperIndex + 1} của trường hợp ${caseIndex + 1}`;
        const paperName = text(paper.TENGIAYTO);
        const originals = count(paper.SOBANCHINH);
        const copies = count(paper.SOBANSAO);
        if (!paperName) fail(`${where}: thiếu tên (TENGIAYTO)`);
        if (originals === undefined) fail(`${where}: số bản chính "${String(paper.SOBANCHINH).slice(0, 20)}" không phải số từ 0 đến 99`);
        if (copies === undefined) fail(`${where}: số bản sao "${String(paper.SOBANSAO).slice(0, 20)}" không phải số từ 0 đến 99`);
        if (!paperName || originals === undefined || copies === undefined) continue;
        const form: ComponentForm = originals > 0 || copies === 0 ? 'original' : 'copy';
        const situation = cases.length > 1 ? text(entry.TRUONGHOP) : undefined;
        components.push({
          id: `${code}#${components.length + 1}`,
          name: paperName,
          form,
          copies: Math.max(1, form === 'original' ? originals : copies),
          required: caseIndex === 0,
          note: [`Bản chính: ${originals}, bản sao: ${copies}`, situation ? `Trường hợp: ${situation}` : undefined].filter(Boolean).join('. '),
        });
      }
    }
  if (cases && components.length === 0 && errors.length === 0) fail('không có thành phần hồ sơ nào (THANHPHANHOSO.GIAYTO)');

  const resultList = list(item.KETQUATHUCHIEN);
  const results = resultList?.map((entry) => text(entry.TENKETQUA)).filter((value): value is string => value !== undefined) ?? [];
  if (!resultList) fail('KETQUATHUCHIEN không phải danh sách');

  if (errors.length > 0) return { ok: false, errors };
  const candidate = { code, name, field, agency, processingDays: days, fee, feeAmount, components, results, source: `Cổng DVC quốc gia (LayThuTuc ${code})` };
  const checked = Procedure.safeParse(candidate);
  if (!checked.success) return { ok: false, errors: checked.error.issues.slice(0, 10).map((issue) => `Thủ tục ${code}: ${issue.path.join('.')}: ${issue.message}`) };
  return { ok: true, procedure: checked.data };
}
