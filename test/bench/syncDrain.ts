/**
 * Draining the outbox over loopback against a plain sequential upload of the same bytes with curl
 * (tus create + one PATCH per file, to an identical office hub on its embedded database) in the same run, and the frame gaps of
 * the page while its sync worker drains.
 * Run: npx tsx test/bench/syncDrain.ts [dossiers=100] [mbPerDossier=20]   (≈ 2 GB by default)
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { bundleForBrowser } from '../support/bundleForBrowser';
import { chromium } from 'playwright';
import { CHROMIUM_PATH } from '../e2e/support/launchChromium';
import { startTestHost } from '../host/startTestHost';
import { startHub, type Hub } from '../../main/hub/startHub';
import { patternBytes } from '../support/sync/patternBytes';
import { requireTools } from '../support/ocr/requireTools';

const exec = promisify(execFile);
const root = path.resolve(__dirname, '..', '..');

function metadata(code: string, name: string, sha256: string, size: number) {
  return { code, procedureCode: '1.004366', receivedAt: '20261201090000', dueAt: '20261204170000', applicant: { idNumber: '001203004567', fullName: 'Nguyễn Văn An' }, files: [{ name, sha256, size }] };
}

/** An office hub with one enrolled desk, reached directly (no fault proxy): the server both runs measure against. */
async function benchHub(dir: string): Promise<{ gateway: Hub; token: string }> {
  const gateway = await startHub({ dataDir: dir, rateLimit: { ratePerSecond: 10_000, burst: 10_000 } });
  const { code } = await gateway.store.createEnrolmentCode({ deskName: 'Bàn đo', role: 'desk' });
  return { gateway, token: (await gateway.store.redeemEnrolmentCode(code)).token };
}

async function deliveredCount(gateway: Hub): Promise<number> {
  let delivered = 0;
  for (const id of await gateway.store.dossierIds()) if ((await gateway.store.dossier(id))?.deliveredAt) delivered += 1;
  return delivered;
}

/** The anchor: what a careful script would do with curl, one file after another. */
async function curlUpload(dir: string, count: number, size: number, seed: number): Promise<number> {
  const { gateway, token: TOKEN } = await benchHub(path.join(dir, 'hub-curl'));
  const files: Array<{ id: string; code: string; name: string; file: string; sha256: string }> = [];
  for (let d = 0; d < count; d += 1) {
    const n = d + 1;
    const bytes = patternBytes(size, seed * 7919 + n * 31);
    const file = path.join(dir, `curl-${n}.pdf`);
    await writeFile(file, bytes);
    const code = `000.00.16.H27-261201-${String(n).padStart(4, '0')}`;
    files.push({ id: crypto.randomUUID(), code, name: `${code}_thanh-phan-1.pdf`, file, sha256: createHash('sha256').update(bytes).digest('hex') });
  }
  const started = performance.now();
  for (const f of files) {
    await fetch(`${gateway.url}/api/v1/dossiers/${f.id}`, { method: 'PUT', headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }, body: JSON.stringify(metadata(f.code, f.name, f.sha256, size)) });
    const meta = [`dossierId ${Buffer.from(f.id).toString('base64')}`, `name ${Buffer.from(f.name).toString('base64')}`, `sha256 ${Buffer.from(f.sha256).toString('base64')}`].join(',');
    const { stdout } = await exec('curl', ['-sS', '-D', '-', '-o', '/dev/null', '-X', 'POST', '-H', 'Tus-Resumable: 1.0.0', '-H', `Upload-Length: ${size}`, '-H', `Upload-Metadata: ${meta}`, '-H', `Authorization: Bearer ${TOKEN}`, `${gateway.url}/files/`]);
    const location = /^location: *(.+)$/im.exec(stdout)?.[1]?.trim();
    if (!location) throw new Error(`curl: no Location in ${stdout}`);
    await exec('curl', ['-sS', '-f', '-o', '/dev/null', '-X', 'PATCH', '-H', 'Tus-Resumable: 1.0.0', '-H', 'Upload-Offset: 0', '-H', 'Content-Type: application/offset+octet-stream', '-H', `Authorization: Bearer ${TOKEN}`, '-H', 'Expect:', '--data-binary', `@${f.file}`, new URL(location, `${gateway.url}/files/`).href]);
    await fetch(`${gateway.url}/api/v1/dossiers/${f.id}/commit`, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}` } });
  }
  const elapsed = performance.now() - started;
  const delivered = await deliveredCount(gateway);
  await gateway.close();
  if (delivered !== count) throw new Error(`curl anchor delivered ${delivered} of ${count}`);
  return elapsed;
}

async function main(): Promise<void> {
  requireTools('curl');
  const count = Number(process.argv[2] ?? 100);
  const size = Math.round(Number(process.argv[3] ?? 20) * 1_000_000);
  const seed = 11;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'motcua-bench-sync-'));
  const { gateway, token: TOKEN } = await benchHub(path.join(dir, 'hub-desk'));
  const host = await startTestHost({ serviceOptions: { mode: 'production', sync: { serverUrl: gateway.url } } });
  // A profile on disk: an in-memory (incognito) context cannot hold gigabytes of IndexedDB.
  const browser = await chromium.launchPersistentContext(path.join(dir, 'profile'), {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  try {
    const [harness, workerCode] = await Promise.all([bundleForBrowser(path.join(root, 'test', 'support', 'sync', 'syncHarness.ts')), bundleForBrowser(path.join(root, 'renderer', 'workers', 'syncWorker.ts'))]);
    const page = await browser.newPage();
    await page.goto(host.url.replace('index.html', 'favicon.svg'));
    await page.evaluate(harness);
    process.stdout.write(`seeding ${count} dossiers × ${(size / 1e6).toFixed(0)} MB into IndexedDB…\n`);
    await page.evaluate(`window.__syncHarness.seed(${JSON.stringify({ sizes: Array.from({ length: count }, () => [size]), seed })})`);

    const curlMs = await curlUpload(dir, count, size, seed);

    await page.evaluate('window.__syncHarness.startFrames()');
    const started = performance.now();
    await page.evaluate(`window.__syncHarness.start(${JSON.stringify(workerCode)}, ${JSON.stringify({ serverUrl: gateway.url, token: TOKEN, concurrency: 1 })})`);
    for (;;) {
      const view = (await page.evaluate('window.__syncHarness.outbox()')) as { byState: Record<string, number> };
      if ((view.byState.delivered ?? 0) === count) break;
      if (view.byState.rejected) throw new Error(`rejected: ${JSON.stringify(view.byState)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const appMs = performance.now() - started;
    const frames = (await page.evaluate('window.__syncHarness.stopFrames()')) as { count: number; p50: number; p95: number; max: number; over50: number };
    const totalMb = (count * size) / 1e6;
    process.stdout.write(`bytes: ${totalMb.toFixed(0)} MB in ${count} dossiers\n`);
    process.stdout.write(`curl sequential: ${(curlMs / 1000).toFixed(1)} s (${(totalMb / (curlMs / 1000)).toFixed(0)} MB/s)\n`);
    process.stdout.write(`desk outbox:     ${(appMs / 1000).toFixed(1)} s (${(totalMb / (appMs / 1000)).toFixed(0)} MB/s)\n`);
    process.stdout.write(`ratio desk/curl: ${(appMs / curlMs).toFixed(2)}× (goal ≤ 1.2×)\n`);
    process.stdout.write(`page frames while draining: ${frames.count} frames, gap p50 ${frames.p50.toFixed(1)} ms, p95 ${frames.p95.toFixed(1)} ms, max ${frames.max.toFixed(1)} ms, ${frames.over50} over 50 ms\n`);
  } finally {
    await browser.close();
    await host.close();
    await gateway.close();
    await rm(dir, { recursive: true, force: true });
  }
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
