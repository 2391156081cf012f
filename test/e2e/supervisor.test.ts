import { execFile, execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright';
import readXlsxFile from 'read-excel-file/node';
import { useDesk } from './support/deskFixture';
import { IntakePage } from './pages/IntakePage';
import { SignInPage } from './pages/SignInPage';
import { AccountsPage } from './pages/AccountsPage';
import { makePng } from '../support/makePng';

const desk = useDesk();
const run = promisify(execFile);
const root = path.resolve(__dirname, '..', '..');

const OFFICER = { username: 'canbo1', displayName: 'Lê Văn Bình', role: 'officer' as const, password: 'Can-bo-tiep-nhan-01' };
const SUPERVISOR = { username: 'lanhdao', displayName: 'Trần Thị Cúc', role: 'supervisor' as const, password: 'Lanh-dao-bo-phan-01' };
const SLOW = { timeout: 30_000 };

/** Starts a dossier of procedure 1.014392.H38 with one page on its mandatory component; seals it when asked. */
async function intakeDossier(page: Page, fullName: string, seal: boolean): Promise<string | undefined> {
  const intake = new IntakePage(page);
  // Through the list and back: the intake screen then starts a new dossier.
  await intake.openList();
  await page.getByRole('button', { name: 'Tiếp nhận hồ sơ' }).first().click();
  await intake.chooseProcedure('1.014392.H38');
  await intake.fillApplicant({ idNumber: '001085123456', fullName, birthDate: '1985-03-12', gender: 'male' });
  await intake.save();
  await intake.addPages(0, [{ name: 'don.png', mimeType: 'image/png', buffer: makePng(240, 340, 1) }]);
  if (!seal) return undefined;
  const panel = page.getByTestId('seal-panel');
  await expect.poll(() => panel.getByTestId('missing-components').count()).toBe(0);
  await panel.getByRole('button', { name: 'Tiếp nhận hồ sơ và lập giấy hẹn' }).click();
  await expect.poll(() => panel.getByTestId('dossier-code').textContent(), SLOW).toMatch(/^000\.00\.16\.H27-260302-\d{4}$/);
  return (await panel.getByTestId('dossier-code').textContent()) ?? undefined;
}

async function bars(page: Page, chart: string): Promise<Record<string, number>> {
  const entries = await page
    .getByTestId(chart)
    .getByTestId('chart-bar')
    .evaluateAll((nodes) => nodes.map((node) => [node.getAttribute('data-label') ?? '', Number(node.getAttribute('data-value'))] as const));
  return Object.fromEntries(entries);
}

const figure = (page: Page, name: string) => page.getByTestId(`figure-${name}`).locator('dd').textContent();

describe('supervisor dashboard and review queue in Chromium', () => {
  it('counts the officer’s dossiers, sends one back for a rescan, and the officer sees it; an officer cannot open supervisor screens', async () => {
    const { page, errors } = await desk.openApp();
    await page.clock.setFixedTime(new Date('2026-03-02T09:30:00+07:00'));
    const accounts = new AccountsPage(page);
    await accounts.open();
    await accounts.create(OFFICER);
    await accounts.create(SUPERVISOR);
    const signIn = new SignInPage(page);
    await signIn.signOut();

    // The officer works: two received dossiers and a draft.
    await signIn.signIn(OFFICER.username, OFFICER.password);
    expect(await page.getByTestId('signed-in-officer').textContent()).toBe('Lê Văn Bình · Cán bộ tiếp nhận');
    const first = await intakeDossier(page, 'Nguyễn Văn An', true);
    const second = await intakeDossier(page, 'Phạm Thị Hoa', true);
    await intakeDossier(page, 'Đỗ Minh Khang', false);
    expect(first).not.toBe(second);

    // No supervisor screen for an officer: not in the navigation, and its shortcuts do nothing.
    const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
    expect(await nav.getByRole('button').locator('.nav-label').allTextContents()).toEqual(['Tiếp nhận hồ sơ', 'Danh sách hồ sơ', 'Danh mục thủ tục']);
    for (const key of ['Alt+4', 'Alt+5', 'Alt+6', 'Alt+7']) await page.keyboard.press(key);
    expect(await page.getByRole('heading', { name: 'Tình hình tiếp nhận' }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Cấu hình bàn' }).count()).toBe(0);
    await signIn.signOut();

    // The supervisor's dashboard shows exactly what the officer did today.
    await signIn.signIn(SUPERVISOR.username, SUPERVISOR.password);
    await page.getByRole('button', { name: 'Tổng hợp trong ngày' }).click();
    expect(await page.locator('[name="dashboardDay"]').inputValue()).toBe('02/03/2026');
    await expect.poll(() => figure(page, 'total')).toBe('3');
    expect(await figure(page, 'received')).toBe('2');
    expect(await figure(page, 'review')).toBe('2');
    expect(await bars(page, 'chart-officer')).toEqual({ 'Lê Văn Bình': 3 });
    expect(await bars(page, 'chart-status')).toEqual({ 'Được tiếp nhận': 2, 'Đã lưu': 1 });
    expect(Object.values(await bars(page, 'chart-procedure'))).toEqual([3]);
    // Digitization runs in the background after sealing; the rate follows it live.
    await expect.poll(() => figure(page, 'digitized'), { timeout: 90_000 }).toMatch(/^100\s?% \(2\/2\)$/);
    // The day's report as Excel, read back by an independent reader, and the register book as PDF.
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Xuất báo cáo Excel' }).click()]);
    expect(xlsx.suggestedFilename()).toBe('bao-cao-tiep-nhan-2026-03-02.xlsx');
    const sheets = await readXlsxFile(await xlsx.path());
    expect(sheets[0]!.data.at(-1)).toEqual([null, 'Tổng cộng', 2, 2, 0]);
    expect(sheets[1]!.data[1]).toEqual([1, 'Lê Văn Bình', 2, 2, 0]);
    const [book] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Sổ theo dõi hồ sơ (PDF)' }).click()]);
    const bookText = execFileSync('pdftotext', ['-enc', 'UTF-8', await book.path(), '-'], { encoding: 'utf8' }).normalize('NFC');
    expect(bookText).toContain('SỔ THEO DÕI HỒ SƠ');
    expect(bookText).toContain(first!);
    expect(bookText).toContain('Phạm Thị Hoa');
    // Another day has nothing.
    await page.locator('[name="dashboardDay"]').fill('2026-03-01');
    await expect.poll(() => figure(page, 'total')).toBe('0');

    // Review: open the first dossier, see its PDF drawn by pdf.js, send it back with a reason.
    await page.getByRole('button', { name: 'Kiểm tra hồ sơ' }).click();
    const row = page.getByTestId('review-row').filter({ hasText: first! });
    expect(await row.getByTestId('review-state').textContent()).toBe('Chờ kiểm tra');
    await row.getByRole('button', { name: 'Kiểm tra' }).click();
    await expect.poll(() => page.getByTestId('pdf-view').first().getAttribute('data-pages'), SLOW).toBe('1');
    await page.getByRole('button', { name: 'Trả về để quét lại' }).click();
    expect(await page.getByTestId('review-notice').textContent()).toMatch(/Hãy ghi lý do trả về/);
    await page.locator('[name="reviewReason"]').fill('Trang đơn bị mờ, quét lại ở 300 dpi');
    await page.getByRole('button', { name: 'Trả về để quét lại' }).click();
    await expect.poll(() => page.getByTestId('review-notice').textContent()).toBe('Đã trả hồ sơ về cho cán bộ tiếp nhận quét lại.');
    await page.getByRole('button', { name: 'Về hàng chờ' }).click();
    await page.getByTestId('review-row').filter({ hasText: second! }).getByRole('button', { name: 'Kiểm tra' }).click();
    await page.getByRole('button', { name: 'Đạt yêu cầu' }).click();
    await expect.poll(() => page.getByTestId('review-notice').textContent()).toBe('Đã ghi nhận hồ sơ đạt yêu cầu.');
    await page.getByRole('button', { name: 'Tổng hợp trong ngày' }).click();
    await expect.poll(() => figure(page, 'sent-back')).toBe('1');
    expect(await figure(page, 'review')).toBe('0');

    // The audit chain is exported through main and verifies with the command-line tool.
    await page.getByRole('button', { name: 'Xuất và kiểm tra nhật ký' }).click();
    await expect.poll(() => page.getByTestId('audit-export-result').textContent()).toMatch(/Nhật ký toàn vẹn: \d+ mục/);
    const exportsDir = path.join(desk.host.dataDir, 'audit-exports');
    const [exported] = readdirSync(exportsDir);
    const { stdout } = await run(path.join(root, 'node_modules', '.bin', 'tsx'), ['main/cli.ts', 'audit', 'verify', '--data-dir', desk.host.dataDir, path.join(exportsDir, exported!)], { cwd: root });
    expect(stdout).toMatch(/^HỢP LỆ: Nhật ký toàn vẹn/);
    await signIn.signOut();

    // The officer sees what was sent back, with the reason.
    await signIn.signIn(OFFICER.username, OFFICER.password);
    await new IntakePage(page).openList();
    await expect.poll(() => page.getByTestId('rescan-notice').textContent()).toBe('Có 1 hồ sơ của bạn bị lãnh đạo trả về để quét lại.');
    const badges = page.getByTestId('dossier-row').filter({ hasText: first! }).getByTestId('rescan-badge');
    expect(await badges.textContent()).toBe('Cần quét lại: Trang đơn bị mờ, quét lại ở 300 dpi');
    expect(await page.getByTestId('rescan-badge').count()).toBe(1);
    expect(errors).toEqual([]);
  });

  it('throttles wrong passwords: the right one is refused too until the wait is over', async () => {
    const { page, errors } = await desk.openApp();
    const signIn = new SignInPage(page);
    await signIn.signOut();
    expect(await signIn.attempt('quantri', 'sai-mat-khau-1')).toBe('Sai tên đăng nhập hoặc mật khẩu.');
    expect(await signIn.attempt('quantri', 'sai-mat-khau-2')).toBe('Sai tên đăng nhập hoặc mật khẩu.');
    expect(await signIn.attempt('quantri', 'sai-mat-khau-3')).toBe('Sai tên đăng nhập hoặc mật khẩu. Nhập sai nhiều lần. Vui lòng chờ 2 giây trước khi thử lại.');
    expect(await signIn.attempt('quantri', 'Quan-tri-Thu-nghiem-2026')).toMatch(/^Nhập sai nhiều lần\. Vui lòng chờ [12] giây trước khi thử lại\.$/);
    // A reload does not reset the count: the next mistake waits twice as long.
    await page.reload();
    await page.waitForTimeout(2_100);
    expect(await signIn.attempt('quantri', 'sai-mat-khau-4')).toBe('Sai tên đăng nhập hoặc mật khẩu. Nhập sai nhiều lần. Vui lòng chờ 4 giây trước khi thử lại.');
    await page.waitForTimeout(4_100);
    expect(await signIn.attempt('quantri', 'Quan-tri-Thu-nghiem-2026')).toBeUndefined();
    expect(errors).toEqual([]);
  });
});

describe('idle lock in Chromium', () => {
  it('locks the screen after the configured idle time, keeps the work underneath, and opens only with the password', async () => {
    const { page, errors } = await desk.openApp();
    await page.clock.install();
    await page.getByRole('button', { name: 'Tài khoản', exact: true }).click();
    await page.locator('[name="idleMinutes"]').fill('2');
    await page.getByRole('button', { name: 'Lưu thời gian tự khóa' }).click();
    await page.getByTestId('accounts-notice').filter({ hasText: 'Đã lưu thời gian tự khóa màn hình.' }).waitFor();
    await page.getByRole('button', { name: 'Tiếp nhận hồ sơ' }).first().click();
    const intake = new IntakePage(page);
    await intake.chooseProcedure('1.014392.H38');
    await intake.field('fullName').fill('Nguyễn Văn An');

    // Activity restarts the count: one minute, a key, another 90 seconds — still open.
    await page.clock.runFor(60_000);
    await page.keyboard.press('Shift');
    await page.clock.runFor(90_000);
    expect(await page.getByTestId('auth-unlock').count()).toBe(0);
    await page.clock.runFor(31_000);
    await page.getByTestId('auth-unlock').waitFor();
    expect(await intake.field('fullName').isVisible()).toBe(false);

    const unlock = page.getByTestId('auth-unlock');
    await unlock.locator('[name="password"]').fill('khong-dung-mat-khau');
    await unlock.getByRole('button', { name: 'Mở khóa' }).click();
    await expect.poll(() => unlock.getByTestId('auth-problem').textContent()).toBe('Sai tên đăng nhập hoặc mật khẩu.');
    await unlock.locator('[name="password"]').fill('Quan-tri-Thu-nghiem-2026');
    await unlock.getByRole('button', { name: 'Mở khóa' }).click();
    await page.getByTestId('auth-unlock').waitFor({ state: 'detached' });
    // What was typed before the lock is still there.
    expect(await intake.field('fullName').inputValue()).toBe('Nguyễn Văn An');
    expect(errors).toEqual([]);
  });
});
