/**
 * One office: three reception desks and a supervisor desk, each a Chromium profile of its own with
 * its own main services (test host), enrolled with one office hub. The desks take dossiers while
 * the hub is down, deliver them when it is up; the supervisor desk reads the whole office from the
 * hub (figures per desk, the review queue), opens each desk's PDF (checked byte for byte against
 * what that desk delivered), accepts two and sends one back, and only that desk shows it. That desk
 * scans the page again, digitizes again, and the hub takes it as revision 2: the supervisor sees it
 * waiting for review with the new PDF.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright';
import { startTestHost, type TestHost } from '../host/startTestHost';
import { launchChromium } from './support/launchChromium';
import { SignInPage } from './pages/SignInPage';
import { IntakePage } from './pages/IntakePage';
import { readStoredDossier } from './support/readStoredDossier';
import { readOfficeCache } from './support/readOfficeCache';
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

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const SLOW = { timeout: 30_000 };
const REASON = 'Trang 1 bị mờ, quét lại ở 300 dpi';

interface Desk {
  name: string;
  officer: string;
  role: 'desk' | 'supervisor';
  token: string;
  host: TestHost;
  context: BrowserContext;
  page: Page;
  errors: string[];
}

const port = await freePort();
const serverUrl = `http://127.0.0.1:${port}`;
const dir = await mkdtemp(path.join(os.tmpdir(), 'motcua-e2e-office-'));
let browser: Browser | undefined;
let hub: TestHub | undefined;
const desks: Desk[] = [];

/** Enrols a desk as the hub's administrator would hand it a code: the code goes over the enrol route. */
async function enrol(testHub: TestHub, deskName: string, role: 'desk' | 'supervisor'): Promise<string> {
  const { code } = await testHub.hub.store.createEnrolmentCode({ deskName, role });
  const response = await fetch(`${testHub.hub.url}/api/v1/enrol`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code }) });
  expect(response.status).toBe(201);
  const enrolled = (await response.json()) as { token: string; role: string; deskName: string };
  expect(enrolled).toMatchObject({ role, deskName });
  return enrolled.token;
}

beforeAll(async () => {
  // Enrolled beforehand; the hub then stays down while the desks take their dossiers.
  const enrolling = await startTestHub({ dir });
  const plan = [
    { name: 'Bàn 1', officer: 'Nguyễn Thị Một', role: 'desk' as const },
    { name: 'Bàn 2', officer: 'Trần Văn Hai', role: 'desk' as const },
    { name: 'Bàn 3', officer: 'Lê Thị Ba', role: 'desk' as const },
    { name: 'Bàn lãnh đạo', officer: 'Phạm Lãnh Đạo', role: 'supervisor' as const },
  ];
  const tokens = [];
  for (const desk of plan) tokens.push(await enrol(enrolling, desk.name, desk.role));
  await enrolling.close();
  browser = await launchChromium();
  for (const [i, desk] of plan.entries()) {
    const host = await startTestHost({ serviceOptions: { mode: 'production', sync: { serverUrl } } });
    const context = await browser.newContext({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', viewport: { width: 1366, height: 860 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    desks.push({ ...desk, token: tokens[i]!, host, context, page, errors });
  }
});

afterAll(async () => {
  for (const desk of desks) await desk.context.close();
  await browser?.close();
  for (const desk of desks) await desk.host.close();
  await hub?.close();
  await rm(dir, { recursive: true, force: true });
});

/** First run, the desk's number among the office's three desks, and the hub's address and token (Cấu hình bàn → Đồng bộ). */
async function setUpDesk(desk: Desk, number: number): Promise<void> {
  const { page } = desk;
  await page.goto(desk.host.url);
  await new SignInPage(page).createFirstAdmin({ username: 'quantri', displayName: desk.officer, password: 'Quan-tri-Thu-nghiem-2026' });
  await page.getByRole('button', { name: 'Cấu hình bàn' }).click();
  await page.locator('[name="deskNumber"]').fill(String(number));
  await page.locator('[name="deskCount"]').fill('4');
  await page.getByRole('button', { name: 'Lưu cấu hình' }).click();
  await expect.poll(() => page.getByText('Đã lưu cấu hình; các hồ sơ tiếp nhận từ giờ dùng cấu hình mới.').count()).toBe(1);
  await page.locator('[name="syncToken"]').fill(desk.token);
  await page.getByRole('button', { name: 'Lưu đồng bộ' }).click();
  await expect.poll(() => page.getByText('Đã lưu cấu hình đồng bộ.').count()).toBe(1);
}

/** A dossier received and digitized at the desk, with one imported page; resolves with its code. */
async function receiveDossier(desk: Desk, fullName: string, shade: number): Promise<string> {
  const { page } = desk;
  const intake = new IntakePage(page);
  await intake.openList();
  await page.getByRole('button', { name: 'Tiếp nhận hồ sơ' }).first().click();
  await intake.chooseProcedure('1.014392.H38');
  await intake.fillApplicant({ idNumber: '001185123456', fullName, birthDate: '1985-03-12', gender: 'female', address: 'Số 3 phố Huế, Hà Nội' });
  await intake.save();
  await intake.addPages(0, [{ name: 'trang-1.png', mimeType: 'image/png', buffer: makePng(400, 560, shade) }]);
  const panel = page.getByTestId('seal-panel');
  await panel.getByRole('button', { name: 'Tiếp nhận hồ sơ và lập giấy hẹn' }).click();
  await expect.poll(() => panel.getByTestId('dossier-code').count(), SLOW).toBe(1);
  const code = (await panel.getByTestId('dossier-code').textContent())!.trim();
  await expect.poll(() => panel.getByTestId('files-fingerprint').count(), { timeout: 150_000, interval: 1000 }).toBe(1);
  return code;
}

async function bars(page: Page, chart: string): Promise<Record<string, number>> {
  const entries = await page
    .getByTestId(chart)
    .getByTestId('chart-bar')
    .evaluateAll((nodes) => nodes.map((node) => [node.getAttribute('data-label') ?? '', Number(node.getAttribute('data-value'))] as const));
  return Object.fromEntries(entries);
}

const officeFigure = (page: Page, name: string) => page.getByTestId(`office-figure-${name}`).locator('dd').textContent();

describe('the office hub with three desks and a supervisor desk in Chromium', () => {
  it('delivers every desk\'s offline intake, shows it office-wide at the supervisor desk, sends one back to the right desk only, and takes its rescan as revision 2', async () => {
    const [one, two, three, supervisor] = desks as [Desk, Desk, Desk, Desk];
    for (const [i, desk] of desks.entries()) await setUpDesk(desk, i + 1);

    // Offline (the hub is not running): desk 1 takes two dossiers, desks 2 and 3 one each, at the same time.
    const codes = await Promise.all([
      (async () => [await receiveDossier(one, 'Đỗ Thị Lan', 200), await receiveDossier(one, 'Vũ Văn Nam', 180)])(),
      (async () => [await receiveDossier(two, 'Hoàng Minh Châu', 220)])(),
      (async () => [await receiveDossier(three, 'Bùi Thị Hạnh', 160)])(),
    ]);
    expect(new Set(codes.flat()).size).toBe(4);
    for (const desk of [one, two, three]) {
      await new IntakePage(desk.page).openList();
      await expect.poll(() => desk.page.getByTestId('sync-indicator').textContent(), { timeout: 30_000 }).toContain('Mất kết nối với máy chủ');
    }

    hub = await startTestHub({ dir, port });
    for (const [i, desk] of [one, two, three].entries()) {
      for (const code of codes[i]!) {
        const badge = desk.page.getByTestId('dossier-row').filter({ hasText: code }).getByTestId('sync-badge');
        await expect.poll(() => badge.getAttribute('data-state'), { timeout: 60_000 }).toBe('delivered');
      }
    }
    const delivered = await hub.dossiers();
    expect([...delivered.values()].map((dossier) => dossier.metadata.code).sort()).toEqual(codes.flat().sort());

    // A reception desk is not a supervisor desk: no office-wide view there.
    await one.page.getByRole('button', { name: 'Tổng hợp trong ngày' }).click();
    await one.page.getByTestId('dashboard-figures').waitFor();
    expect(await one.page.getByTestId('office-overview').count()).toBe(0);

    // The supervisor desk: the office's figures per desk, officer and status, from the hub.
    const boss = supervisor.page;
    await boss.getByRole('button', { name: 'Tổng hợp trong ngày' }).click();
    await expect.poll(() => officeFigure(boss, 'total'), SLOW).toBe('4');
    expect(await officeFigure(boss, 'delivered')).toBe('4');
    expect(await officeFigure(boss, 'pending')).toBe('4');
    expect(await bars(boss, 'office-chart-desk')).toEqual({ 'Bàn 1': 2, 'Bàn 2': 1, 'Bàn 3': 1 });
    expect(await bars(boss, 'office-chart-officer')).toEqual({ 'Nguyễn Thị Một': 2, 'Trần Văn Hai': 1, 'Lê Thị Ba': 1 });
    expect(await bars(boss, 'office-chart-status')).toEqual({ 'Được tiếp nhận': 4 });
    const fetchedAt = (await boss.getByTestId('office-fetched-at').textContent())!;
    expect(fetchedAt).toMatch(/^cập nhật lúc \d{2}:\d{2} \d{2}\/\d{2}\/\d{4}$/);

    // Offline, the supervisor desk still shows the figures it last fetched, with their time.
    await hub.close();
    hub = undefined;
    await boss.reload();
    await boss.getByRole('button', { name: 'Tổng hợp trong ngày' }).click();
    await expect.poll(() => boss.getByTestId('office-error').textContent(), SLOW).toBe(`Không kết nối được máy chủ văn phòng. Kiểm tra mạng rồi thử lại. Đang hiển thị số liệu ${fetchedAt}.`);
    expect(await officeFigure(boss, 'total')).toBe('4');
    expect(await bars(boss, 'office-chart-desk')).toEqual({ 'Bàn 1': 2, 'Bàn 2': 1, 'Bàn 3': 1 });
    hub = await startTestHub({ dir, port });

    // The review queue across the office: one dossier of each desk, each PDF drawn from the hub's bytes.
    await boss.getByRole('button', { name: 'Kiểm tra hồ sơ' }).click();
    await expect.poll(() => boss.getByTestId('office-review-row').count(), SLOW).toBe(4);
    const decisions: Array<[Desk, 'accepted' | 'rescan']> = [
      [one, 'accepted'],
      [two, 'rescan'],
      [three, 'accepted'],
    ];
    const reviewed = new Map<Desk, string>();
    for (const [desk, decision] of decisions) {
      const stored = await readStoredDossier(desk.page);
      const code = delivered.get(stored.dossierId)!.metadata.code;
      reviewed.set(desk, code);
      const row = boss.getByTestId('office-review-row').filter({ hasText: code });
      expect(await row.getAttribute('data-desk')).toBe(desk.name);
      expect(await row.getByTestId('office-review-state').textContent()).toBe('Chờ kiểm tra');
      await row.getByRole('button', { name: 'Kiểm tra' }).click();
      const view = boss.getByTestId('office-review-dossier');
      await expect.poll(() => view.getByTestId('pdf-view').first().getAttribute('data-pages'), SLOW).toBe('1');
      // What the supervisor opened is byte for byte the PDF the desk made and delivered.
      const opened = await readOfficeCache(boss, stored.dossierId);
      expect(opened.map((file) => file.name)).toEqual(stored.files.map((file) => file.name));
      for (const file of stored.files) {
        const shown = opened.find((entry) => entry.name === file.name)!;
        expect(sha256(shown.data)).toBe(sha256(file.data));
        expect(sha256(shown.data)).toBe(file.sha256);
        expect(await hub.fileSha256(stored.dossierId, file.name)).toBe(file.sha256);
      }
      if (decision === 'rescan') {
        await view.getByRole('button', { name: 'Trả về để quét lại' }).click();
        expect(await view.getByTestId('review-notice').textContent()).toMatch(/Hãy ghi lý do trả về/);
        await view.locator('[name="reviewReason"]').fill(REASON);
        await view.getByRole('button', { name: 'Trả về để quét lại' }).click();
        await expect.poll(() => view.getByTestId('review-notice').textContent(), SLOW).toBe('Đã trả hồ sơ về cho cán bộ tiếp nhận quét lại.');
      } else {
        await view.getByRole('button', { name: 'Đạt yêu cầu' }).click();
        await expect.poll(() => view.getByTestId('review-notice').textContent(), SLOW).toBe('Đã ghi nhận hồ sơ đạt yêu cầu.');
      }
      await view.getByRole('button', { name: 'Về hàng chờ' }).click();
    }
    const sentBackRow = boss.getByTestId('office-review-row').filter({ hasText: reviewed.get(two)! });
    await expect.poll(() => sentBackRow.getByTestId('office-review-state').textContent(), SLOW).toBe(`Trả về quét lại: ${REASON}`);
    // A PDF whose bytes at the hub are no longer what its desk declared is refused, not shown.
    const other = [...delivered.values()].find((dossier) => codes[0]!.includes(dossier.metadata.code) && dossier.metadata.code !== reviewed.get(one))!;
    const stored = (await hub.hub.store.dossier(other.id))!.files[0]!;
    const tampered = await open(path.join(hub.hub.filesDir, stored.uploadId!), 'r+');
    await tampered.write(Buffer.from('X'), 0, 1, Math.floor(stored.size / 2));
    await tampered.close();
    await boss.getByTestId('office-review-row').filter({ hasText: other.metadata.code }).getByRole('button', { name: 'Kiểm tra' }).click();
    await expect.poll(() => boss.getByTestId('office-file-error').textContent(), SLOW).toBe(`Tệp ${stored.name} tải về không khớp mã SHA-256 mà bàn tiếp nhận đã khai báo, nên không hiển thị. Bản tải về đã được bỏ; hãy thử tải lại. Tải lại`);
    expect(await boss.getByTestId('pdf-view').count()).toBe(0);
    expect(await readOfficeCache(boss, other.id)).toEqual([]);
    await boss.getByRole('button', { name: 'Về hàng chờ' }).click();

    await boss.getByRole('button', { name: 'Tổng hợp trong ngày' }).click();
    await expect.poll(() => officeFigure(boss, 'sent-back'), SLOW).toBe('1');
    expect(await officeFigure(boss, 'pending')).toBe('1');

    // Each desk pulls its own status feed (at start, then every minute): only desk 2 has work to redo.
    for (const desk of [one, two, three]) await desk.page.reload();
    for (const desk of [one, three]) {
      // The acceptance reached the desk: its own review queue shows the dossier accepted.
      await desk.page.getByRole('button', { name: 'Kiểm tra hồ sơ' }).click();
      const row = desk.page.getByTestId('review-row').filter({ hasText: reviewed.get(desk)! });
      await expect.poll(() => row.getByTestId('review-state').textContent(), { timeout: 60_000 }).toBe('Đạt');
      await new IntakePage(desk.page).openList();
      await desk.page.getByTestId('dossier-row').first().waitFor();
      expect(await desk.page.getByTestId('rescan-badge').count()).toBe(0);
      expect(await desk.page.getByTestId('rescan-notice').count()).toBe(0);
    }
    await new IntakePage(two.page).openList();
    const badge = two.page.getByTestId('dossier-row').filter({ hasText: reviewed.get(two)! }).getByTestId('rescan-badge');
    await expect.poll(() => badge.textContent(), { timeout: 60_000 }).toBe(`Cần quét lại: ${REASON}`);
    expect(await two.page.getByTestId('rescan-notice').textContent()).toBe('Có 1 hồ sơ của bạn bị lãnh đạo trả về để quét lại.');
    expect(await two.page.getByTestId('rescan-badge').count()).toBe(1);

    // Desk 2 scans the sent-back dossier again (the blurred page replaced), digitizes it again, and it
    // goes to the hub as revision 2: the supervisor sees it waiting for review with the new PDF.
    const firstRevision = await readStoredDossier(two.page);
    const sentBackId = firstRevision.dossierId;
    expect(delivered.get(sentBackId)!.metadata.code).toBe(reviewed.get(two));
    await two.page.getByTestId('dossier-row').filter({ hasText: reviewed.get(two)! }).getByRole('button', { name: 'Mở' }).click();
    const twoIntake = new IntakePage(two.page);
    await twoIntake.addPages(0, [{ name: 'trang-1-quet-lai.png', mimeType: 'image/png', buffer: makePng(400, 560, 90) }]);
    await expect.poll(() => twoIntake.component(0).getByRole('button', { name: 'Xóa trang 2' }).count(), SLOW).toBe(1);
    await twoIntake.component(0).getByRole('button', { name: 'Xóa trang 1' }).click();
    await expect.poll(() => twoIntake.component(0).getByRole('button', { name: 'Xóa trang 2' }).count(), SLOW).toBe(0);
    const stale = two.page.getByTestId('digitize-stale');
    await expect.poll(() => stale.count(), SLOW).toBe(1);
    const fingerprint = two.page.getByTestId('files-fingerprint');
    const firstFingerprint = await fingerprint.textContent();
    await stale.getByRole('button', { name: 'Số hóa lại' }).click();
    await expect.poll(async () => ((await fingerprint.count()) === 1 ? fingerprint.textContent() : undefined), { timeout: 150_000, interval: 1000 }).not.toBe(firstFingerprint);
    await expect.poll(() => stale.count(), SLOW).toBe(0);
    const secondRevision = await readStoredDossier(two.page);
    expect(secondRevision.dossierId).toBe(sentBackId);
    expect(secondRevision.files).toHaveLength(1);
    const rescanned = secondRevision.files[0]!;
    expect(rescanned.sha256).not.toBe(firstRevision.files[0]!.sha256);
    await expect.poll(async () => {
      const atHub = await hub!.hub.store.dossier(sentBackId);
      return atHub && atHub.deliveredAt ? [atHub.revision, atHub.files.map((file) => file.sha256)] : undefined;
    }, { timeout: 60_000 }).toEqual([2, [rescanned.sha256]]);
    expect(await hub.fileSha256(sentBackId, rescanned.name)).toBe(rescanned.sha256);

    await boss.getByRole('button', { name: 'Kiểm tra hồ sơ' }).click();
    const revisedRow = boss.getByTestId('office-review-row').filter({ hasText: reviewed.get(two)! });
    await expect.poll(() => revisedRow.getByTestId('office-review-state').textContent(), SLOW).toBe('Chờ kiểm tra');
    await revisedRow.getByRole('button', { name: 'Kiểm tra' }).click();
    const revisedView = boss.getByTestId('office-review-dossier');
    await expect.poll(() => revisedView.getByTestId('pdf-view').first().getAttribute('data-pages'), SLOW).toBe('1');
    // The supervisor's desk fetched the new revision's PDF, byte for byte what desk 2 made again.
    const openedAgain = (await readOfficeCache(boss, sentBackId)).filter((file) => file.name === rescanned.name).map((file) => sha256(file.data));
    expect(openedAgain).toContain(rescanned.sha256);
    expect(sha256(rescanned.data)).toBe(rescanned.sha256);

    for (const desk of desks) expect(desk.errors).toEqual([]);
  });
});
