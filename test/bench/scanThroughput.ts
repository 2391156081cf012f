/**
 * Scan throughput: pages per minute from the eSCL simulator and from the SANE test backend into
 * IndexedDB (real renderer in Chromium through the test host), against the raw rate of the same
 * device measured in the same run (eSCL: a bare HTTP fetch loop; SANE: scanimage writing files).
 * Goal: the app is never the bottleneck (ratio >= 0.95). Then memory while scanning colour 300-dpi
 * A4 pages: main-side RSS and the renderer's JS heap must stay flat (pages are not held).
 * Run: npx tsx test/bench/scanThroughput.ts [pages=60] [memoryPages=200]
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright';
import { launchChromium } from '../e2e/support/launchChromium';
import { IntakePage } from '../e2e/pages/IntakePage';
import { SignInPage } from '../e2e/pages/SignInPage';
import { startTestHost } from '../host/startTestHost';
import type { EsclSimulatorOptions } from '../support/escl/createEsclSimulator';
import { saneTestEnvironment } from '../support/saneTestBackend';

const exec = promisify(execFile);
const pages = Number(process.argv[2] ?? 60);
const memoryPages = Number(process.argv[3] ?? 200);
const SANE_ARGS = ['--test-picture=Color pattern', '--read-delay=yes', '--read-delay-duration=20000'];

/** The simulator in its own process, so its memory and CPU are not counted as the app's. */
interface RemoteSimulator {
  url: string;
  reset(options: EsclSimulatorOptions): Promise<void>;
  close(): void;
}

async function startRemoteSimulator(): Promise<RemoteSimulator> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, '..', 'support', 'escl', 'runEsclSimulator.ts')], { stdio: ['pipe', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      const match = /READY (\S+)/.exec(text);
      if (match) resolve(match[1]!);
    });
    child.on('exit', (code) => reject(new Error(`simulator exited ${code}`)));
  });
  return {
    url,
    async reset(options) {
      await fetch(`${new URL(url).origin}/__sim/reset`, { method: 'POST', body: JSON.stringify(options) });
    },
    close() {
      child.stdin.end();
    },
  };
}

/** The device alone: POST a job, then NextDocument until 404, reading every byte and keeping none. */
async function rawEscl(sim: RemoteSimulator, options: EsclSimulatorOptions, dpi: number): Promise<{ ms: number; pages: number }> {
  await sim.reset(options);
  const started = performance.now();
  const body = `<?xml version="1.0" encoding="UTF-8"?><scan:ScanSettings xmlns:scan="http://schemas.hp.com/imaging/escl/2011/05/03" xmlns:pwg="http://www.pwg.org/schemas/2010/12/sm"><pwg:Version>2.0</pwg:Version><pwg:ScanRegions><pwg:ScanRegion><pwg:ContentRegionUnits>escl:ThreeHundredthsOfInches</pwg:ContentRegionUnits><pwg:XOffset>0</pwg:XOffset><pwg:YOffset>0</pwg:YOffset><pwg:Width>2480</pwg:Width><pwg:Height>3508</pwg:Height></pwg:ScanRegion></pwg:ScanRegions><pwg:InputSource>Feeder</pwg:InputSource><scan:ColorMode>RGB24</scan:ColorMode><pwg:DocumentFormat>image/png</pwg:DocumentFormat><scan:XResolution>${dpi}</scan:XResolution><scan:YResolution>${dpi}</scan:YResolution></scan:ScanSettings>`;
  const created = await fetch(`${sim.url}/ScanJobs`, { method: 'POST', body, headers: { 'Content-Type': 'text/xml' } });
  const job = new URL(created.headers.get('location')!, `${sim.url}/ScanJobs`).toString();
  let count = 0;
  for (;;) {
    const reply = await fetch(`${job}/NextDocument`);
    await reply.arrayBuffer();
    if (reply.status !== 200) break;
    count += 1;
  }
  return { ms: performance.now() - started, pages: count };
}

/** SANE alone: scanimage writing the ADF batch to files. */
async function rawSane(env: NodeJS.ProcessEnv, dpi: number): Promise<{ ms: number; pages: number }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'motcua-bench-sane-'));
  const started = performance.now();
  await exec('scanimage', ['-d', 'test:0', '--source=Automatic Document Feeder', '--mode=Color', `--resolution=${dpi}`, '--format=png', `--batch=${path.join(dir, 'p%04d.png')}`, ...SANE_ARGS], { env }).catch((error: { code?: number }) => {
    // scanimage ends an ADF batch with "out of documents": expected.
    if (error.code !== 7) throw error;
  });
  const ms = performance.now() - started;
  const count = (await readdir(dir)).length;
  await rm(dir, { recursive: true, force: true });
  return { ms, pages: count };
}

/** The app: pick the device in the intake screen, scan into a component, wait until every page is stored. */
async function appScan(page: Page, deviceId: string, expected: number, settings: { dpi: string }): Promise<number> {
  const intake = new IntakePage(page);
  await intake.chooseProcedure('trung tam nghien cuu');
  await page.locator(`[name=scanDevice] option[value="${deviceId}"]`).waitFor({ state: 'attached', timeout: 60_000 });
  await page.locator('[name=scanDevice]').selectOption(deviceId);
  await page.locator('[name=scanDpi]').selectOption(settings.dpi);
  const started = performance.now();
  await intake.component(0).getByRole('button', { name: 'Quét vào thành phần này' }).click();
  await page.getByTestId('scan-status').filter({ hasText: `Đã quét xong ${expected} trang.` }).waitFor({ timeout: 30 * 60_000 });
  // "Done" is shown once main has finished; the last pages may still be on their way into IndexedDB,
  // and main keeps each one until the renderer has stored it.
  for (;;) {
    const reply = await page.evaluate(async () => window.desk!.scan.pending());
    if (reply.ok && reply.value.length === 0) break;
    await page.waitForTimeout(20);
  }
  return performance.now() - started;
}

function ppm(pageCount: number, ms: number): number {
  return (pageCount / ms) * 60_000;
}

async function main(): Promise<void> {
  const sim = await startRemoteSimulator();
  const saneEnv = { ...process.env, ...saneTestEnvironment() };
  const host = await startTestHost({
    esclUrls: () => [sim.url],
    serviceOptions: { scanners: { demo: false, sane: { env: saneEnv, extraArgs: { 'test:0': SANE_ARGS } } } },
  });
  const browser = await launchChromium();
  try {
    console.log(`pages per run: ${pages} (eSCL colour 200 dpi A4 PNG, 150 ms a page at the device; SANE test backend colour 150 dpi slowed to a desk-scanner pace, 10-sheet feeder)`);
    // eSCL: device speed set by the simulator's page delay; both sides see the same device.
    const esclOptions: EsclSimulatorOptions = { sheets: pages, distinctPages: 4, pageDelayMs: 150 };
    await rawEscl(sim, { ...esclOptions, sheets: 2 }, 200); // warm the page cache
    const raw = await rawEscl(sim, esclOptions, 200);
    await sim.reset(esclOptions);
    let context = await browser.newContext({ locale: 'vi-VN' });
    let page = await context.newPage();
    await page.goto(host.url);
    await new SignInPage(page).createFirstAdmin();
    const appMs = await appScan(page, `escl:${sim.url}`, pages, { dpi: '200' });
    await context.close();
    const rawPpm = ppm(raw.pages, raw.ms);
    const appPpm = ppm(pages, appMs);
    console.log(`eSCL raw (fetch loop): ${raw.pages} pages in ${Math.round(raw.ms)} ms = ${rawPpm.toFixed(1)} pages/min`);
    console.log(`eSCL app into IndexedDB: ${pages} pages in ${Math.round(appMs)} ms = ${appPpm.toFixed(1)} pages/min`);
    console.log(`  RATIO eSCL app/raw = ${(appPpm / rawPpm).toFixed(3)} (goal >= 0.95)`);

    // SANE: the test backend feeds 10 sheets a batch.
    const saneRaw = await rawSane(saneEnv, 150);
    context = await browser.newContext({ locale: 'vi-VN' });
    page = await context.newPage();
    await page.goto(host.url);
    await new SignInPage(page).createFirstAdmin();
    const saneAppMs = await appScan(page, 'sane:test:0', saneRaw.pages, { dpi: '150' });
    await context.close();
    const saneRawPpm = ppm(saneRaw.pages, saneRaw.ms);
    const saneAppPpm = ppm(saneRaw.pages, saneAppMs);
    console.log(`SANE raw (scanimage to files): ${saneRaw.pages} pages in ${Math.round(saneRaw.ms)} ms = ${saneRawPpm.toFixed(1)} pages/min`);
    console.log(`SANE app into IndexedDB: ${saneRaw.pages} pages in ${Math.round(saneAppMs)} ms = ${saneAppPpm.toFixed(1)} pages/min`);
    console.log(`  RATIO SANE app/raw = ${(saneAppPpm / saneRawPpm).toFixed(3)} (goal >= 0.95)`);

    // Memory: colour 300-dpi A4 pages through the whole path, sampled while scanning.
    await sim.reset({ sheets: memoryPages, distinctPages: 4 });
    await rawEscl(sim, { sheets: 4, distinctPages: 4 }, 300); // draw the 300-dpi pages before measuring
    await sim.reset({ sheets: memoryPages, distinctPages: 4 });
    context = await browser.newContext({ locale: 'vi-VN' });
    page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(host.url);
    await new SignInPage(page).createFirstAdmin();
    global.gc?.();
    const baseRss = process.memoryUsage().rss;
    const samples: Array<{ rss: number; heap: number }> = [];
    const sampler = setInterval(() => {
      void cdp.send('Performance.getMetrics').then(({ metrics }) => {
        samples.push({ rss: process.memoryUsage().rss, heap: metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0 });
      });
    }, 250);
    const memMs = await appScan(page, `escl:${sim.url}`, memoryPages, { dpi: '300' });
    clearInterval(sampler);
    const third = Math.max(1, Math.floor(samples.length / 3));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
    const early = samples.slice(0, third);
    const late = samples.slice(-third);
    console.log(`memory, ${memoryPages} colour 300-dpi pages in ${Math.round(memMs / 1000)} s (${ppm(memoryPages, memMs).toFixed(1)} pages/min, simulator without delay):`);
    console.log(`  main side (host process, simulator apart) RSS: before ${mib(baseRss)} MiB, first third mean ${mib(mean(early.map((s) => s.rss)))} MiB, last third mean ${mib(mean(late.map((s) => s.rss)))} MiB, peak ${mib(Math.max(...samples.map((s) => s.rss)))} MiB`);
    console.log(`  renderer JS heap: first third mean ${mib(mean(early.map((s) => s.heap)))} MiB, last third mean ${mib(mean(late.map((s) => s.heap)))} MiB, peak ${mib(Math.max(...samples.map((s) => s.heap)))} MiB`);
    console.log(`  RATIO main RSS last/first third = ${(mean(late.map((s) => s.rss)) / mean(early.map((s) => s.rss))).toFixed(3)}, renderer heap last/first third = ${(mean(late.map((s) => s.heap)) / mean(early.map((s) => s.heap))).toFixed(3)} (flat: about 1)`);
    await context.close();
  } finally {
    await browser.close();
    await host.close();
    sim.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
