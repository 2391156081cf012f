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

describe('intake in Chromium against the real main services', () => {
  it('creates a dossier with pages and finds it again after a reload', async () => {
    const { page, errors } = await desk.openApp();
    const intake = new IntakePage(page);
    await expect.poll(() => page.getByTestId('training-banner').textContent()).toContain('CHẾ ĐỘ ĐÀO TẠO');

    await intake.chooseProcedure('trung tam nghien cuu');
    await intake.fillApplicant(applicant);
    await intake.addPages(0, [
      { name: 'trang-1.png', mimeType: 'image/png', buffer: makePng(240, 340, 1) },
      { name: 'trang-2.png', mimeType: 'image/png', buffer: makePng(240, 340, 2) },
    ]);
    await expect.poll(() => intake.component(0).getByTestId('page-thumb').count()).toBe(2);
    await intake.save();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Đã lưu hồ sơ' }).textContent()).toContain('Nguyễn Văn An');

    await page.reload();
    await intake.openList();
    await expect.poll(() => intake.rows().count()).toBe(1);
    const row = intake.rows().first();
    await expect.poll(() => row.textContent()).toContain('Nguyễn Văn An (001085123456)');
    expect(await row.textContent()).toContain('Công nhận trung tâm nghiên cứu và phát triển');
    expect(await row.locator('td').nth(3).textContent()).toBe('2');
    expect(await row.textContent()).toContain('Đã lưu');

    // Reopening the dossier brings back its applicant and pages.
    await row.getByRole('button', { name: 'Mở' }).click();
    await expect.poll(() => intake.field('fullName').inputValue()).toBe('Nguyễn Văn An');
    await expect.poll(() => intake.component(0).getByTestId('page-thumb').count()).toBe(2);
    expect(errors).toEqual([]);
  });

  it('takes and shows dates as dd/mm/yyyy whatever the browser locale, and refuses impossible ones', async () => {
    const { page, errors } = await desk.openApp();
    const intake = new IntakePage(page);
    await intake.chooseProcedure('trung tam nghien cuu');
    const birth = intake.field('birthDate');
    await birth.fill('15031985');
    await birth.press('Tab');
    expect(await birth.inputValue()).toBe('15/03/1985');
    await birth.focus();
    await birth.press('ArrowUp');
    expect(await birth.inputValue()).toBe('16/03/1985');
    await birth.fill('15-3-1985');
    await birth.press('Tab');
    expect(await birth.inputValue()).toBe('15/03/1985');
    await birth.fill('31/02/2024');
    await birth.press('Tab');
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'tháng 2/2024 không có ngày 31' }).count()).toBe(1);
    expect(await birth.getAttribute('aria-invalid')).toBe('true');
    // The last real date stays the dossier's; the officer corrects the text.
    await birth.fill('12/03/1985');
    await birth.press('Tab');
    expect(await page.getByRole('alert').filter({ hasText: 'không có ngày' }).count()).toBe(0);
    expect(await birth.inputValue()).toBe('12/03/1985');
    expect(errors).toEqual([]);
  });

  it('refuses a broken image with a Vietnamese message and keeps the good pages', async () => {
    const { page } = await desk.openApp();
    const intake = new IntakePage(page);
    await intake.chooseProcedure('trung tam nghien cuu');
    const truncated = makePng(200, 200).subarray(0, 120);
    await intake.addPages(0, [
      { name: 'tot.png', mimeType: 'image/png', buffer: makePng(200, 280) },
      { name: 'hong.png', mimeType: 'image/png', buffer: truncated },
      { name: 'van-ban.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('không phải ảnh') },
    ]);
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain('Không thêm được tệp hong.png: ảnh bị hỏng hoặc không đọc được');
    expect(await alert.textContent()).toContain('Không thêm được tệp van-ban.jpg: tệp không phải ảnh JPEG, PNG, TIFF hoặc WebP');
    await expect.poll(() => intake.component(0).getByTestId('page-thumb').count()).toBe(1);
  });

  it('blocks saving when the CCCD number contradicts the birth year', async () => {
    const { page } = await desk.openApp();
    const intake = new IntakePage(page);
    await intake.chooseProcedure('trung tam');
    await intake.fillApplicant({ ...applicant, birthDate: '1990-01-01' });
    await intake.save();
    await expect.poll(() => page.locator('#idNumber-error').textContent()).toBe('Năm sinh không khớp với chữ số thứ 5–6 của số CCCD.');
    await intake.openList();
    await expect.poll(() => page.getByTestId('dossier-row').first().textContent()).toContain('Nháp');
  });

  it('runs under the strict CSP with only the named desk API exposed', async () => {
    const { page } = await desk.openApp();
    const response = await page.request.get(desk.host.url);
    const csp = response.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    const shape = await page.evaluate(() => ({
      services: Object.keys(window.desk ?? {}),
      app: Object.keys(window.desk?.app ?? {}),
      inlineBlocked: (() => {
        const script = document.createElement('script');
        script.textContent = 'window.__inlineRan = true;';
        document.head.append(script);
        return !(window as unknown as { __inlineRan?: boolean }).__inlineRan;
      })(),
    }));
    expect(shape.app).toEqual(['getInfo']);
    expect(shape.services).toContain('app');
    expect(shape.inlineBlocked).toBe(true);
    const info = await page.evaluate(() => window.desk!.app.getInfo());
    expect(info).toMatchObject({ ok: true, value: { host: 'test-host', mode: 'training' } });
  });
});
