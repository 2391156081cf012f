/**
 * The supervisor desk's line for the hub's relay to the national portal, in Chromium against a
 * real hub and a replica of the portal: one dossier of a procedure with no portal mapping is held
 * (its reason listed in Vietnamese), one waits while the portal is unreachable, one went through.
 * The line is kept in IndexedDB: with the hub gone it still shows, with when it was fetched.
 * Before that, the desk replaces its procedure catalog with the one the hub pulled from the portal.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright';
import { startTestHost, type TestHost } from '../host/startTestHost';
import { launchChromium } from './support/launchChromium';
import { SignInPage } from './pages/SignInPage';
import { deliverToHub } from '../support/hub/deliverToHub';
import { PORTAL_PROCEDURE_DETAILS } from '../support/portal/portalCatalogFixture';
import { AGENCY, PROCEDURES, portalSettingsFor, startPortalOffice, until, type PortalOffice } from '../support/portal/portalOffice';

const SLOW = { timeout: 30_000 };
const uuid = (n: number) => `5b1e0000-0000-4000-8000-${String(n).padStart(12, '0')}`;

let dir: string;
let office: PortalOffice;
let host: TestHost;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'motcua-e2e-portal-line-'));
  office = await startPortalOffice({ dataDir: dir }, { procedureDetails: PORTAL_PROCEDURE_DETAILS });
  host = await startTestHost({ serviceOptions: { mode: 'production', sync: { serverUrl: office.hub.url } } });
  browser = await launchChromium();
  context = await browser.newContext({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', viewport: { width: 1366, height: 860 } });
  page = await context.newPage();
  page.on('pageerror', (error) => errors.push(error.message));
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await host?.close();
  // The test closed the hub already; the replica is left.
  await office?.replica.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the national portal line on the supervisor desk in Chromium', () => {
  it('replaces the desk catalog with the portal’s through the hub, shows waiting and held rows with the held reason, and keeps the line when the hub is gone', async () => {
    const { hub, replica, desks } = office;
    for (const [local, mapping] of Object.entries(PROCEDURES)) expect((await office.admin('PUT', `procedures/${encodeURIComponent(local)}`, mapping)).status).toBe(200);
    expect((await office.admin('PUT', `agencies/${encodeURIComponent(AGENCY.code)}`, { madonvi: AGENCY.madonvi, name: AGENCY.name })).status).toBe(200);
    expect((await office.admin('PUT', 'config', portalSettingsFor(replica))).status).toBe(200);
    const pulled = await office.admin('POST', 'catalog');
    expect(pulled.body).toMatchObject({ replaced: true, procedures: 2 });
    const summary = async () => (await office.admin('GET', 'summary')).body as { waiting: number; held: number; acknowledged: number };

    const sent = await deliverToHub(hub, desks.a.token, { id: uuid(1), code: `${AGENCY.code}-261203-0001`, procedureCode: '1.004366', receivedAt: '20261203081500', sizes: [2_000], seed: 3 });
    await deliverToHub(hub, desks.a.token, { id: uuid(2), code: `${AGENCY.code}-261203-0002`, procedureCode: '3.000111', receivedAt: '20261203083000', sizes: [2_000], seed: 5 });
    await until('one row sent and one held', async () => {
      const now = await summary();
      return now.held === 1 && now.waiting === 0 && now.acknowledged >= 1;
    });
    expect(replica.dossiers.has(sent.metadata.code)).toBe(true);
    // The portal is unreachable: the next dossier waits.
    await replica.down();
    await deliverToHub(hub, desks.b.token, { id: uuid(3), code: `${AGENCY.code}-261203-0003`, procedureCode: '2.000012', receivedAt: '20261203090000', sizes: [2_000], seed: 7 });
    await until('a row waiting', async () => (await summary()).waiting === 1);

    await page.goto(host.url);
    await new SignInPage(page).createFirstAdmin({ username: 'quantri', displayName: 'Phạm Lãnh Đạo', password: 'Quan-tri-Thu-nghiem-2026' });
    await page.getByRole('button', { name: 'Cấu hình bàn' }).click();
    await page.locator('[name="syncToken"]').fill(desks.supervisor.token);
    await page.getByRole('button', { name: 'Lưu đồng bộ' }).click();
    await expect.poll(() => page.getByText('Đã lưu cấu hình đồng bộ.').count()).toBe(1);

    // The desk's catalog (the sample it starts with) replaced by the portal's, through the hub.
    await page.getByRole('button', { name: 'Danh mục thủ tục' }).first().click();
    const rows = page.getByTestId('catalog-row');
    expect(await rows.count()).toBeGreaterThan(0);
    expect(await rows.filter({ hasText: '1.001612' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Cập nhật danh mục từ máy chủ văn phòng' }).click();
    await expect.poll(() => page.getByTestId('catalog-from-hub-done').textContent(), SLOW).toBe('Đã thay danh mục bằng 2 thủ tục từ Cổng DVC quốc gia; giữ lại 0 thủ tục cũ vì còn hồ sơ dùng.');
    await expect.poll(() => rows.evaluateAll((nodes) => nodes.map((node) => [...node.querySelectorAll('td')].map((cell) => cell.textContent)))).toEqual([
      ['1.001612', 'Đăng ký khai sinh', '3', '3'],
      ['2.000908', 'Chứng thực bản sao từ bản chính', '0.5', '1'],
    ]);

    await page.getByRole('button', { name: 'Tổng hợp trong ngày' }).click();
    const line = page.getByTestId('office-portal-relay');
    await expect.poll(() => line.getByTestId('office-portal-line').textContent(), SLOW).toBe('Đồng bộ Cổng DVC quốc gia: chờ 1, lỗi 1');
    const reasons = await line.getByTestId('office-portal-held-reason').allTextContents();
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatch(/^Thủ tục "3\.000111" chưa được ánh xạ sang mã TTHC của Cổng DVC quốc gia .*\(1 hồ sơ\)$/);
    expect(await line.getByTestId('office-portal-held-reason').getAttribute('data-code')).toBe('unmapped-procedure');
    const fetchedAt = (await line.getByTestId('office-portal-fetched-at').textContent())!;
    expect(fetchedAt).toMatch(/^cập nhật lúc \d{2}:\d{2} \d{2}\/\d{2}\/\d{4}$/);

    // The hub goes away: the kept line stays, said to be from the time it was fetched.
    await hub.close();
    await line.getByRole('button', { name: 'Cập nhật' }).click();
    await expect.poll(() => line.getByTestId('office-portal-error').textContent(), SLOW).toContain(`Đang hiển thị số liệu ${fetchedAt}.`);
    expect(await line.getByTestId('office-portal-line').textContent()).toBe('Đồng bộ Cổng DVC quốc gia: chờ 1, lỗi 1');
    expect(errors).toEqual([]);
  }, 90_000);
});
