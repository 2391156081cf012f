import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright';
import { PDFDict, PDFDocument, PDFHexString, PDFName } from 'pdf-lib';
import { useDesk } from './support/deskFixture';
import { SignInPage } from './pages/SignInPage';
import { AccountsPage } from './pages/AccountsPage';
import { formatLayoutProblems, layoutProblems, type LayoutProblem } from './support/measureLayout';
import { focusProblems, formatFocusProblems } from './support/measureFocus';
import { drawDemoPage } from '../../main/scan/demoScanner';

/** Two sheets in the demo feeder, so one component holds two different pages (demo pages 1 and 2). */
const desk = useDesk({ serviceOptions: { scanners: { demo: { sheets: 2 } } } });
const root = path.resolve(__dirname, '..', '..');
/** Screenshots of every screen at each window size: the CI artifact folder (test-results/ is ignored by git). */
const SHOTS = path.join(root, 'test-results', 'artifacts', 'first-hour');

const OFFICER = { username: 'canbo1', displayName: 'Lê Văn Bình', role: 'officer' as const, password: 'Can-bo-tiep-nhan-01' };
const SUPERVISOR = { username: 'lanhdao', displayName: 'Trần Thị Cúc', role: 'supervisor' as const, password: 'Lanh-dao-bo-phan-01' };
/** The procedure with three components (one mandatory), so every component gets scanned pages. */
const PROCEDURE = '1.014392.H38';
/**
 * How each component is scanned, in checklist order, and which demo pages it then holds (the demo
 * scanner numbers the pages of each job from 1): the feeder brings both sheets, the glass one; the
 * last one in grey, so every component's PDF looks different from the others (its red seal is grey).
 */
const SCANS = [
  { source: 'Khay nạp (một mặt)', colour: 'Màu', demoPages: [1, 2] },
  { source: 'Mặt kính', colour: 'Màu', demoPages: [1] },
  { source: 'Mặt kính', colour: 'Xám', demoPages: [1] },
];
const PAGES_PER_COMPONENT = SCANS.map((scan) => scan.demoPages.length);
const SLOW = { timeout: 30_000 };

/** The desk's common window sizes, each checked in full; the smallest supported one for the navigation. */
const FULL_SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
];
const NAV_SIZE = { width: 1280, height: 720 };

/**
 * Lays the current screen out at each window size, saves a screenshot per size, walks its tab order
 * and collects what does not fit or whose focus cannot be seen (the test fails on them at the end,
 * so one run lists every screen's problems).
 */
async function inspectScreen(page: Page, screen: string, found: string[], shots: string[]): Promise<void> {
  const record = (where: string, problems: string) => {
    if (problems) found.push(`${screen} ${where}:\n${problems}`);
  };
  const shoot = async (size: { width: number; height: number }) => {
    const file = path.join(SHOTS, `${size.width}x${size.height}-${screen}.png`);
    await page.screenshot({ path: file });
    shots.push(file);
  };
  for (const size of FULL_SIZES) {
    await page.setViewportSize(size);
    record(`at ${size.width}×${size.height}`, formatLayoutProblems(await layoutProblems(page)));
    await shoot(size);
  }
  await page.setViewportSize(NAV_SIZE);
  if ((await page.getByRole('navigation').count()) > 0) {
    const navProblems: LayoutProblem[] = await layoutProblems(page, { scope: 'nav' });
    record(`(navigation) at ${NAV_SIZE.width}×${NAV_SIZE.height}`, formatLayoutProblems(navProblems));
  }
  await shoot(NAV_SIZE);
  await page.setViewportSize(FULL_SIZES[0]!);
  record('(keyboard focus)', formatFocusProblems(await focusProblems(page)));
}

function pdfText(file: string): string {
  try {
    return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).normalize('NFC').replace(/\s+/g, ' ');
  } catch (error) {
    throw new Error(`pdftotext (Debian package poppler-utils) is required: ${(error as Error).message}`, { cause: error });
  }
}

/** The component a digitized PDF declares in its document information (`/Component`). */
function componentOf(pdf: PDFDocument): string | undefined {
  const value = pdf.context.lookup(pdf.context.trailerInfo.Info, PDFDict).lookup(PDFName.of('Component'));
  return value instanceof PDFHexString ? value.decodeText() : undefined;
}

/** A page reduced to a grid of mean luminances (0–255), so two renderings of it can be compared. */
const GRID = { columns: 24, rows: 34 };

/** The grid of what pdf.js drew on a review canvas, and how many of its pixels are seal red, read in the page. */
function canvasGrid(canvas: Locator): Promise<{ grid: number[]; red: number }> {
  return canvas.evaluate((element, grid) => {
    const drawn = element as HTMLCanvasElement;
    const pixels = drawn.getContext('2d')!.getImageData(0, 0, drawn.width, drawn.height).data;
    const sums = new Array<number>(grid.columns * grid.rows).fill(0);
    const counts = new Array<number>(grid.columns * grid.rows).fill(0);
    let red = 0;
    for (let y = 0; y < drawn.height; y += 1) {
      const row = Math.min(grid.rows - 1, Math.floor((y * grid.rows) / drawn.height));
      for (let x = 0; x < drawn.width; x += 1) {
        const cell = row * grid.columns + Math.min(grid.columns - 1, Math.floor((x * grid.columns) / drawn.width));
        const i = (y * drawn.width + x) * 4;
        sums[cell]! += 0.299 * pixels[i]! + 0.587 * pixels[i + 1]! + 0.114 * pixels[i + 2]!;
        counts[cell]! += 1;
        if (pixels[i]! > 150 && pixels[i + 1]! < 110 && pixels[i + 2]! < 110) red += 1;
      }
    }
    return { grid: sums.map((sum, cell) => sum / counts[cell]!), red };
  }, GRID);
}

/** The same grid of a demo page drawn again in Node, apart from the desk. */
function demoGrid(pageNumber: number): number[] {
  const { width, height, rgb } = drawDemoPage(pageNumber, { dpi: 100, colorMode: 'color' });
  const sums = new Array<number>(GRID.columns * GRID.rows).fill(0);
  const counts = new Array<number>(GRID.columns * GRID.rows).fill(0);
  for (let y = 0; y < height; y += 1) {
    const row = Math.min(GRID.rows - 1, Math.floor((y * GRID.rows) / height));
    for (let x = 0; x < width; x += 1) {
      const cell = row * GRID.columns + Math.min(GRID.columns - 1, Math.floor((x * GRID.columns) / width));
      const i = (y * width + x) * 3;
      sums[cell]! += 0.299 * rgb[i]! + 0.587 * rgb[i + 1]! + 0.114 * rgb[i + 2]!;
      counts[cell]! += 1;
    }
  }
  return sums.map((sum, cell) => sum / counts[cell]!);
}

/** Mean absolute difference of two grids, in luminance levels. */
function gridDistance(a: number[], b: number[]): number {
  return a.reduce((total, value, index) => total + Math.abs(value - b[index]!), 0) / a.length;
}

const navButton = (page: Page, name: string) => page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('button', { name });
const figure = (page: Page, name: string) => page.getByTestId(`figure-${name}`).locator('dd').textContent();
const bars = (page: Page, chart: string) =>
  page
    .getByTestId(chart)
    .getByTestId('chart-bar')
    .evaluateAll((nodes) => Object.fromEntries(nodes.map((node) => [node.getAttribute('data-label') ?? '', Number(node.getAttribute('data-value'))])));

describe('the first hour of a new agency, through the UI only', () => {
  it('sets up the desk, takes in and digitizes a dossier, reviews its PDFs and counts it; every screen fits 1366×768 and 1920×1080 with its focus visible', { timeout: 300_000 }, async () => {
    rmSync(SHOTS, { recursive: true, force: true });
    mkdirSync(SHOTS, { recursive: true });
    const layout: string[] = [];
    const shots: string[] = [];
    const { page, errors } = await desk.openApp({ signIn: false });
    // Monday 02/03/2026, 09:30 in Hà Nội: a working morning, so the day's figures and the code are known.
    await page.clock.setFixedTime(new Date('2026-03-02T09:30:00+07:00'));

    // 1. First run: the administrator account.
    const signIn = new SignInPage(page);
    await page.getByRole('heading', { name: 'Thiết lập lần đầu: tạo tài khoản quản trị' }).waitFor();
    await inspectScreen(page, 'first-run', layout, shots);
    await signIn.createFirstAdmin();

    // 2. The administrator creates the officer and the supervisor who reviews.
    const accounts = new AccountsPage(page);
    await accounts.open();
    await accounts.create(OFFICER);
    await accounts.create(SUPERVISOR);
    await inspectScreen(page, 'accounts', layout, shots);
    await signIn.signOut();
    await inspectScreen(page, 'sign-in', layout, shots);

    // 3. The officer takes in one dossier from the demo scanner (training mode is the default).
    await signIn.signIn(OFFICER.username, OFFICER.password);
    expect(await page.getByTestId('signed-in-officer').textContent()).toBe('Lê Văn Bình · Cán bộ tiếp nhận');
    expect(await page.getByTestId('training-banner').textContent()).toContain('CHẾ ĐỘ ĐÀO TẠO');
    await inspectScreen(page, 'intake-start', layout, shots);
    await page.getByPlaceholder('Tìm thủ tục theo tên hoặc mã…').fill(PROCEDURE);
    await page.getByRole('listbox', { name: 'Thủ tục hành chính' }).getByRole('option').first().click();
    await page.getByTestId('chosen-procedure').waitFor();

    const device = page.getByRole('combobox', { name: /^Thiết bị/ });
    await expect.poll(() => device.locator('option').allTextContents(), SLOW).toContain('Máy quét mẫu (chế độ đào tạo)');
    await device.selectOption({ label: 'Máy quét mẫu (chế độ đào tạo)' });
    const components = page.getByTestId('component');
    await expect.poll(() => components.count()).toBe(SCANS.length);
    const componentNames: string[] = [];
    for (const [index, scan] of SCANS.entries()) {
      const component = components.nth(index);
      componentNames.push((await component.locator('.component-name').textContent()) ?? '');
      await page.getByLabel('Nguồn giấy').selectOption({ label: scan.source });
      await page.getByLabel('Chế độ màu').selectOption({ label: scan.colour });
      await component.getByRole('button', { name: 'Quét vào thành phần này' }).click();
      await expect.poll(() => component.getByTestId('page-thumb').count(), SLOW).toBe(scan.demoPages.length);
      await expect.poll(() => page.getByTestId('scan-status').textContent(), SLOW).toContain(`Đã quét xong ${scan.demoPages.length} trang.`);
      // The next job may start only once this one is over.
      await expect.poll(() => component.getByRole('button', { name: 'Quét vào thành phần này' }).isEnabled()).toBe(true);
      expect(await component.textContent()).toContain(`${scan.demoPages.length} trang`);
    }
    expect(new Set(componentNames).size).toBe(SCANS.length);

    const applicantForm = page.getByRole('region', { name: 'Người nộp hồ sơ' });
    // Required fields carry a star after their label.
    const textbox = (name: string | RegExp) => applicantForm.getByRole('textbox', { name, exact: true });
    await textbox(/^Số định danh cá nhân \(CCCD\)/).fill('001085123456');
    await textbox(/^Họ và tên/).fill('Nguyễn Văn An');
    await textbox('Ngày sinh').fill('12/03/1985');
    await applicantForm.getByRole('combobox', { name: /^Giới tính/ }).selectOption({ label: 'Nam' });
    await textbox('Địa chỉ thường trú').fill('Số 12 phố Hàng Bạc, phường Hoàn Kiếm, Hà Nội');
    await textbox('Số điện thoại').fill('0912345678');
    await page.getByRole('button', { name: 'Lưu hồ sơ' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Đã lưu hồ sơ' }).textContent()).toContain('Nguyễn Văn An');
    await inspectScreen(page, 'intake-pages', layout, shots);

    // Receive it: code, due date, Mẫu 01 printed through the host's print path (the spool).
    const panel = page.getByTestId('seal-panel');
    await expect.poll(() => panel.getByTestId('missing-components').count()).toBe(0);
    await panel.getByRole('button', { name: 'Tiếp nhận hồ sơ và lập giấy hẹn' }).click();
    const code = '000.00.16.H27-260302-0001';
    await expect.poll(() => panel.getByTestId('dossier-code').textContent(), SLOW).toBe(code);
    // 1.014392.H38 takes 10 working days: from Monday 02/03 to Monday 16/03/2026.
    expect(await panel.getByTestId('due-at').textContent()).toBe('16:00 16/03/2026');
    await panel.getByRole('button', { name: 'In giấy tiếp nhận' }).click();
    const spool = path.join(desk.host.dataDir, 'print-spool');
    const receipts = () => (existsSync(spool) ? readdirSync(spool).filter((name) => name.includes(`Giay-tiep-nhan-${code}`)) : []);
    await expect.poll(() => receipts().length, SLOW).toBe(1);
    await expect.poll(() => panel.getByRole('status').filter({ hasText: 'Đã lưu bản in tại' }).count()).toBe(1);
    const receiptFile = path.join(spool, receipts()[0]!);
    const receiptBytes = readFileSync(receiptFile);
    expect(receiptBytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect((await PDFDocument.load(receiptBytes)).getPageCount()).toBeGreaterThanOrEqual(1);
    const receiptText = pdfText(receiptFile);
    expect(receiptText).toContain('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
    expect(receiptText).toContain(`Mã hồ sơ: ${code}`);
    expect(receiptText).toContain('Tiếp nhận hồ sơ của: Nguyễn Văn An');
    for (const name of componentNames) expect(receiptText).toContain(name);
    await inspectScreen(page, 'receipt', layout, shots);

    // Digitize: OCR and one PDF per component, in the background, until done.
    const status = panel.getByTestId('digitize-status');
    await expect.poll(() => status.getByRole('status').textContent(), { timeout: 180_000, interval: 500 }).toBe('Đã số hóa: 3 tệp PDF có thể tìm kiếm.');
    expect(await panel.getByTestId('files-fingerprint').textContent()).toMatch(/^[0-9A-F]{5}-[0-9A-F]{5}$/);
    const files = panel.getByTestId('digitized-file');
    expect(await files.count()).toBe(SCANS.length);
    // Each file as the officer downloads it: its name, the component it declares and its pages.
    const digitized: Array<{ name: string; component: string | undefined; pages: number }> = [];
    for (let index = 0; index < SCANS.length; index += 1) {
      const [download] = await Promise.all([page.waitForEvent('download'), files.nth(index).click()]);
      const pdf = await PDFDocument.load(readFileSync(await download.path()));
      digitized.push({ name: download.suggestedFilename(), component: componentOf(pdf), pages: pdf.getPageCount() });
    }
    // One file per component (the list is not in checklist order), each with that component's pages.
    expect(digitized.map((file) => file.component).sort()).toEqual([...componentNames].sort());
    for (const file of digitized) expect(file.pages, file.name).toBe(PAGES_PER_COMPONENT[componentNames.indexOf(file.component ?? '')]);
    await inspectScreen(page, 'digitize', layout, shots);

    // A second dossier, saved but not received: the day's figures must tell the two apart.
    await page.getByRole('button', { name: 'Hồ sơ mới' }).click();
    await page.getByPlaceholder('Tìm thủ tục theo tên hoặc mã…').fill(PROCEDURE);
    await page.getByRole('listbox', { name: 'Thủ tục hành chính' }).getByRole('option').first().click();
    await page.getByTestId('chosen-procedure').waitFor();
    await textbox(/^Số định danh cá nhân \(CCCD\)/).fill('001190654321');
    await textbox(/^Họ và tên/).fill('Phạm Thị Hoa');
    await page.getByRole('button', { name: 'Lưu hồ sơ' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Đã lưu hồ sơ' }).textContent()).toContain('Phạm Thị Hoa');

    // The officer's list shows both.
    await navButton(page, 'Danh sách hồ sơ').click();
    const rows = page.getByTestId('dossier-row');
    await expect.poll(() => rows.count()).toBe(2);
    const row = rows.filter({ hasText: code });
    expect(await row.textContent()).toContain('Nguyễn Văn An (001085123456)');
    await inspectScreen(page, 'dossiers', layout, shots);
    await navButton(page, 'Danh mục thủ tục').click();
    await page.getByRole('heading', { name: 'Danh mục thủ tục hành chính' }).waitFor();
    await inspectScreen(page, 'catalog', layout, shots);
    await signIn.signOut();

    // 4. The supervisor's figures before the review: two dossiers today, one received and digitized, waiting.
    await signIn.signIn(SUPERVISOR.username, SUPERVISOR.password);
    await navButton(page, 'Tổng hợp trong ngày').click();
    expect(await page.getByLabel('Ngày', { exact: true }).inputValue()).toBe('02/03/2026');
    await expect.poll(() => figure(page, 'total')).toBe('2');
    expect(await figure(page, 'received')).toBe('1');
    expect(await figure(page, 'digitized')).toMatch(/^100\s?% \(1\/1\)$/);
    expect(await figure(page, 'review')).toBe('1');
    expect(await figure(page, 'sent-back')).toBe('0');
    expect(await figure(page, 'overdue')).toBe('0');
    expect(await figure(page, 'due-soon')).toBe('0');
    expect(await bars(page, 'chart-officer')).toEqual({ 'Lê Văn Bình': 2 });
    expect(await bars(page, 'chart-status')).toEqual({ 'Được tiếp nhận': 1, 'Đã lưu': 1 });
    expect(Object.values(await bars(page, 'chart-procedure'))).toEqual([2]);
    // Training dossiers never enter the outbox.
    expect(Object.values(await bars(page, 'chart-outbox')).every((value) => value === 0)).toBe(true);
    await inspectScreen(page, 'dashboard', layout, shots);

    // 5. The review: every component PDF opens, and what pdf.js draws is the scanned page it holds.
    await navButton(page, 'Kiểm tra hồ sơ').click();
    const reviewRow = page.getByTestId('review-row').filter({ hasText: code });
    await expect.poll(() => reviewRow.getByTestId('review-state').textContent()).toBe('Chờ kiểm tra');
    expect(await page.getByTestId('review-row').count()).toBe(1);
    await inspectScreen(page, 'review-queue', layout, shots);
    await reviewRow.getByRole('button', { name: 'Kiểm tra' }).click();
    const views = page.getByTestId('pdf-view');
    await expect.poll(() => views.count(), SLOW).toBe(SCANS.length);
    const demo = new Map([1, 2].map((number) => [number, demoGrid(number)]));
    const distances: string[] = [];
    for (let index = 0; index < SCANS.length; index += 1) {
      const view = views.nth(index);
      // The file under each heading is one of the officer's downloads; its component says which pages it holds.
      const heading = await view.locator('xpath=preceding-sibling::h2[1]').textContent();
      const file = digitized.find((candidate) => candidate.name === heading);
      expect(file, `review heading ${heading}`).toBeDefined();
      const component = componentNames.indexOf(file!.component ?? '');
      const scan = SCANS[component]!;
      await expect.poll(() => view.getAttribute('data-pages'), SLOW).toBe(String(scan.demoPages.length));
      const canvases = view.getByTestId('pdf-page');
      expect(await canvases.count()).toBe(scan.demoPages.length);
      for (const [sheet, expected] of scan.demoPages.entries()) {
        const drawn = await canvasGrid(canvases.nth(sheet));
        const own = gridDistance(drawn.grid, demo.get(expected)!);
        const other = gridDistance(drawn.grid, demo.get(expected === 1 ? 2 : 1)!);
        const blank = gridDistance(drawn.grid, new Array<number>(drawn.grid.length).fill(255));
        distances.push(`component ${component + 1} page ${sheet + 1}: ${own.toFixed(1)} / ${other.toFixed(1)} / ${blank.toFixed(1)}, ${drawn.red} red px`);
        // Close to its own demo page, clearly farther from the other page and from blank paper.
        expect(own, distances.at(-1)).toBeLessThan(4);
        expect(other, distances.at(-1)).toBeGreaterThan(2 * own + 4);
        expect(blank, distances.at(-1)).toBeGreaterThan(2 * own + 8);
        // The seal is red on a colour scan and grey on a grey one.
        if (scan.colour === 'Màu') expect(drawn.red, distances.at(-1)).toBeGreaterThan(300);
        else expect(drawn.red, distances.at(-1)).toBe(0);
      }
    }
    console.info(`review canvases vs demo pages (distance to own / other page / blank paper): ${distances.join('; ')}`);
    await inspectScreen(page, 'review', layout, shots);
    await page.getByRole('button', { name: 'Đạt yêu cầu' }).click();
    await expect.poll(() => page.getByTestId('review-notice').textContent()).toBe('Đã ghi nhận hồ sơ đạt yêu cầu.');

    // 6. The day's figures after it: nothing waits for review, nothing was sent back.
    await navButton(page, 'Tổng hợp trong ngày').click();
    await expect.poll(() => figure(page, 'review')).toBe('0');
    expect(await figure(page, 'total')).toBe('2');
    expect(await figure(page, 'received')).toBe('1');
    expect(await figure(page, 'sent-back')).toBe('0');
    expect(await figure(page, 'digitized')).toMatch(/^100\s?% \(1\/1\)$/);

    await navButton(page, 'Cấu hình bàn').click();
    await page.getByRole('heading', { name: 'Cấu hình bàn tiếp nhận' }).waitFor();
    await inspectScreen(page, 'settings', layout, shots);

    // The supervisor steps away: the locked screen, then back to the same screen with the password.
    await page.getByRole('button', { name: 'Khóa màn hình' }).click();
    const locked = page.getByTestId('auth-unlock');
    await locked.getByRole('heading', { name: 'Màn hình đã khóa' }).waitFor();
    await inspectScreen(page, 'locked', layout, shots);
    await locked.locator('[name="password"]').fill(SUPERVISOR.password);
    await locked.getByRole('button', { name: 'Mở khóa' }).click();
    await page.getByRole('heading', { name: 'Cấu hình bàn tiếp nhận' }).waitFor();

    expect(shots.every((file) => existsSync(file))).toBe(true);
    console.info(`first-hour screenshots (${shots.length}) in ${path.relative(root, SHOTS)}`);
    expect(errors).toEqual([]);
    expect(layout, `Có phần tử tràn khung, mục điều hướng xuống dòng hoặc tiêu điểm bàn phím không thấy rõ:\n${layout.join('\n\n')}`).toEqual([]);
  });
});
