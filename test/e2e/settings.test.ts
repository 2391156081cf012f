import { describe, expect, it } from 'vitest';
import { useDesk } from './support/deskFixture';
import { IntakePage } from './pages/IntakePage';

const desk = useDesk();

describe('desk settings in Chromium', () => {
  it('refuses a broken configuration, then issues codes from the configured desk partition', async () => {
    const { page, errors } = await desk.openApp();
    await page.clock.setFixedTime(new Date('2026-03-02T09:30:00+07:00'));
    await page.getByRole('button', { name: 'Cấu hình bàn' }).click();
    const field = (name: string) => page.locator(`[name="${name}"]`);
    await field('agencyCode').fill('000.00.31.h29');
    await field('deskCount').fill('3');
    await field('deskNumber').fill('2');
    await field('parentName').fill('Sở Khoa học và Công nghệ tỉnh Hải Dương');
    expect(await page.getByTestId('desk-partition').textContent()).toBe('Bàn này cấp số thứ tự từ 3334 đến 6666 mỗi ngày; các bàn khác không dùng dải này.');

    await field('deskNumber').fill('4');
    await page.getByRole('button', { name: 'Lưu cấu hình' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Số thứ tự bàn 3 nằm ngoài khoảng 0–2.');
    await field('deskNumber').fill('2');
    // Times are typed and shown on the 24-hour clock whatever Chromium's locale would show.
    const cutoff = field('cutoff');
    expect(await cutoff.getAttribute('type')).toBe('text');
    await cutoff.fill('1630');
    await cutoff.press('Tab');
    expect(await cutoff.inputValue()).toBe('16:30');
    await cutoff.fill('25h');
    await cutoff.press('Tab');
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'giờ phải từ 00:00 đến 23:59' }).count()).toBe(1);
    await cutoff.fill('16h30');
    await cutoff.press('Tab');
    expect(await cutoff.inputValue()).toBe('16:30');
    await page.getByRole('button', { name: 'Lưu cấu hình' }).click();
    await expect.poll(() => page.getByRole('status').last().textContent()).toBe('Đã lưu cấu hình; các hồ sơ tiếp nhận từ giờ dùng cấu hình mới.');

    // Settings survive a reload and drive the next dossier code.
    await page.reload();
    await page.getByRole('button', { name: 'Cấu hình bàn' }).click();
    expect(await field('agencyCode').inputValue()).toBe('000.00.31.H29');
    expect(await field('cutoff').inputValue()).toBe('16:30');
    await page.getByRole('button', { name: 'Tiếp nhận hồ sơ' }).first().click();
    const intake = new IntakePage(page);
    await intake.chooseProcedure('trung tam nghien cuu');
    await intake.fillApplicant({ idNumber: '001085123456', fullName: 'Nguyễn Văn An', birthDate: '1985-03-12', gender: 'male' });
    await intake.save();
    const panel = page.getByTestId('seal-panel');
    await panel.locator('[name="sealOverride"]').check();
    await panel.locator('[name="sealOverrideReason"]').fill('Bản giấy nộp sau');
    await panel.getByRole('button', { name: 'Tiếp nhận hồ sơ và lập giấy hẹn' }).click();
    await expect.poll(() => panel.getByTestId('dossier-code').textContent(), { timeout: 20_000 }).toBe('000.00.31.H29-260302-3334');
    expect(errors).toEqual([]);
  });
});
