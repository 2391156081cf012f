import readXlsxFile from 'read-excel-file/universal';
import { DomainError } from '../DomainError';
import { parseCsv } from './parseCsv';
import { Procedure, type ComponentForm, type ProcedureComponent } from './procedure';

/**
 * Imports the procedure catalog from the exports of the national procedure database: JSON (our
 * catalog file), CSV and XLSX. Tabular exports have one row per dossier component; the procedure
 * columns are repeated on each row or left blank on continuation rows. Columns are found by their
 * Vietnamese header, accents and case ignored. Every problem is reported with its row and column in
 * Vietnamese; valid procedures are kept, so one bad row does not lose the rest of the catalog.
 */

export interface CatalogIssue {
  /** 1-based row of the sheet (header is row 1), or 0 for the file as a whole. */
  row: number;
  column?: string;
  message: string;
}

export interface CatalogImport {
  procedures: Procedure[];
  issues: CatalogIssue[];
}

type Column = 'code' | 'name' | 'field' | 'agency' | 'processingDays' | 'fee' | 'component' | 'form' | 'copies' | 'mandatory' | 'note';

const HEADER_ALIASES: Record<Column, string[]> = {
  code: ['ma thu tuc', 'ma tthc', 'ma so', 'ma so thu tuc', 'ky hieu thu tuc'],
  name: ['ten thu tuc', 'ten tthc', 'ten thu tuc hanh chinh'],
  field: ['linh vuc'],
  agency: ['co quan thuc hien', 'co quan giai quyet'],
  processingDays: ['thoi han giai quyet', 'thoi han giai quyet (ngay lam viec)', 'thoi gian giai quyet'],
  fee: ['phi, le phi', 'phi le phi', 'phi/le phi', 'le phi', 'phi hoac le phi'],
  component: ['thanh phan ho so', 'ten thanh phan ho so', 'ten giay to'],
  form: ['hinh thuc', 'loai ban', 'ban chinh/ban sao'],
  copies: ['so luong', 'so ban'],
  mandatory: ['bat buoc'],
  note: ['ghi chu'],
};

const COLUMN_TITLES: Record<Column, string> = {
  code: 'Mã thủ tục',
  name: 'Tên thủ tục',
  field: 'Lĩnh vực',
  agency: 'Cơ quan thực hiện',
  processingDays: 'Thời hạn giải quyết',
  fee: 'Phí, lệ phí',
  component: 'Thành phần hồ sơ',
  form: 'Hình thức',
  copies: 'Số lượng',
  mandatory: 'Bắt buộc',
  note: 'Ghi chú',
};

/** Lower-case, without Vietnamese diacritics, single spaces: how headers and keywords are compared. */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Reads "10 ngày làm việc", "Mười (10) ngày làm việc", "0,5 ngày" as a number of working days. */
export function parseProcessingDays(text: string): number | undefined {
  const inParentheses = /\((\d+(?:[.,]\d+)?)\)/.exec(text);
  const first = inParentheses ?? /(\d+(?:[.,]\d+)?)/.exec(text);
  if (!first?.[1]) return undefined;
  const value = Number(first[1].replace(',', '.'));
  return Number.isFinite(value) ? value : undefined;
}

/** Reads "3.000.000 đồng", "Không", "" as an amount in đồng. */
export function parseFee(text: string): number | undefined {
  const folded = foldVietnamese(text);
  if (folded === '' || folded.startsWith('khong') || folded === '0') return 0;
  const match = /(\d{1,3}(?:[.,\s]\d{3})+|\d+)/.exec(text);
  if (!match?.[1]) return undefined;
  return Number(match[1].replace(/[.,\s]/g, ''));
}

function parseForm(text: string): ComponentForm | undefined {
  const folded = foldVietnamese(text);
  if (folded === '') return 'original';
  if (folded.includes('chup') || folded.includes('photo')) return 'photocopy';
  if (folded.includes('sao')) return 'copy';
  if (folded.includes('chinh')) return 'original';
  return undefined;
}

function parseMandatory(text: string): boolean | undefined {
  const folded = foldVietnamese(text);
  if (['', 'x', 'co', 'bat buoc', '1', 'true', 'yes'].includes(folded)) return true;
  if (['khong', 'khong bat buoc', '0', 'false', 'no', 'neu co'].includes(folded)) return false;
  return undefined;
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value).trim();
}

/** Builds procedures from a header row and data rows (strings or spreadsheet cell values). */
export function importCatalogRows(table: readonly (readonly unknown[])[]): CatalogImport {
  const issues: CatalogIssue[] = [];
  const headerIndex = table.findIndex((row) => row.some((cell) => cellText(cell) !== ''));
  if (headerIndex < 0) return { procedures: [], issues: [{ row: 0, message: 'Tệp danh mục không có dữ liệu.' }] };
  const header = (table[headerIndex] ?? []).map((cell) => foldVietnamese(cellText(cell)));
  const positions = new Map<Column, number>();
  for (const [column, aliases] of Object.entries(HEADER_ALIASES) as [Column, string[]][]) {
    const index = header.findIndex((title) => aliases.includes(title));
    if (index >= 0) positions.set(column, index);
  }
  const missing = (['code', 'name', 'processingDays', 'component'] as Column[]).filter((column) => !positions.has(column));
  if (missing.length > 0) {
    return {
      procedures: [],
      issues: [{ row: headerIndex + 1, message: `Thiếu cột bắt buộc: ${missing.map((column) => `«${COLUMN_TITLES[column]}»`).join(', ')}.` }],
    };
  }

  const drafts = new Map<string, { procedure: Omit<Procedure, 'components'>; components: ProcedureComponent[]; row: number; bad: boolean }>();
  let current: string | undefined;
  for (let r = headerIndex + 1; r < table.length; r += 1) {
    const rowNumber = r + 1;
    const cells = table[r] ?? [];
    const get = (column: Column) => {
      const index = positions.get(column);
      return index === undefined ? '' : cellText(cells[index]);
    };
    if (cells.every((cell) => cellText(cell) === '')) continue;
    const code = get('code');
    if (code) {
      current = code;
      if (!drafts.has(code)) {
        const daysText = get('processingDays');
        const days = parseProcessingDays(daysText);
        const feeText = get('fee');
        const fee = parseFee(feeText);
        let bad = false;
        if (days === undefined) {
          issues.push({ row: rowNumber, column: COLUMN_TITLES.processingDays, message: `Không đọc được thời hạn giải quyết "${daysText}" của thủ tục ${code}.` });
          bad = true;
        }
        if (fee === undefined) {
          issues.push({ row: rowNumber, column: COLUMN_TITLES.fee, message: `Không đọc được mức phí "${feeText}" của thủ tục ${code}.` });
          bad = true;
        }
        drafts.set(code, {
          procedure: { code, name: get('name'), field: get('field'), agency: get('agency'), processingDays: days ?? 0, fee: feeText || 'Không', feeAmount: fee ?? 0 },
          components: [],
          row: rowNumber,
          bad,
        });
      }
    } else if (!current) {
      issues.push({ row: rowNumber, column: COLUMN_TITLES.code, message: 'Dòng không có mã thủ tục và không tiếp nối thủ tục nào.' });
      continue;
    }
    const draft = drafts.get(current)!;
    const componentName = get('component');
    if (!componentName) continue;
    const form = parseForm(get('form'));
    const copiesText = get('copies');
    const copies = copiesText === '' ? 1 : Number(copiesText.replace(/\D+$/, ''));
    const mandatory = parseMandatory(get('mandatory'));
    if (form === undefined) {
      issues.push({ row: rowNumber, column: COLUMN_TITLES.form, message: `Hình thức "${get('form')}" không phải bản chính, bản sao hoặc bản chụp.` });
      draft.bad = true;
    }
    if (!Number.isInteger(copies) || copies < 1 || copies > 99) {
      issues.push({ row: rowNumber, column: COLUMN_TITLES.copies, message: `Số lượng "${copiesText}" phải là số nguyên từ 1 đến 99.` });
      draft.bad = true;
    }
    if (mandatory === undefined) {
      issues.push({ row: rowNumber, column: COLUMN_TITLES.mandatory, message: `Giá trị "${get('mandatory')}" ở cột Bắt buộc phải là Có hoặc Không.` });
      draft.bad = true;
    }
    const note = get('note');
    const component: ProcedureComponent = {
      id: `${current}#${draft.components.length + 1}`,
      name: componentName,
      form: form ?? 'original',
      copies: Number.isInteger(copies) && copies >= 1 && copies <= 99 ? copies : 1,
      required: mandatory ?? true,
    };
    if (note) component.note = note;
    draft.components.push(component);
  }

  const procedures: Procedure[] = [];
  for (const draft of drafts.values()) {
    if (draft.bad) continue;
    const checked = Procedure.safeParse({ ...draft.procedure, components: draft.components });
    if (checked.success) procedures.push(checked.data);
    else for (const issue of checked.error.issues) issues.push({ row: draft.row, column: String(issue.path[0] ?? ''), message: `Thủ tục ${draft.procedure.code}: ${issue.message}.` });
  }
  return { procedures, issues };
}

/** Imports a catalog JSON file (our format), reporting schema problems in Vietnamese. */
export function importCatalogJson(text: string): CatalogImport {
  let data: unknown;
  try {
    data = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch (error) {
    return { procedures: [], issues: [{ row: 0, message: `Tệp JSON không đọc được: ${(error as Error).message}` }] };
  }
  const envelope = data as { version?: unknown; procedures?: unknown } | null;
  if (typeof envelope !== 'object' || envelope === null || envelope.version !== 1 || !Array.isArray(envelope.procedures)) {
    return { procedures: [], issues: [{ row: 0, message: 'Tệp JSON không phải danh mục thủ tục (cần "version": 1 và "procedures").' }] };
  }
  const procedures: Procedure[] = [];
  const issues: CatalogIssue[] = [];
  ((data as { procedures: unknown[] }).procedures).forEach((entry, index) => {
    const checked = Procedure.safeParse(entry);
    if (checked.success) procedures.push(checked.data);
    else issues.push({ row: index + 1, column: checked.error.issues[0]?.path.join('.'), message: `Thủ tục thứ ${index + 1}: ${checked.error.issues[0]?.message ?? 'không hợp lệ'}.` });
  });
  return { procedures, issues };
}

/** Imports a CSV export. */
export function importCatalogCsv(text: string): CatalogImport {
  try {
    return importCatalogRows(parseCsv(text));
  } catch (error) {
    if (error instanceof DomainError) return { procedures: [], issues: [{ row: 0, message: error.userMessage }] };
    throw error;
  }
}

/** Imports the first sheet of an XLSX export. */
export async function importCatalogXlsx(bytes: ArrayBuffer | Blob): Promise<CatalogImport> {
  let sheets;
  try {
    sheets = await readXlsxFile(bytes);
  } catch (error) {
    return { procedures: [], issues: [{ row: 0, message: `Tệp Excel không đọc được (không phải .xlsx hoặc đã hỏng): ${(error as Error).message}` }] };
  }
  const first = sheets[0];
  if (!first) return { procedures: [], issues: [{ row: 0, message: 'Tệp Excel không có trang tính nào.' }] };
  return importCatalogRows(first.data);
}

/** Picks the importer from the file name. */
export async function importCatalogFile(fileName: string, bytes: Uint8Array): Promise<CatalogImport> {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.xlsx')) return importCatalogXlsx(bytes.slice().buffer);
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  if (lower.endsWith('.csv')) return importCatalogCsv(text);
  if (lower.endsWith('.json')) return importCatalogJson(text);
  return { procedures: [], issues: [{ row: 0, message: `Không hỗ trợ loại tệp "${fileName}"; chọn tệp .json, .csv hoặc .xlsx.` }] };
}
