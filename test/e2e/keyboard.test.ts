import { describe, expect, it } from 'vitest';
import { useDesk } from './support/deskFixture';
import { IntakePage } from './pages/IntakePage';

const desk = useDesk();

describe('keyboard-first intake in Chromium', () => {
  it('saves with Ctrl+S, seals with Ctrl+Enter and moves between screens with Alt+digit', async () => {
    const { page, errors } = await desk.openApp();
    const intake = new IntakePage(page);
    await intake.chooseProcedure('trung tam nghien cuu');
    await intake.fillApplicant({ idNumber: '001085123456', fullName: 'Nguyễn Văn An', birthDate: '1985-03-12', gender: 'male' });
    await page.keyboard.press('Control+s');
    await expect.poll(() => page.getByRole('status').allTextContents()).toContainEqual(expect.stringContaining('Đã lưu hồ sơ'));

    const panel = page.getByTestId('seal-panel');
    // Sealing is disabled until the override is given: the shortcut does nothing meanwhile.
    await page.keyboard.press('Control+Enter');
    expect(await panel.getByTestId('dossier-code').count()).toBe(0);
    await panel.locator('[name="sealOverride"]').check();
    await panel.locator('[name="sealOverrideReason"]').fill('Bản giấy nộp sau');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => panel.getByTestId('dossier-code').textContent(), { timeout: 20_000 }).toMatch(/^000\.00\.16\.H27-\d{6}-0001$/);

    // Alt+N leaves the sealed dossier for a fresh intake.
    await page.keyboard.press('Alt+n');
    await expect.poll(() => page.getByTestId('chosen-procedure').count()).toBe(0);
    expect(await page.getByPlaceholder('Tìm thủ tục theo tên hoặc mã…').count()).toBe(1);

    await page.keyboard.press('Alt+2');
    await expect.poll(() => intake.rows().count()).toBe(1);
    await page.keyboard.press('Alt+1');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).first().textContent()).toBe('Tiếp nhận hồ sơ mới');
    expect(errors).toEqual([]);
  });
});
