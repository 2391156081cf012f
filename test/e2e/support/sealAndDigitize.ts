import { expect } from 'vitest';
import type { Page } from 'playwright';
import { IntakePage } from '../pages/IntakePage';

/** An applicant the intake check accepts, for tests about what happens to the pages. */
const APPLICANT = { idNumber: '001085123456', fullName: 'Nguyễn Văn An', birthDate: '1985-03-12', gender: 'male', address: 'Số 12 phố Hàng Bạc, Hà Nội' };

/** Starts a dossier of the procedure with one mandatory component and a valid applicant, saved. */
export async function startDossier(page: Page): Promise<IntakePage> {
  const intake = new IntakePage(page);
  await intake.chooseProcedure('1.014392.H38');
  await intake.fillApplicant(APPLICANT);
  await intake.save();
  return intake;
}

/**
 * Seals the open dossier and waits until digitizing (OCR, then packaging) is over: resolves once the
 * files fingerprint shows, and fails with the desk's own message when digitizing failed.
 */
export async function sealAndDigitize(page: Page): Promise<void> {
  const panel = page.getByTestId('seal-panel');
  await panel.getByRole('button', { name: 'Tiếp nhận hồ sơ và lập giấy hẹn' }).click();
  await expect.poll(() => panel.getByTestId('dossier-code').count(), { timeout: 30_000 }).toBe(1);
  const outcome = async () => {
    if ((await panel.getByTestId('files-fingerprint').count()) === 1) return 'digitized';
    const failed = panel.getByTestId('digitize-status').getByRole('alert');
    return (await failed.count()) > 0 ? `failed: ${await failed.first().textContent()}` : 'running';
  };
  await expect.poll(outcome, { timeout: 150_000, interval: 500 }).not.toBe('running');
  expect(await outcome()).toBe('digitized');
}
