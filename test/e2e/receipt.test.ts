import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
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

    await intake.addPages(0, [{ name: 'don.png', mimeType: 'image/png', buffer: makePng(240, 340, 1) }]);
    await expect.poll(() => panel.getByTestId('missing-components').count()).toBe(0);
    await sealButton.click();

    // Counted from Friday 13/02; 16–20/02 is Tết; ten working days later is Friday 06/03/2026.
    await expect.poll(() => panel.getByTestId('dossier-code').textContent()).toBe('000.00.16.H27-260212-0001');
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
    await expect.poll(() => panel.getByRole('status').textContent()).toContain('Đã lưu bản in tại');
    const spool = path.join(desk.host.dataDir, 'print-spool');
    const spooled = readdirSync(spool).filter((name) => name.includes('000.00.16.H27-260212-0001'));
    expect(spooled).toHaveLength(1);
    expect(readFileSync(path.join(spool, spooled[0]!)).equals(readFileSync(file))).toBe(true);

    // The control sheet goes the same way (rendered in the forms worker, spooled by main).
    await panel.getByRole('button', { name: 'In phiếu kiểm soát' }).click();
    await expect.poll(() => readdirSync(spool).filter((name) => name.includes('Phieu-kiem-soat')).length).toBe(1);
    const sheet = readdirSync(spool).find((name) => name.includes('Phieu-kiem-soat'))!;
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
    await expect.poll(() => panel.getByTestId('dossier-code').textContent()).toBe('000.00.16.H27-260302-0001');
    expect(await panel.getByTestId('due-at').textContent()).toBe('16:00 13/04/2026');
    expect(errors).toEqual([]);
  });
});
