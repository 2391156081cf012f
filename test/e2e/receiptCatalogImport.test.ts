import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useDesk } from './support/deskFixture';

const desk = useDesk();

describe('procedure catalog import in Chromium', () => {
  it('previews an XLSX export with its row errors in Vietnamese, then replaces the procedures it holds', async () => {
    const { page, errors } = await desk.openApp();
    await page.getByRole('button', { name: 'Danh mục thủ tục' }).click();
    const row = page.getByTestId('catalog-row').filter({ hasText: '1.002145' });
    await expect.poll(() => row.locator('td').nth(3).textContent()).toBe('4');

    await page.getByTestId('catalog-import').locator('input[type="file"]').setInputFiles(path.join(__dirname, '../unit/domain/fixtures/catalog.xlsx'));
    const preview = page.getByTestId('catalog-preview');
    await expect.poll(() => preview.textContent()).toContain('Đọc được 2 thủ tục hợp lệ từ catalog.xlsx.');
    const issues = await page.getByTestId('catalog-issue').allTextContents();
    expect(issues).toHaveLength(2);
    expect(issues[0]).toContain('Không đọc được thời hạn giải quyết "không rõ" của thủ tục 1.999999.');
    expect(issues[1]).toContain('Hình thức "Bản gốc?" không phải bản chính, bản sao hoặc bản chụp.');

    await preview.getByRole('button', { name: 'Nhập 2 thủ tục vào danh mục' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Đã nhập' }).textContent()).toContain('Đã nhập 2 thủ tục vào danh mục.');
    await expect.poll(() => row.locator('td').nth(3).textContent()).toBe('1');
    expect(await page.getByTestId('catalog-row').count()).toBe(4);
    expect(errors).toEqual([]);
  });
});
