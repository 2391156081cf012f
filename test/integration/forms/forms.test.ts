import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderReceipt } from '../../../preload/shared/domain/forms/renderReceipt';
import { renderSupplementRequest } from '../../../preload/shared/domain/forms/renderSupplementRequest';
import { renderRefusal } from '../../../preload/shared/domain/forms/renderRefusal';
import { renderApology } from '../../../preload/shared/domain/forms/renderApology';
import { renderControlSheet } from '../../../preload/shared/domain/forms/renderControlSheet';
import { fromVietnamClock } from '../../../preload/shared/domain/calendar/localDate';
import { AGENCY, loadFormFonts, pdfInfo, pdfText, requirePoppler, writeTempPdf } from './formFixtures';
import { RECEIPT } from './receiptFixture';

const fonts = loadFormFonts();
const applicant = RECEIPT.applicant;

describe('one-stop forms as PDF (checked with poppler)', () => {
  beforeAll(() => requirePoppler());

  it('prints Mẫu 01 twice with every field, the code, names, times and a decodable layout', async () => {
    const file = writeTempPdf(await renderReceipt(RECEIPT, fonts), 'receipt.pdf');
    expect(pdfInfo(file).pages).toBe(2);
    for (const page of [1, 2]) {
      const text = pdfText(file, { firstPage: page, lastPage: page });
      for (const expected of [
        'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
        'Độc lập - Tự do - Hạnh phúc',
        'BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ',
        'Hà Nội, ngày 15 tháng 04 năm 2024',
        'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
        'Mã hồ sơ: 000.00.16.H27-240415-0007',
        'Tiếp nhận hồ sơ của: Nguyễn Thị Hồng Nhung',
        'Số 12 ngõ 34 phố Đội Cấn',
        '0912345678',
        'nhung@example.vn',
        'Quyết định thành lập tổ chức khoa học và công nghệ',
        'Bản sao (2 bản)',
        'Bản chụp',
        '2. Số lượng hồ sơ: 01 (bộ)',
        '3. Thời gian giải quyết hồ sơ theo quy định là: 5 ngày làm việc',
        '4. Thời gian nhận hồ sơ: 09 giờ 30 phút, ngày 15/04/2024',
        '5. Thời gian trả kết quả giải quyết hồ sơ: 16 giờ 00 phút, ngày 23/04/2024',
        '6. Đăng ký nhận kết quả tại: Bộ phận Tiếp nhận và Trả kết quả, 113 Trần Duy Hưng',
        'Quyển số: 03',
        'Số thứ tự: 127',
        'NGƯỜI NỘP HỒ SƠ',
        'NGƯỜI TIẾP NHẬN HỒ SƠ',
        'Trần Văn Đức',
      ]) {
        expect(text, `page ${page}`).toContain(expected);
      }
      expect(text).toContain(page === 1 ? 'Liên 1: Giao người nộp hồ sơ' : 'Liên 2: Lưu tại Bộ phận Tiếp nhận và Trả kết quả');
    }
  });

  it('draws a QR code that a real decoder reads back as the dossier code', async () => {
    const file = writeTempPdf(await renderReceipt(RECEIPT, fonts), 'receipt.pdf');
    const png = path.join(path.dirname(file), 'receipt');
    execFileSync('pdftoppm', ['-png', '-r', '110', '-f', '1', '-l', '1', '-singlefile', file, png]);
    expect(existsSync(`${png}.png`)).toBe(true);
    let zbar: string;
    try {
      zbar = execFileSync('zbarimg', ['--raw', '-q', `${png}.png`], { encoding: 'utf8' }).trim();
    } catch (error) {
      throw new Error(`zbarimg (Debian package zbar-tools) must decode the receipt QR: ${(error as Error).message}`, { cause: error });
    }
    expect(zbar).toBe(RECEIPT.dossierCode);
  });

  it('marks training receipts so they cannot pass for real ones', async () => {
    const file = writeTempPdf(await renderReceipt({ ...RECEIPT, training: true }, fonts), 'training.pdf');
    expect(pdfText(file)).toContain('BẢN THỰC HÀNH - KHÔNG CÓ GIÁ TRỊ');
  });

  it('prints Mẫu 02, 03, 04 and the control sheet', async () => {
    const issuedAt = fromVietnamClock('2024-04-16', 10, 0);
    const supplement = pdfText(
      writeTempPdf(
        await renderSupplementRequest({ agency: AGENCY, dossierCode: RECEIPT.dossierCode, applicant, requestContent: RECEIPT.requestContent, items: ['Bản sao Điều lệ có chứng thực', 'Danh sách nhân lực'], reason: 'Hồ sơ chưa đủ thành phần', issuedAt, officerName: 'Trần Văn Đức' }, fonts),
        'mau02.pdf',
      ),
    );
    expect(supplement).toContain('PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ');
    expect(supplement).toContain('1. Bản sao Điều lệ có chứng thực');
    expect(supplement).toContain('2. Danh sách nhân lực');
    expect(supplement).toContain('số điện thoại 024 3943 9731');

    const refusal = pdfText(writeTempPdf(await renderRefusal({ agency: AGENCY, applicant, requestContent: RECEIPT.requestContent, reasons: ['Thủ tục không thuộc thẩm quyền giải quyết của Bộ'], issuedAt, officerName: 'Trần Văn Đức' }, fonts), 'mau03.pdf'));
    expect(refusal).toContain('PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ');
    expect(refusal).toContain('1. Thủ tục không thuộc thẩm quyền giải quyết của Bộ');

    const apology = pdfText(
      writeTempPdf(
        await renderApology(
          { agency: AGENCY, dossierCode: RECEIPT.dossierCode, applicant, requestContent: RECEIPT.requestContent, receivedAt: RECEIPT.receivedAt, originalDueAt: RECEIPT.dueAt, newDueAt: fromVietnamClock('2024-04-26', 16, 0), reason: 'Cần lấy ý kiến cơ quan liên quan', issuedAt: fromVietnamClock('2024-04-22', 8, 0), signerTitle: 'Chánh Văn phòng', signerName: 'Lê Minh Tuấn' },
          fonts,
        ),
        'mau04.pdf',
      ),
    );
    expect(apology).toContain('PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ');
    expect(apology).toContain('16 giờ 00 phút, ngày 26/04/2024');
    expect(apology).toContain('mã hồ sơ 000.00.16.H27-240415-0007');

    const control = pdfText(
      writeTempPdf(
        await renderControlSheet({ agency: AGENCY, dossierCode: RECEIPT.dossierCode, applicant, requestContent: RECEIPT.requestContent, receivedAt: RECEIPT.receivedAt, dueAt: RECEIPT.dueAt, steps: [{ from: 'Bộ phận Tiếp nhận và Trả kết quả', to: 'Văn phòng Đăng ký hoạt động KH&CN', at: fromVietnamClock('2024-04-15', 14, 0) }] }, fonts),
        'kiemsoat.pdf',
      ),
    );
    expect(control).toContain('PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ');
    expect(control).toContain('1. Giao: Bộ phận Tiếp nhận và Trả kết quả');
    expect(control).toContain('14 giờ 00 phút, ngày 15/04/2024');
  });
});
