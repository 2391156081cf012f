import { describe, expect, it, beforeAll } from 'vitest';
import readXlsxFile from 'read-excel-file/node';
import { buildIntakeReport, reportPeriod, type ReportDossier } from '../../../preload/shared/domain/reports/intakeReport';
import { intakeReportXlsx } from '../../../preload/shared/domain/reports/reportXlsx';
import { renderIntakeReportPdf, renderRegisterBookPdf } from '../../../preload/shared/domain/reports/renderReportPdf';
import { fromVietnamClock } from '../../../preload/shared/domain/calendar/localDate';
import { AGENCY, loadFormFonts, pdfInfo, pdfText, requirePoppler, writeTempPdf } from '../forms/formFixtures';

const at = (date: string, hour: number, minute = 0) => fromVietnamClock(date, hour, minute).getTime();

const dossiers: ReportDossier[] = [
  { code: '000.00.16.H27-260302-0002', procedureCode: '1.014392.H38', procedureName: 'Cấp lại Giấy chứng nhận hoạt động', officerName: 'Lê Văn Bình', receivedAt: at('2026-03-02', 10), dueAt: at('2026-03-16', 16), digitizedAt: 1, portalStatus: 2, applicantName: 'Phạm Thị Hoa', applicantAddress: 'Số 5 Hàng Bài, Hà Nội', applicantPhone: '0987654321' },
  { code: '000.00.16.H27-260302-0001', procedureCode: '1.014392.H38', procedureName: 'Cấp lại Giấy chứng nhận hoạt động', officerName: 'Lê Văn Bình', receivedAt: at('2026-03-02', 8, 5), dueAt: at('2026-03-02', 16), portalStatus: 2, applicantName: 'Nguyễn Văn An' },
  { code: '000.00.16.H27-260302-0003', procedureCode: '2.000001', procedureName: 'Đăng ký hoạt động khoa học', officerName: 'Trần Thị Cúc', receivedAt: at('2026-03-02', 14), dueAt: at('2026-03-01', 16), portalStatus: 10, applicantName: 'Đỗ Minh Khang' },
  { code: '000.00.16.H27-260305-0001', procedureCode: '2.000001', procedureName: 'Đăng ký hoạt động khoa học', officerName: 'Trần Thị Cúc', receivedAt: at('2026-03-05', 9), applicantName: 'Vũ Thị Lan' },
  { code: '000.00.16.H27-260401-0001', procedureCode: '2.000001', procedureName: 'Đăng ký hoạt động khoa học', officerName: 'Trần Thị Cúc', receivedAt: at('2026-04-01', 9), applicantName: 'Ngoài kỳ' },
];
const now = at('2026-03-02', 17);

describe('intake reports and the register book', () => {
  beforeAll(() => requirePoppler());

  it('counts a day and a month by procedure and officer; overdue only while open; register lines in order of receipt', () => {
    const day = buildIntakeReport(dossiers, reportPeriod('day', '2026-03-02'), now);
    expect(day.period.label).toBe('ngày 02/03/2026');
    expect(day.total).toEqual({ label: 'Tổng cộng', received: 3, digitized: 1, overdue: 1 });
    expect(day.byProcedure.map((r) => [r.label, r.received, r.overdue])).toEqual([
      ['Cấp lại Giấy chứng nhận hoạt động (1.014392.H38)', 2, 1],
      ['Đăng ký hoạt động khoa học (2.000001)', 1, 0],
    ]);
    expect(day.register.map((l) => `${l.line} ${l.code} ${l.receivedAt}`)).toEqual([
      '1 000.00.16.H27-260302-0001 08:05 02/03/2026',
      '2 000.00.16.H27-260302-0002 10:00 02/03/2026',
      '3 000.00.16.H27-260302-0003 14:00 02/03/2026',
    ]);
    expect(day.register[1]!.applicant).toBe('Phạm Thị Hoa, Số 5 Hàng Bài, Hà Nội, 0987654321');
    const month = buildIntakeReport(dossiers, reportPeriod('month', '2026-03-17'), now);
    expect(month.period).toMatchObject({ label: 'tháng 03/2026', slug: '2026-03', from: at('2026-03-01', 0), to: at('2026-04-01', 0) });
    expect(month.total.received).toBe(4);
    expect(month.byOfficer.map((r) => [r.label, r.received])).toEqual([['Lê Văn Bình', 2], ['Trần Thị Cúc', 2]]);
  });

  it('writes an XLSX that an independent reader opens with numbers as numbers', async () => {
    const report = buildIntakeReport(dossiers, reportPeriod('month', '2026-03-02'), now);
    const blob = await intakeReportXlsx(report);
    const sheets = await readXlsxFile(Buffer.from(await blob.arrayBuffer()));
    expect(sheets.map((s) => s.sheet)).toEqual(['Theo thủ tục', 'Theo cán bộ', 'Sổ theo dõi hồ sơ']);
    const byProcedure = sheets[0]!.data;
    expect(byProcedure[0]![0]).toBe('Báo cáo tình hình tiếp nhận hồ sơ tháng 03/2026');
    expect(byProcedure[1]).toEqual(['TT', 'Thủ tục hành chính', 'Tiếp nhận', 'Đã số hóa', 'Quá hạn']);
    expect(byProcedure.at(-1)).toEqual([null, 'Tổng cộng', 4, 1, 1]);
    expect(sheets[2]!.data.slice(1).map((row) => row[1])).toEqual(['000.00.16.H27-260302-0001', '000.00.16.H27-260302-0002', '000.00.16.H27-260302-0003', '000.00.16.H27-260305-0001']);
  });

  it('prints the report and the register book as PDFs with the Vietnamese text extractable', async () => {
    const report = buildIntakeReport(dossiers, reportPeriod('day', '2026-03-02'), now);
    const fonts = loadFormFonts();
    const print = { report, agency: AGENCY, issuedAt: new Date(now), training: true };
    const reportFile = writeTempPdf(await renderIntakeReportPdf(print, fonts), 'bao-cao.pdf');
    const text = pdfText(reportFile);
    expect(text).toContain('BÁO CÁO TÌNH HÌNH TIẾP NHẬN HỒ SƠ');
    expect(text).toContain('Kỳ báo cáo: ngày 02/03/2026');
    expect(text).toContain('Tổng số hồ sơ tiếp nhận: 3; đã số hóa: 1 (33%); quá hạn chưa giải quyết: 1.');
    expect(text).toContain('BẢN THỰC HÀNH - KHÔNG CÓ GIÁ TRỊ');
    const registerFile = writeTempPdf(await renderRegisterBookPdf(print, fonts), 'so-theo-doi.pdf');
    const register = pdfText(registerFile);
    expect(register).toContain('SỔ THEO DÕI HỒ SƠ');
    expect(register).toContain('000.00.16.H27-260302-0001');
    expect(register).toContain('Nguyễn Văn An');
    expect(pdfInfo(registerFile).pages).toBe(1);
  });
});
