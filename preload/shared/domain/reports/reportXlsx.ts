import writeXlsxFile, { type Row, type SheetData } from 'write-excel-file/universal';
import type { CountRow, IntakeReport } from './intakeReport';

const HEADER = { fontWeight: 'bold' as const, backgroundColor: '#e8eef6', wrap: true };

function countSheet(first: string, rows: readonly CountRow[], total?: CountRow): SheetData {
  const header: Row = ['TT', first, 'Tiếp nhận', 'Đã số hóa', 'Quá hạn'].map((value) => ({ value, ...HEADER }));
  const body: Row[] = rows.map((row, i) => [i + 1, row.label, row.received, row.digitized, row.overdue]);
  if (total) body.push([null, { value: total.label, fontWeight: 'bold' }, total.received, total.digitized, total.overdue]);
  return [header, ...body];
}

/**
 * The intake report as an Excel workbook: totals by procedure and by officer, and the register
 * book, one sheet each; counts are numbers (so they can be summed), not text.
 */
export function intakeReportXlsx(report: IntakeReport): Promise<Blob> {
  const title = (text: string): Row => [{ value: text, fontWeight: 'bold' }];
  const register: SheetData = [
    ['TT', 'Mã hồ sơ', 'Tên thủ tục hành chính', 'Tổ chức, cá nhân nộp; địa chỉ, điện thoại', 'Nhận hồ sơ', 'Hẹn trả kết quả', 'Ghi chú'].map((value) => ({ value, ...HEADER })),
    ...report.register.map((line): Row => [line.line, line.code, line.procedure, line.applicant, line.receivedAt, line.dueAt, line.status]),
  ];
  return writeXlsxFile([
    { sheet: 'Theo thủ tục', data: [title(`Báo cáo tình hình tiếp nhận hồ sơ ${report.period.label}`), ...countSheet('Thủ tục hành chính', report.byProcedure, report.total)], columns: [{ width: 5 }, { width: 70 }, { width: 12 }, { width: 12 }, { width: 10 }] },
    { sheet: 'Theo cán bộ', data: countSheet('Cán bộ tiếp nhận', report.byOfficer), columns: [{ width: 5 }, { width: 36 }, { width: 12 }, { width: 12 }, { width: 10 }] },
    { sheet: 'Sổ theo dõi hồ sơ', data: register, columns: [{ width: 5 }, { width: 26 }, { width: 50 }, { width: 50 }, { width: 18 }, { width: 18 }, { width: 22 }] },
  ]).toBlob();
}
