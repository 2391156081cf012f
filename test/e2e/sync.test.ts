import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { useDesk } from './support/deskFixture';
import { IntakePage } from './pages/IntakePage';
import { startTestHub, type TestHub } from '../support/sync/startTestHub';
import { makePng } from '../support/makePng';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const port = await freePort();
const serverUrl = `http://127.0.0.1:${port}`;
// The desk is enrolled with the office hub beforehand; the hub then stays down until the test starts it.
const dir = await mkdtemp(path.join(os.tmpdir(), 'motcua-e2e-hub-'));
const enrolled = await startTestHub({ dir });
const TOKEN = enrolled.token;
await enrolled.close();
const desk = useDesk({ serviceOptions: { mode: 'production', sync: { serverUrl } } });
let gateway: TestHub | undefined;

afterAll(async () => {
  await gateway?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('sync in Chromium', () => {
  it('keeps a dossier made offline in the outbox and shows it delivered once the link is back', async () => {
    // Offline here is the hub not running yet: the test host's IPC travels over loopback too,
    // so the browser's own offline switch would cut the desk from its main process as well.
    const { page, errors } = await desk.openApp();

    // The token goes to main's secret store through the settings screen, never to IndexedDB.
    await page.getByRole('button', { name: 'Cấu hình bàn' }).click();
    await page.locator('[name="syncToken"]').fill(TOKEN);
    await page.getByRole('button', { name: 'Lưu đồng bộ' }).click();
    await expect.poll(() => page.getByText('Đã lưu cấu hình đồng bộ.').count()).toBe(1);
    expect(await page.getByText(/Đã lưu mã truy cập/).count()).toBe(1);
    const stored = await page.evaluate(async () => {
      const databases = await indexedDB.databases();
      return JSON.stringify(databases);
    });
    expect(stored).not.toContain(TOKEN);

    const intake = new IntakePage(page);
    await page.getByRole('button', { name: 'Tiếp nhận hồ sơ' }).click();
    await intake.chooseProcedure('1.014392.H38');
    await intake.fillApplicant({ idNumber: '001185123456', fullName: 'Trần Thị Bình', birthDate: '1985-03-12', gender: 'female', address: 'Số 3 phố Huế, Hà Nội' });
    await intake.save();
    await intake.addPages(0, [{ name: 'trang-1.png', mimeType: 'image/png', buffer: makePng(400, 560, 240) }]);
    const panel = page.getByTestId('seal-panel');
    await panel.getByRole('button', { name: 'Tiếp nhận hồ sơ và lập giấy hẹn' }).click();
    await expect.poll(() => panel.getByTestId('dossier-code').count(), { timeout: 30_000 }).toBe(1);
    const code = (await panel.getByTestId('dossier-code').textContent())!.trim();
    await expect.poll(() => panel.getByTestId('files-fingerprint').count(), { timeout: 150_000, interval: 1000 }).toBe(1);

    await intake.openList();
    const badge = page.getByTestId('dossier-row').filter({ hasText: code }).getByTestId('sync-badge');
    await expect.poll(() => badge.getAttribute('data-state'), { timeout: 20_000 }).toMatch(/queued|retrying/);
    await expect.poll(() => page.getByTestId('sync-indicator').textContent(), { timeout: 20_000 }).toContain('Mất kết nối với máy chủ');
    expect(await page.getByTestId('sync-waiting').textContent()).toContain('1 hồ sơ chờ gửi');

    gateway = await startTestHub({ dir, port });
    await expect.poll(() => badge.getAttribute('data-state'), { timeout: 30_000 }).toBe('delivered');
    expect(await badge.textContent()).toContain('Đã gửi');
    expect(await page.getByTestId('sync-waiting').textContent()).toContain('Không còn hồ sơ chờ gửi');
    const delivered = [...(await gateway.dossiers()).values()];
    expect(delivered.map((d) => d.metadata.code)).toEqual([code]);
    expect(delivered[0]!.deliveredAt).toBeTruthy();
    expect(delivered[0]!.metadata.applicant).toMatchObject({ idNumber: '001185123456', fullName: 'Trần Thị Bình' });
    expect(errors).toEqual([]);
  });
});
