import { describe, expect, it } from 'vitest';
import { useDesk } from './support/deskFixture';
import { IntakePage } from './pages/IntakePage';
import { SignInPage, TEST_ADMIN } from './pages/SignInPage';

const desk = useDesk();

/** The applicant records as IndexedDB holds them, without Dexie and without the app's middleware. */
function rawApplicants(): Promise<Array<Record<string, unknown>>> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('mot-cua-desk');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const request = open.result.transaction('applicants').objectStore('applicants').getAll();
      request.onsuccess = () => {
        const records = (request.result as Array<Record<string, unknown>>).map((record) =>
          Object.fromEntries(Object.entries(record).map(([key, value]) => [key, value && typeof value === 'object' && '$sealed' in value ? { encrypted: true } : value])),
        );
        open.result.close();
        resolve(records);
      };
      request.onerror = () => reject(request.error);
    };
  });
}

describe('drafts in Chromium against the real main services', () => {
  it('keeps the applicant typed into a draft through a renderer crash, encrypted, and continues it from the list', async () => {
    const { context, page } = await desk.openApp();
    const intake = new IntakePage(page);
    await intake.chooseProcedure('trung tam nghien cuu');
    await intake.fillApplicant({ idNumber: '001085123456', fullName: 'Lê Thị Hoa', address: 'Số 5 Lý Thái Tổ, Hà Nội', phone: '0987654321' });
    // The phone field keeps the focus: it is stored by the pause in typing, not by a blur.
    expect(await intake.field('phone').evaluate((el) => el === document.activeElement)).toBe(true);
    await expect.poll(() => page.getByTestId('draft-state').textContent()).toBe('Đã tự động lưu bản nháp.');

    const stored = await page.evaluate(rawApplicants);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ idNumber: { encrypted: true }, fullName: { encrypted: true }, address: { encrypted: true }, phone: { encrypted: true }, source: 'manual' });
    expect(JSON.stringify(stored)).not.toContain('Hoa');

    const cdp = await context.newCDPSession(page);
    const crashed = new Promise((resolve) => page.once('crash', resolve));
    // Kills the renderer process of the page: nothing it held in memory survives.
    void cdp.send('Page.crash').catch(() => undefined);
    await crashed;

    const reopened = await context.newPage();
    const errors: string[] = [];
    reopened.on('pageerror', (error) => errors.push(error.message));
    await reopened.goto(desk.host.url);
    await new SignInPage(reopened).signIn(TEST_ADMIN.username, TEST_ADMIN.password);
    const again = new IntakePage(reopened);
    await again.openList();
    await expect.poll(() => reopened.getByTestId('draft-count').textContent()).toBe('1 hồ sơ nháp chưa lưu');
    await expect.poll(() => again.rows().count()).toBe(1);
    const row = again.rows().first();
    await expect.poll(() => row.textContent()).toContain('Lê Thị Hoa (001085123456)');
    expect(await row.getByTestId('draft-badge').textContent()).toBe('Nháp — chưa lưu, mở để làm tiếp');

    // Opening it continues the same dossier: the fields are back, more typing joins them, saving ends the draft.
    await row.getByRole('button', { name: 'Mở' }).click();
    await expect.poll(() => again.field('fullName').inputValue()).toBe('Lê Thị Hoa');
    expect(await again.field('address').inputValue()).toBe('Số 5 Lý Thái Tổ, Hà Nội');
    expect(await again.field('phone').inputValue()).toBe('0987654321');
    await again.fillApplicant({ email: 'hoa@example.vn' });
    await again.save();
    await expect.poll(() => reopened.getByRole('status').filter({ hasText: 'Đã lưu hồ sơ' }).textContent()).toContain('Lê Thị Hoa');
    await again.openList();
    await expect.poll(() => reopened.getByTestId('draft-count').textContent()).toBe('0 hồ sơ nháp chưa lưu');
    await expect.poll(() => again.rows().count()).toBe(1);
    expect(await again.rows().first().textContent()).toContain('Đã lưu');
    expect(await again.rows().first().getByTestId('draft-badge').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('leaves no draft when the officer visits the intake screen several times without typing', async () => {
    const { page, errors } = await desk.openApp();
    const intake = new IntakePage(page);
    for (let visit = 0; visit < 3; visit += 1) {
      await page.getByRole('button', { name: 'Tiếp nhận hồ sơ', exact: true }).click();
      await intake.chooseProcedure('trung tam nghien cuu');
      // Into a field and out again, typing nothing.
      await intake.field('fullName').focus();
      await intake.field('phone').focus();
      if (visit === 1) await page.getByRole('button', { name: 'Hồ sơ mới' }).click();
      else await intake.openList();
    }
    await intake.openList();
    await page.getByText('Chưa có hồ sơ nào.').waitFor();
    expect(await page.getByTestId('draft-count').textContent()).toBe('0 hồ sơ nháp chưa lưu');
    expect(await intake.rows().count()).toBe(0);

    // One with content is listed as a draft, shown by default and hidden by the switch.
    await page.getByRole('button', { name: 'Tiếp nhận hồ sơ', exact: true }).click();
    await intake.chooseProcedure('trung tam nghien cuu');
    await intake.fillApplicant({ fullName: 'Phạm Văn Minh' });
    await expect.poll(() => page.getByTestId('draft-state').textContent()).toBe('Đã tự động lưu bản nháp.');
    await intake.openList();
    await expect.poll(() => intake.rows().count()).toBe(1);
    expect(await page.getByTestId('draft-count').textContent()).toBe('1 hồ sơ nháp chưa lưu');
    await page.getByRole('checkbox', { name: 'Hiện hồ sơ nháp' }).uncheck();
    await expect.poll(() => intake.rows().count()).toBe(0);
    expect(await page.getByTestId('draft-count').textContent()).toBe('1 hồ sơ nháp chưa lưu');
    expect(errors).toEqual([]);
  });

  it('keeps the fields the QR code filled through a reload, before any save', async () => {
    const { page, errors } = await desk.openApp();
    const intake = new IntakePage(page);
    await intake.chooseProcedure('trung tam nghien cuu');
    // A keyboard-wedge scanner types the CCCD QR payload into the key field.
    await intake.field('cardKey').fill('001085123456|123456789|Đỗ Minh Quân|12031985|Nam|Số 3 Hàng Bài, Hà Nội|01052021');
    await page.getByRole('button', { name: 'Điền từ mã QR' }).click();
    await expect.poll(() => intake.field('fullName').inputValue()).toBe('Đỗ Minh Quân');
    await expect.poll(() => page.getByTestId('draft-state').textContent()).toBe('Đã tự động lưu bản nháp.');

    await page.reload();
    await intake.openList();
    await expect.poll(() => intake.rows().first().textContent()).toContain('Đỗ Minh Quân (001085123456)');
    await intake.rows().first().getByRole('button', { name: 'Mở' }).click();
    await expect.poll(() => intake.field('address').inputValue()).toBe('Số 3 Hàng Bài, Hà Nội');
    expect(await intake.field('birthDate').inputValue()).toBe('12/03/1985');
    expect(await page.getByText('Nguồn: mã QR (chưa xác thực)').count()).toBe(1);
    expect(errors).toEqual([]);
  });
});
