import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useDesk } from './support/deskFixture';
import { IntakePage } from './pages/IntakePage';
import { makePng } from '../support/makePng';

const desk = useDesk();

const applicant = {
  idNumber: '001085123456',
  fullName: 'Nguyễn Văn An',
  birthDate: '1985-03-12',
  gender: 'male',
  address: 'Số 1 Tràng Tiền, phường Hoàn Kiếm, Hà Nội',
  phone: '0912345678',
};

/** Files in the print spool of the test host (none before the first print job). */
function spooled(spool: string, part: string): string[] {
  return existsSync(spool) ? readdirSync(spool).filter((name) => name.includes(part)) : [];
}

const SLOW = { timeout: 20_000 };

function pdfText(file: string): string {
  try {
    return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).normalize('NFC').replace(/\s+/g, ' ');
  } catch (error) {
    throw new Error(`pdftotext (Debian package poppler-utils) is required: ${(error as Error).message}`, { cause: error });
  }
}

describe('receipt at the end of intake, in Chromium against the real main services', () => {
  it('blocks sealing without the mandatory pages, then issues the code, the due date and Mẫu 01', async () => {
    const { page, errors } = await desk.openApp();
    const intake = new IntakePage(page);
    // Thursday 12/02/2026 16:10, after the 15:00 cut-off and just before the Tết Bính Ngọ break (16–20/02).
    await page.clock.setFixedTime(new Date('2026-02-12T16:10:00+07:00'));
    await intake.chooseProcedure('1.014392.H38');
    await intake.fillApplicant(applicant);
    await intake.save();

    const panel = page.getByTestId('seal-panel');
    const sealButton = panel.getByRole('button', { name: 'Tiếp nhận hồ sơ và lập giấy hẹn' });
    await expect.poll(() => panel.getByTestId('missing-components').textContent()).toContain('«Đơn đề nghị thay đổi, bổ sung, cấp lại Giấy chứng nhận hoạt động (theo mẫu)»');
    expect(await sealButton.isDisabled()).toBe(true);

    // Mẫu 02 lists what the citizen still has to bring.
    const spool = path.join(desk.host.dataDir, 'print-spool');
    await panel.getByRole('button', { name: 'In phiếu yêu cầu bổ sung (Mẫu 02)' }).click();
    await expect.poll(() => spooled(spool, 'Phieu-yeu-cau-bo-sung').length, SLOW).toBe(1);
    const request = spooled(spool, 'Phieu-yeu-cau-bo-sung')[0]!;
    const requestText = pdfText(path.join(spool, request));
    expect(requestText).toContain('PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ');
    expect(requestText).toContain('1. Đơn đề nghị thay đổi, bổ sung, cấp lại Giấy chứng nhận hoạt động (theo mẫu)');

    await intake.addPages(0, [{ name: 'don.png', mimeType: 'image/png', buffer: makePng(240, 340, 1) }]);
    await expect.poll(() => panel.getByTestId('missing-components').count()).toBe(0);
    await sealButton.click();

    // Counted from Friday 13/02; 16–20/02 is Tết; ten working days later is Friday 06/03/2026.
    await expect.poll(() => panel.getByTestId('dossier-code').textContent(), SLOW).toBe('000.00.16.H27-260212-0001');
    expect(await panel.getByTestId('due-at').textContent()).toBe('16:00 06/03/2026');

    const [download] = await Promise.all([page.waitForEvent('download'), panel.getByTestId('receipt-download').click()]);
    expect(download.suggestedFilename()).toBe('giay-tiep-nhan-000.00.16.H27-260212-0001.pdf');
    const file = await download.path();
    const text = pdfText(file);
    expect(text).toContain('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
    expect(text).toContain('Mã hồ sơ: 000.00.16.H27-260212-0001');
    expect(text).toContain('Tiếp nhận hồ sơ của: Nguyễn Văn An');
    expect(text).toContain('4. Thời gian nhận hồ sơ: 16 giờ 10 phút, ngày 12/02/2026');
    expect(text).toContain('5. Thời gian trả kết quả giải quyết hồ sơ: 16 giờ 00 phút, ngày 06/03/2026');
    expect(text).toContain('BẢN THỰC HÀNH - KHÔNG CÓ GIÁ TRỊ');
    expect(text).toContain('Liên 2: Lưu tại Bộ phận Tiếp nhận và Trả kết quả');

    await panel.getByRole('button', { name: 'In giấy tiếp nhận' }).click();
    await expect.poll(() => spooled(spool, 'Giay-tiep-nhan-000.00.16.H27-260212-0001').length, SLOW).toBe(1);
    const receiptCopy = spooled(spool, 'Giay-tiep-nhan-000.00.16.H27-260212-0001')[0]!;
    expect(readFileSync(path.join(spool, receiptCopy)).equals(readFileSync(file))).toBe(true);

    // The control sheet goes the same way (rendered in the forms worker, spooled by main).
    await panel.getByRole('button', { name: 'In phiếu kiểm soát' }).click();
    await expect.poll(() => spooled(spool, 'Phieu-kiem-soat').length, SLOW).toBe(1);
    const sheet = spooled(spool, 'Phieu-kiem-soat')[0]!;
    const sheetText = pdfText(path.join(spool, sheet));
    expect(sheetText).toContain('PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ');
    expect(sheetText).toContain('Ngày hẹn trả kết quả: 16 giờ 00 phút, ngày 06/03/2026');
    expect(sheetText).toContain('1. Giao: Bộ phận Tiếp nhận và Trả kết quả');
    expect(errors).toEqual([]);
  });

  it('seals with missing mandatory pages only with a recorded override and reason', async () => {
    const { page, errors } = await desk.openApp();
    const intake = new IntakePage(page);
    await page.clock.setFixedTime(new Date('2026-03-02T09:30:00+07:00'));
    await intake.chooseProcedure('trung tam nghien cuu');
    await intake.fillApplicant(applicant);
    await intake.save();
    const panel = page.getByTestId('seal-panel');
    const sealButton = panel.getByRole('button', { name: 'Tiếp nhận hồ sơ và lập giấy hẹn' });
    await panel.locator('[name="sealOverride"]').check();
    expect(await sealButton.isDisabled()).toBe(true);
    await panel.locator('[name="sealOverrideReason"]').fill('Công dân nộp bản giấy, số hóa sau');
    await sealButton.click();
    // 30 working days from Monday 02/03/2026 (no holiday in between) is Monday 13/04/2026.
    await expect.poll(() => panel.getByTestId('dossier-code').textContent(), SLOW).toBe('000.00.16.H27-260302-0001');
    expect(await panel.getByTestId('due-at').textContent()).toBe('16:00 13/04/2026');

    // Late: a new date with Mẫu 04; an earlier date is not offered as "later".
    await panel.getByRole('button', { name: 'Hẹn lại ngày trả (Mẫu 04)' }).click();
    const confirm = panel.getByRole('button', { name: 'Lưu ngày hẹn mới và in phiếu xin lỗi' });
    await panel.locator('[name="newDueAt"]').fill('2026-04-10T10:00');
    await panel.locator('[name="lateReason"]').fill('Chờ ý kiến thẩm định của Sở Tài chính');
    await confirm.click();
    await expect.poll(() => panel.getByRole('alert').textContent()).toBe('Ngày hẹn mới phải sau ngày hẹn hiện tại.');
    await panel.locator('[name="newDueAt"]').fill('2026-04-20T15:30');
    await confirm.click();
    await expect.poll(() => panel.getByTestId('due-at').textContent(), SLOW).toBe('15:30 20/04/2026');
    const spool = path.join(desk.host.dataDir, 'print-spool');
    await expect.poll(() => spooled(spool, 'Phieu-xin-loi').length, SLOW).toBe(1);
    const apology = pdfText(path.join(spool, spooled(spool, 'Phieu-xin-loi')[0]!));
    expect(apology).toContain('PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ');
    expect(apology).toContain('Lý do: Chờ ý kiến thẩm định của Sở Tài chính');
    expect(apology).toContain('15 giờ 30 phút, ngày 20/04/2026');
    expect(errors).toEqual([]);
  });

  it('refuses a dossier at the desk with a reason, prints Mẫu 03 and no longer offers sealing', async () => {
    const { page, errors } = await desk.openApp();
    const intake = new IntakePage(page);
    await intake.chooseProcedure('1.014431.H38');
    await intake.fillApplicant({ ...applicant, fullName: 'Trần Thị Bình', idNumber: '001185123456', gender: 'female' });
    await intake.save();
    const panel = page.getByTestId('seal-panel');
    await panel.getByRole('button', { name: 'Từ chối tiếp nhận…' }).click();
    const confirm = panel.getByRole('button', { name: 'Từ chối và in phiếu từ chối (Mẫu 03)' });
    expect(await confirm.isDisabled()).toBe(true);
    await panel.locator('[name="refusalReason"]').fill('Trung tâm không thuộc địa bàn quản lý của Sở');
    await confirm.click();
    await expect.poll(() => panel.getByTestId('refused').textContent()).toBe('Hồ sơ ở trạng thái «Không được tiếp nhận». Lý do: Trung tâm không thuộc địa bàn quản lý của Sở');
    expect(await panel.getByRole('button', { name: 'Tiếp nhận hồ sơ và lập giấy hẹn' }).count()).toBe(0);
    const spool = path.join(desk.host.dataDir, 'print-spool');
    await expect.poll(() => spooled(spool, 'Phieu-tu-choi').length, SLOW).toBeGreaterThan(0);
    const texts = spooled(spool, 'Phieu-tu-choi').map((name) => pdfText(path.join(spool, name)));
    expect(texts.some((text) => text.includes('Tiếp nhận hồ sơ của: Trần Thị Bình') && text.includes('1. Trung tâm không thuộc địa bàn quản lý của Sở'))).toBe(true);
    expect(errors).toEqual([]);
  });
});
