import { drawFormHeader, drawSignatures, drawTrainingMark } from '../forms/formParts';
import type { FormAgency } from '../forms/formTypes';
import { FormWriter, type FormFonts } from '../forms/formWriter';
import type { CountRow, IntakeReport } from './intakeReport';

export interface ReportPrint {
  report: IntakeReport;
  agency: FormAgency;
  issuedAt: Date;
  training: boolean;
}

function countTable(writer: FormWriter, first: string, rows: readonly CountRow[], total?: CountRow): void {
  const cells = rows.map((row, i) => [String(i + 1), row.label, String(row.received), String(row.digitized), String(row.overdue)]);
  if (total) cells.push(['', total.label, String(total.received), String(total.digitized), String(total.overdue)]);
  writer.table(
    [
      { title: 'TT', weight: 0.6, align: 'center' },
      { title: first, weight: 5 },
      { title: 'Tiếp nhận', weight: 1.3, align: 'center' },
      { title: 'Đã số hóa', weight: 1.3, align: 'center' },
      { title: 'Quá hạn', weight: 1.2, align: 'center' },
    ],
    cells,
    { size: 10 },
  );
}

/** "Báo cáo tình hình tiếp nhận hồ sơ" of a day or a month: by procedure, by officer, totals. */
export async function renderIntakeReportPdf(print: ReportPrint, fonts: FormFonts): Promise<Uint8Array<ArrayBuffer>> {
  const { report } = print;
  const writer = await FormWriter.create(fonts, `Báo cáo tình hình tiếp nhận hồ sơ ${report.period.label}`);
  writer.newPage();
  if (print.training) drawTrainingMark(writer);
  drawFormHeader(writer, print.agency, print.issuedAt);
  writer.text('BÁO CÁO TÌNH HÌNH TIẾP NHẬN HỒ SƠ', { style: 'bold', size: 14, align: 'center' });
  writer.text(`Kỳ báo cáo: ${report.period.label}`, { style: 'italic', align: 'center' });
  writer.gap(6);
  writer.text(
    `Tổng số hồ sơ tiếp nhận: ${report.total.received}; đã số hóa: ${report.total.digitized}` +
      (report.total.received ? ` (${Math.round((report.total.digitized / report.total.received) * 100)}%)` : '') +
      `; quá hạn chưa giải quyết: ${report.total.overdue}.`,
  );
  writer.gap(4);
  writer.text('1. Theo thủ tục hành chính', { style: 'bold' });
  countTable(writer, 'Thủ tục hành chính', report.byProcedure, report.total);
  writer.gap(8);
  writer.text('2. Theo cán bộ tiếp nhận', { style: 'bold' });
  countTable(writer, 'Cán bộ tiếp nhận', report.byOfficer);
  writer.gap(12);
  drawSignatures(writer, [{ title: 'NGƯỜI LẬP BÁO CÁO' }, { title: 'LÃNH ĐẠO BỘ PHẬN' }]);
  return writer.save();
}

/** "Sổ theo dõi hồ sơ": one line per dossier received in the period, in order of receipt. */
export async function renderRegisterBookPdf(print: ReportPrint, fonts: FormFonts): Promise<Uint8Array<ArrayBuffer>> {
  const { report } = print;
  const writer = await FormWriter.create(fonts, `Sổ theo dõi hồ sơ ${report.period.label}`);
  writer.newPage();
  if (print.training) drawTrainingMark(writer);
  drawFormHeader(writer, print.agency, print.issuedAt);
  writer.text('SỔ THEO DÕI HỒ SƠ', { style: 'bold', size: 14, align: 'center' });
  writer.text(`Kỳ: ${report.period.label} — ${report.register.length} hồ sơ`, { style: 'italic', align: 'center' });
  writer.gap(6);
  writer.table(
    [
      { title: 'TT', weight: 0.5, align: 'center' },
      // Wide enough for a whole dossier code on one line at 8 pt.
      { title: 'Mã hồ sơ', weight: 3.2 },
      { title: 'Tên thủ tục hành chính', weight: 2.3 },
      { title: 'Tổ chức, cá nhân nộp; địa chỉ, điện thoại', weight: 2.6 },
      { title: 'Nhận hồ sơ', weight: 1.35 },
      { title: 'Hẹn trả kết quả', weight: 1.35 },
      { title: 'Ghi chú', weight: 1.1 },
    ],
    report.register.map((line) => [String(line.line), line.code, line.procedure, line.applicant, line.receivedAt, line.dueAt, line.status]),
    { size: 8 },
  );
  return writer.save();
}
