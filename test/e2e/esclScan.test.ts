import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEsclSimulator, type EsclSimulator } from '../support/escl/createEsclSimulator';
import { useDesk } from './support/deskFixture';
import { IntakePage } from './pages/IntakePage';

let sim: EsclSimulator;
// Registered before useDesk's hooks, so the simulator's port is known when the host starts.
beforeAll(async () => {
  sim = await createEsclSimulator({ makeAndModel: 'Máy quét mạng eSCL', sheets: 20 });
});
afterAll(() => sim.close());

const desk = useDesk({ esclUrls: () => [sim.url], serviceOptions: { scanners: { demo: false, sane: false, escl: { retryDelayMs: 50 } } } });

describe('scanning from a network (eSCL) scanner into a dossier in Chromium', () => {
  it('streams 20 colour pages at 200 dpi into the database as they arrive, through 503s and a dropped connection', async () => {
    sim.reset({ makeAndModel: 'Máy quét mạng eSCL', sheets: 20, location: 'relative', faults: { busyBeforePage: { 1: 2, 11: 3 }, dropDuringPage: { 7: 1 } } });
    const { page, errors } = await desk.openApp();
    const intake = new IntakePage(page);
    await intake.chooseProcedure('trung tam nghien cuu');
    await expect.poll(() => page.locator('[name=scanDevice] option').allTextContents()).toEqual(['Máy quét mạng eSCL']);
    expect(await page.locator('[name=scanColor]').inputValue()).toBe('color');
    expect(await page.locator('[name=scanDpi]').inputValue()).toBe('200');
    await intake.component(0).getByRole('button', { name: 'Quét vào thành phần này' }).click();
    await expect.poll(() => intake.component(0).getByTestId('page-thumb').count(), { timeout: 120_000 }).toBe(20);
    await expect.poll(() => page.getByTestId('scan-status').textContent()).toContain('Đã quét xong 20 trang.');
    expect(sim.jobs[0]).toMatchObject({ source: 'Feeder', colorMode: 'RGB24', dpi: 200, served: 20 });
    expect(await page.evaluate(async () => window.desk!.scan.pending())).toEqual({ ok: true, value: [] });

    // What is stored is what the scanner sent: 20 PNG pages of A4 at 200 dpi, in order.
    const stored = await page.evaluate(async () => {
      const open = indexedDB.open('mot-cua-desk');
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const all = await new Promise<Array<Record<string, unknown>>>((resolve, reject) => {
        const request = db.transaction('pages').objectStore('pages').getAll();
        request.onsuccess = () => resolve(request.result as Array<Record<string, unknown>>);
        request.onerror = () => reject(request.error);
      });
      db.close();
      // Page images are sealed at rest (AES-GCM): the stored ciphertext stands for the image bytes.
      return all.map((p) => ({ width: p.width, height: p.height, dpi: p.dpi, mime: p.mime, size: ((p.image as { data?: ArrayBuffer }).data?.byteLength ?? 0), sealed: (p.image as { $sealed?: number }).$sealed === 1, source: p.source }));
    });
    expect(stored).toHaveLength(20);
    for (const p of stored) expect(p).toMatchObject({ width: 1653, height: 2339, dpi: 200, mime: 'image/png', source: 'scan:Máy quét mạng eSCL' });
    expect(stored.every((p) => p.sealed && p.size > 1000)).toBe(true);

    await page.reload();
    await intake.openList();
    await expect.poll(() => intake.rows().first().locator('td').nth(3).textContent()).toBe('20');
    expect(errors).toEqual([]);
  });

  it('shows a jam in Vietnamese and keeps the pages scanned before it', async () => {
    sim.reset({ makeAndModel: 'Máy quét mạng eSCL', sheets: 10, faults: { jamAtPage: 5 } });
    const { page } = await desk.openApp();
    const intake = new IntakePage(page);
    await intake.chooseProcedure('trung tam nghien cuu');
    await expect.poll(() => page.locator('[name=scanDevice] option').count()).toBe(1);
    await intake.component(0).getByRole('button', { name: 'Quét vào thành phần này' }).click();
    await expect.poll(() => page.getByTestId('scan-status').textContent(), { timeout: 60_000 }).toContain('Máy quét bị kẹt giấy');
    await expect.poll(() => intake.component(0).getByTestId('page-thumb').count()).toBe(4);
  });

  it('tells the officer which resolution is used when the scanner lacks the one chosen', async () => {
    sim.reset({ makeAndModel: 'Máy quét mạng eSCL', sheets: 2, resolutions: [100, 150, 300] });
    const { page } = await desk.openApp();
    const intake = new IntakePage(page);
    await intake.chooseProcedure('trung tam nghien cuu');
    await expect.poll(() => page.locator('[name=scanDevice] option').count()).toBe(1);
    expect(await page.locator('[name=scanDpi]').inputValue()).toBe('200');
    await intake.component(0).getByRole('button', { name: 'Quét vào thành phần này' }).click();
    await expect.poll(() => page.getByTestId('scan-status').textContent(), { timeout: 60_000 }).toContain('Đã quét xong 2 trang.');
    expect(await page.getByTestId('scan-notice').allTextContents()).toEqual(['Máy quét không hỗ trợ 200 dpi, dùng 300 dpi']);
    expect(sim.jobs[0]).toMatchObject({ dpi: 300, served: 2 });
  });

  it('adds a network scanner typed in by its eSCL address, remembers it, and scans from it', async () => {
    const second = await createEsclSimulator({ makeAndModel: 'Máy quét tầng 2', sheets: 3 });
    try {
      const { page } = await desk.openApp();
      const intake = new IntakePage(page);
      await intake.chooseProcedure('trung tam nghien cuu');
      await page.locator('[name=networkScannerUrl]').fill('ftp://192.0.2.1/eSCL');
      await page.getByRole('button', { name: 'Thêm máy quét mạng' }).click();
      await expect.poll(() => page.getByRole('alert').allTextContents()).not.toEqual([]);
      await page.locator('[name=networkScannerUrl]').fill(`${second.url}/`);
      await page.getByRole('button', { name: 'Thêm máy quét mạng' }).click();
      await expect.poll(() => page.locator('[name=scanDevice] option:checked').textContent()).toBe('Máy quét tầng 2');
      await intake.component(0).getByRole('button', { name: 'Quét vào thành phần này' }).click();
      await expect.poll(() => intake.component(0).getByTestId('page-thumb').count(), { timeout: 60_000 }).toBe(3);
      // Remembered in the data folder for the next start.
      expect(JSON.parse(await readFile(path.join(desk.host.dataDir, 'escl-scanners.json'), 'utf8'))).toEqual({ urls: [second.url] });
    } finally {
      await second.close();
    }
  });
});
