/**
 * The supervisor dashboard over a year of a busy desk in Chromium's IndexedDB: 20 000 dossiers and
 * 300 000 page records. Figures: the dashboard query (first and warm) against a naive full scan of
 * the dossiers, the dashboard screen's time to render, and the renderer's cold start to interactive
 * (empty and filled database) against loading a static file from the same host.
 */
import { toVietnamClock } from '../../preload/shared/domain/calendar/localDate';
import type { Page } from 'playwright';
import { bench, openBenchPage } from './benchPage';

const DOSSIERS = Number(process.env.BENCH_DOSSIERS ?? 20_000);
const PAGES_PER_DOSSIER = 15;

async function coldStart(page: Page, url: string, ready: string): Promise<number> {
  await page.goto(url);
  await page.getByTestId(ready).locator('input').first().waitFor();
  // Milliseconds from the start of navigation to the first input of the form being on screen.
  return page.evaluate(() => performance.now());
}

async function main() {
  const session = await openBenchPage();
  const { page, host, browser } = session;
  try {
    const day = toVietnamClock(new Date()).date;
    const seeded = await bench<{ ms: number; dossiers: number; pages: number }>(page, 'seed', { dossiers: DOSSIERS, pagesPerDossier: PAGES_PER_DOSSIER, days: 250, day, onDay: 120 });
    process.stdout.write(`Dữ liệu: ${seeded.dossiers} hồ sơ, ${seeded.pages} trang (nạp trong ${(seeded.ms / 1000).toFixed(1)} s)\n`);

    const q = await bench<{ firstMs: number; indexedMs: number; naiveFullScanMs: number; dayTotal: number; overdue: number; open: number }>(page, 'query', { day, rounds: 7 });
    process.stdout.write(
      `Truy vấn tổng hợp ngày (${q.dayTotal} hồ sơ trong ngày, ${q.overdue} quá hạn): lần đầu ${q.firstMs.toFixed(0)} ms, lặp lại ${q.indexedMs.toFixed(1)} ms; ` +
        `quét toàn bộ hồ sơ ${q.naiveFullScanMs.toFixed(1)} ms → ${(q.indexedMs / q.naiveFullScanMs).toFixed(3)}× thời gian quét toàn bộ\n`,
    );
    const renders: number[] = [];
    for (let i = 0; i < 5; i++) renders.push((await bench<{ ms: number }>(page, 'render')).ms);
    renders.sort((a, b) => a - b);
    process.stdout.write(`Màn hình tổng hợp hiện số liệu sau ${renders[2]!.toFixed(0)} ms (trung vị 5 lần; nhanh nhất ${renders[0]!.toFixed(0)} ms) = ${(renders[2]! / q.naiveFullScanMs).toFixed(2)}× thời gian quét toàn bộ\n`);

    const anchor: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = Date.now();
      await page.goto(`${host.url}favicon.svg`);
      anchor.push(Date.now() - t);
    }
    anchor.sort((a, b) => a - b);
    const filled: number[] = [];
    for (let i = 0; i < 3; i++) filled.push(await coldStart(page, host.url, 'auth-sign-in'));
    const empty: number[] = [];
    for (let i = 0; i < 3; i++) {
      const context = await browser.newContext({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
      empty.push(await coldStart(await context.newPage(), host.url, 'auth-setup'));
      await context.close();
    }
    filled.sort((a, b) => a - b);
    empty.sort((a, b) => a - b);
    process.stdout.write(
      `Khởi động giao diện tới lúc nhập được: hồ sơ trống ${empty[1]!.toFixed(0)} ms, đã có ${seeded.dossiers} hồ sơ ${filled[1]!.toFixed(0)} ms; ` +
        `tải một tệp tĩnh cùng máy chủ ${anchor[1]} ms → ${(empty[1]! / Math.max(1, anchor[1]!)).toFixed(1)}× / ${(filled[1]! / Math.max(1, anchor[1]!)).toFixed(1)}×\n`,
    );
  } finally {
    await session.close();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
