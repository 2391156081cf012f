import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useDesk } from './support/deskFixture';
import { IntakePage } from './pages/IntakePage';
import { saneTestEnvironment } from '../support/saneTestBackend';
import { gatedScanimage } from '../support/gatedScanimage';

// SANE is the real scanimage held at a gate: it is still looking until the test opens it.
const gate = gatedScanimage();
// A configured hot folder that is a file: that backend fails, and says so by name.
const notAFolder = path.join(mkdtempSync(path.join(os.tmpdir(), 'motcua-hot-')), 'may-quet.txt');
writeFileSync(notAFolder, 'một tệp, không phải thư mục');

const desk = useDesk({
  serviceOptions: {
    scanners: {
      sane: { scanimage: gate.scanimage, env: { ...saneTestEnvironment(), ...gate.env } },
      folders: { folders: [{ path: notAFolder, name: 'Thư mục của máy quét A' }] },
    },
  },
});

describe('the scanner list in Chromium', () => {
  it('shows the demo scanner while SANE is still looking, then the SANE devices, with the failing backend named', async () => {
    const { page, errors } = await desk.openApp();
    const intake = new IntakePage(page);
    await intake.chooseProcedure('trung tam nghien cuu');
    const toolbar = page.getByTestId('scan-toolbar');
    await gate.started();
    await expect.poll(() => page.locator('[name=scanDevice] option').allTextContents()).toEqual(['Máy quét mẫu (chế độ đào tạo)']);
    expect(await page.locator('[name=scanDevice]').inputValue()).toBe('demo:1');
    await expect.poll(() => toolbar.getByTestId('scanner-backend-error').allTextContents()).toEqual([expect.stringMatching(/^Thư mục quét: Không đọc được một thư mục quét đã cấu hình/)]);
    // SANE has not answered (its scanimage waits at the gate): still looking, and not "no scanner".
    expect(await toolbar.getByTestId('scanner-search').textContent()).toBe('Đang tìm máy quét…');
    expect(await toolbar.textContent()).not.toContain('Chưa có máy quét nào');
    // The demo scanner can be used at once.
    expect(await intake.component(0).getByRole('button', { name: 'Quét vào thành phần này' }).isEnabled()).toBe(true);

    gate.open();
    await expect.poll(() => page.locator('[name=scanDevice] option').count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator('[name=scanDevice] option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value))).toEqual(expect.arrayContaining(['demo:1', 'sane:test:0', 'sane:test:1']));
    await expect.poll(() => toolbar.getByTestId('scanner-search').count()).toBe(0);
    // The officer's choice is kept when a slower backend answers.
    expect(await page.locator('[name=scanDevice]').inputValue()).toBe('demo:1');
    expect(await toolbar.getByTestId('scanner-backend-error').count()).toBe(1);
    expect(await toolbar.textContent()).not.toContain('Chưa có máy quét nào');
    expect(errors).toEqual([]);
  });
});
