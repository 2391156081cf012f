import { describe, expect, it } from 'vitest';
import { useDesk } from './support/deskFixture';
import { IntakePage } from './pages/IntakePage';
import { saneTestEnvironment } from '../support/saneTestBackend';

const desk = useDesk({
  serviceOptions: {
    scanners: {
      demo: { sheets: 10, pageDelayMs: 30 },
      sane: { env: saneTestEnvironment(), extraArgs: { 'test:1': ['--read-return-value=SANE_STATUS_JAMMED'] } },
    },
  },
});

describe('scanning into a dossier in Chromium', () => {
  it('streams 20 duplex pages from the demo scanner into the database as they arrive', async () => {
    const { page, errors } = await desk.openApp();
    const intake = new IntakePage(page);
    await intake.chooseProcedure('trung tam nghien cuu');
    await expect.poll(() => page.locator('[name=scanDevice] option').allTextContents()).toContain('Máy quét mẫu (chế độ đào tạo)');
    expect(await page.getByTestId('scan-toolbar').textContent()).toContain('Máy quét mẫu: trang chỉ để luyện tập');
    await page.locator('[name=scanSource]').selectOption('adf-duplex');
    await intake.component(0).getByRole('button', { name: 'Quét vào thành phần này' }).click();
    await expect.poll(() => intake.component(0).getByTestId('page-thumb').count(), { timeout: 90_000 }).toBe(20);
    await expect.poll(() => page.getByTestId('scan-status').textContent()).toContain('Đã quét xong 20 trang.');
    // Main has nothing left to hand over: every page was stored and acknowledged.
    expect(await page.evaluate(async () => (await window.desk!.scan.pending()).ok && (await window.desk!.scan.pending()))).toMatchObject({ ok: true, value: [] });

    await page.reload();
    await intake.openList();
    await expect.poll(() => intake.rows().first().locator('td').nth(3).textContent()).toBe('20');
    expect(errors).toEqual([]);
  });

  it('shows a jammed SANE scanner in Vietnamese', async () => {
    const { page } = await desk.openApp();
    const intake = new IntakePage(page);
    await intake.chooseProcedure('trung tam nghien cuu');
    await expect.poll(() => page.locator('[name=scanDevice] option').count()).toBeGreaterThanOrEqual(3);
    await page.locator('[name=scanDevice]').selectOption('sane:test:1');
    await intake.component(0).getByRole('button', { name: 'Quét vào thành phần này' }).click();
    await expect.poll(() => page.getByTestId('scan-status').textContent(), { timeout: 60_000 }).toContain('Máy quét bị kẹt giấy');
    expect(await intake.component(0).getByTestId('page-thumb').count()).toBe(0);
  });
});
