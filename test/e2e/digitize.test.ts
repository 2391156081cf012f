import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useDesk } from './support/deskFixture';
import { IntakePage } from './pages/IntakePage';
import { renderTestPages } from '../support/ocr/renderTestPages';
import { samplePage, sampleText } from '../support/ocr/vietnameseSamples';
import { characterErrorRate } from '../support/ocr/characterErrorRate';
import { filesFingerprint } from '../../preload/shared/domain/filesFingerprint';

const desk = useDesk();

function run(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8' });
  } catch (error) {
    throw new Error(`${command} failed or is missing (Debian packages poppler-utils, qpdf): ${(error as Error).message}`, { cause: error });
  }
}

describe('digitization after sealing, in Chromium', () => {
  it('OCRs the pages, packages a searchable PDF per component, prints the seal on the receipt and finds the dossier by its text', async () => {
    const sample = samplePage(1, 2);
    const [scan] = await renderTestPages(desk.browser, [{ sample, degradation: { dpi: 200, format: 'jpeg', rotationDeg: 0.6, seed: 5 } }]);
    const { page, errors } = await desk.openApp();
    const intake = new IntakePage(page);
    await intake.chooseProcedure('1.014392.H38');
    await intake.fillApplicant({ idNumber: '001085123456', fullName: 'Nguyễn Văn An', birthDate: '1985-03-12', gender: 'male', address: 'Số 12 phố Hàng Bạc, Hà Nội' });
    await intake.save();
    await intake.addPages(0, [{ name: 'to-khai.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(scan!.bytes) }]);
    const panel = page.getByTestId('seal-panel');
    await panel.getByRole('button', { name: 'Tiếp nhận hồ sơ và lập giấy hẹn' }).click();
    await expect.poll(() => panel.getByTestId('dossier-code').count(), { timeout: 30_000 }).toBe(1);

    // OCR runs in the renderer's worker pool, then packaging in its worker.
    const fingerprint = panel.getByTestId('files-fingerprint');
    await expect.poll(() => fingerprint.count(), { timeout: 150_000, interval: 1000 }).toBe(1);
    const shown = (await fingerprint.textContent())!;
    expect(shown).toMatch(/^[0-9A-F]{5}-[0-9A-F]{5}$/);

    const link = panel.getByTestId('digitized-file');
    expect(await link.count()).toBe(1);
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const file = await download.path();
    const bytes = readFileSync(file);
    expect(run('qpdf', ['--check', file])).toContain('No syntax or stream encoding errors');
    const text = run('pdftotext', ['-enc', 'UTF-8', file, '-']);
    const cer = characterErrorRate(sampleText(sample), text);
    expect(cer).toBeLessThan(0.15);
    // The fingerprint is reproducible by anyone holding the file.
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    expect(await filesFingerprint([{ name: download.suggestedFilename(), sha256 }])).toBe(shown);

    // The receipt was rebuilt with the seal.
    const [receipt] = await Promise.all([page.waitForEvent('download'), panel.getByTestId('receipt-download').click()]);
    expect(run('pdftotext', ['-enc', 'UTF-8', await receipt.path(), '-']).normalize('NFC')).toContain(`Mã đối chiếu tệp số hóa (SHA-256): ${shown}`);

    // Search by the words on the page, typed without accents.
    await intake.openList();
    await page.getByRole('searchbox').fill('nguoi yeu cau: nguyen van an');
    await expect.poll(() => page.getByTestId('search-hit').count(), { timeout: 10_000 }).toBe(1);
    expect(await page.getByTestId('search-hit').textContent()).toContain('Nguyễn Văn An');
    await page.getByRole('searchbox').fill('khong co dong nay');
    await expect.poll(() => intake.rows().count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
