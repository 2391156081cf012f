/**
 * The office hub taking in a busy office at once: 20 desks × 50 dossiers × 2 MB (≈ 2 GB) sent
 * concurrently through the desk's own gateway client and tus upload code (tus-js-client's Node
 * build), and alongside them 2 desks of the real app in Chromium (IndexedDB outbox, sync worker)
 * with 10 dossiers of 2 MB each. The anchor is a bare `@tus/server` with its file store alone
 * receiving the same volume from the same Node clients in the same run (the Chromium desks' share
 * sent by two more Node clients). The hub runs as `npm run cli -- hub` in its own process, once on
 * its embedded database (PGlite) and once on a PostgreSQL server.
 * Prints ingest MB/s and its ratio to the anchor (goal ≥ 0.8×), declare latency (p50/p95), the
 * hub's peak RSS, and checks at the end that every dossier, the Chromium desks' too, was delivered
 * once with its SHA-256 right as the hub holds it.
 *
 * Run: npm run bench -- hub, or npx tsx test/bench/hub.ts [desks=20] [dossiers=50] [mb=2] [chromiumDesks=2];
 * for a quick run: MOTCUA_BENCH_HUB="4 10 1 1" npm run bench -- hub (needs `npm run build` for the Chromium desks)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createGatewayClient, type DossierMetadata } from '../../preload/shared/sync/createGatewayClient';
import { uploadFileWithTus } from '../../renderer/operations/sync/uploadFileWithTus';
import { patternBytes } from '../support/sync/patternBytes';
import { freePort, startHubProcess, type HubProcess } from '../support/hub/startHubProcess';
import { startPostgresCluster } from '../support/hub/startPostgresCluster';
import { readHubHoldings } from '../support/hub/hubHoldings';
import { openHubDatabase } from '../../main/hub/database/openHubDatabase';
import { createHubStore } from '../../main/hub/createHubStore';
import { startChromiumDesks, type SeededDossier } from '../support/hub/startChromiumDesks';

const root = path.resolve(__dirname, '..', '..');
const args = (process.env.MOTCUA_BENCH_HUB?.split(/\s+/) ?? process.argv.slice(2)).filter(Boolean);
const DESKS = Number(args[0] ?? 20);
const DOSSIERS = Number(args[1] ?? 50);
const SIZE = Math.round(Number(args[2] ?? 2) * 1_000_000);
const CHROMIUM_DESKS = Number(args[3] ?? 2);
const CHROMIUM_DOSSIERS = 10;

interface Dossier {
  id: string;
  name: string;
  bytes: Buffer;
  sha256: string;
  metadata: DossierMetadata;
}

interface RunFigures {
  seconds: number;
  mbPerSecond: number;
  declareMs: number[];
  peakRssMb: number;
}

function dossiersOf(desk: number): Dossier[] {
  return Array.from({ length: DOSSIERS }, (_, i) => {
    const n = desk * 1_000 + i + 1;
    const bytes = Buffer.from(patternBytes(SIZE, n * 2_654_435_761));
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const code = `000.00.16.H27-261203-${String(n % 10_000).padStart(4, '0')}`;
    const name = `${code}_thanh-phan-1.pdf`;
    const id = `${(n * 2_654_435_761 >>> 0).toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
    return { id, name, bytes, sha256, metadata: { code, procedureCode: '1.004366', receivedAt: '20261203090000', dueAt: '20261210170000', applicant: { idNumber: '001203004567', fullName: 'Nguyễn Văn An' }, files: [{ name, sha256, size: SIZE }] } };
  });
}

/** Peak resident set of a process so far (VmHWM), in MB. */
async function peakRssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

/** One file through the desk's own tus code: in Node tus-js-client reads a Buffer where the browser reads a Blob. */
function send(uploadUrl: string, dossier: Dossier, token: string | null): Promise<void> {
  return uploadFileWithTus({ uploadUrl, data: dossier.bytes as unknown as Blob, name: dossier.name, token, onProgress: () => undefined, signal: new AbortController().signal });
}

async function runDesks(desks: Dossier[][], work: (desk: number, dossier: Dossier) => Promise<void>): Promise<number> {
  const started = performance.now();
  await Promise.all(desks.map(async (dossiers, desk) => {
    for (const dossier of dossiers) await work(desk, dossier);
  }));
  return (performance.now() - started) / 1_000;
}

async function anchor(dir: string, desks: Dossier[][]): Promise<RunFigures> {
  // The Chromium desks' volume, from two more Node clients (the anchor has no declare or commit for a desk app to use).
  const all = [...desks, ...Array.from({ length: CHROMIUM_DESKS }, (_, k) => dossiersOf(DESKS + k).slice(0, CHROMIUM_DOSSIERS))];
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'test', 'support', 'hub', 'bareTusServer.ts'), dir, String(port)], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => (chunk.toString().includes('listening') ? resolve() : undefined));
    child.once('exit', (code) => reject(new Error(`bare tus server exited ${code}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  const client = createGatewayClient({ serverUrl: url });
  const seconds = await runDesks(all, async (_desk, dossier) => {
    const uploadUrl = await client.createUpload({ dossierId: dossier.id, name: dossier.name, sha256: dossier.sha256, size: SIZE });
    await send(uploadUrl, dossier, null);
  });
  const rss = await peakRssMb(child.pid!);
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  return { seconds, mbPerSecond: all.flat().length * SIZE / 1e6 / seconds, declareMs: [], peakRssMb: rss };
}

async function hubRun(dir: string, desks: Dossier[][], databaseUrl?: string): Promise<RunFigures> {
  const dataDir = path.join(dir, 'data');
  // Desks enrolled on the database before the hub starts (as `hub enrol` does with no hub running),
  // so the hub's limit on enrolments per address does not pace the setup.
  const database = await openHubDatabase({ dataDir: path.join(dataDir, 'database'), ...(databaseUrl ? { url: databaseUrl } : {}) });
  const tokens: string[] = [];
  const store = createHubStore(database.db);
  for (let desk = 0; desk < desks.length + CHROMIUM_DESKS; desk += 1) {
    const { code } = await store.createEnrolmentCode({ deskName: `Bàn ${desk + 1}`, role: 'desk' });
    tokens.push((await store.redeemEnrolmentCode(code)).token);
  }
  await database.close();
  const hub: HubProcess = await startHubProcess({ dataDir, port: await freePort(), ...(databaseUrl ? { databaseUrl } : {}) });
  const browserDesks = CHROMIUM_DESKS > 0 ? await startChromiumDesks(hub.url) : undefined;
  try {
    // Seeded into each profile's IndexedDB before the clock starts, as dossiers an officer received offline.
    const opened = [];
    const seeded: SeededDossier[] = [];
    for (let k = 0; k < CHROMIUM_DESKS; k += 1) {
      const desk = await browserDesks!.open(`Bàn Chromium ${k + 1}`);
      seeded.push(...(await desk.seed({ sizes: Array.from({ length: CHROMIUM_DOSSIERS }, () => [SIZE]), seed: 97 + k, from: 5_000 + k * 100 })));
      opened.push(desk);
    }
    const clients = tokens.map((token) => createGatewayClient({ serverUrl: hub.url, token }));
    const declareMs: number[] = [];
    const started = performance.now();
    await Promise.all(opened.map((desk, k) => desk.start(tokens[desks.length + k]!, 2)));
    const browsersDone = Promise.all(opened.map((desk) => desk.waitForOutbox((view) => (view.byState.delivered ?? 0) === CHROMIUM_DOSSIERS, 30 * 60_000)));
    const nodeSeconds = await runDesks(desks, async (desk, dossier) => {
      const client = clients[desk]!;
      const before = performance.now();
      await client.declare(dossier.id, dossier.metadata);
      declareMs.push(performance.now() - before);
      const uploadUrl = await client.createUpload({ dossierId: dossier.id, name: dossier.name, sha256: dossier.sha256, size: SIZE });
      await send(uploadUrl, dossier, tokens[desk]!);
      const outcome = await client.commit(dossier.id);
      if (!outcome.delivered) throw new Error(`${dossier.id} not delivered: ${JSON.stringify(outcome)}`);
    });
    await browsersDone;
    const seconds = (performance.now() - started) / 1_000;
    for (const desk of opened) if (desk.errors.length > 0) throw new Error(`${desk.name}: ${desk.errors.join('; ')}`);
    const rss = await peakRssMb(hub.child.pid!);
    await hub.stop();
    // At the far end: every dossier once, delivered, its bytes hashed again from the files folder.
    const holdings = await readHubHoldings({ dataDir, filesDir: path.join(dataDir, 'files'), ...(databaseUrl ? { databaseUrl } : {}) });
    const all = desks.flat();
    if (holdings.dossiers.size !== all.length + seeded.length) throw new Error(`hub holds ${holdings.dossiers.size} dossiers, ${all.length + seeded.length} sent`);
    for (const dossier of all) {
      const held = holdings.dossiers.get(dossier.id);
      if (!held?.delivered || held.files.get(dossier.name)?.storedSha256 !== dossier.sha256) throw new Error(`${dossier.id} not delivered with its bytes`);
    }
    for (const dossier of seeded) {
      const held = holdings.dossiers.get(dossier.id);
      if (!held?.delivered || dossier.files.some((file) => held.files.get(file.name)?.storedSha256 !== file.sha256)) throw new Error(`Chromium desk's ${dossier.id} not delivered with its bytes`);
    }
    const bytes = all.length * SIZE + seeded.reduce((sum, dossier) => sum + dossier.files.reduce((s2, file) => s2 + file.size, 0), 0);
    process.stdout.write(`  (Node desks done in ${nodeSeconds.toFixed(1)} s, Chromium desks' ${seeded.length} dossiers delivered by ${seconds.toFixed(1)} s)\n`);
    return { seconds, mbPerSecond: bytes / 1e6 / seconds, declareMs, peakRssMb: rss };
  } finally {
    await browserDesks?.close();
    await hub.kill();
  }
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

async function main(): Promise<void> {
  const total = ((DESKS * DOSSIERS + CHROMIUM_DESKS * CHROMIUM_DOSSIERS) * SIZE) / 1e6;
  process.stdout.write(`${DESKS} Node desks × ${DOSSIERS} dossiers + ${CHROMIUM_DESKS} Chromium desks × ${CHROMIUM_DOSSIERS} dossiers, × ${SIZE / 1e6} MB = ${total.toFixed(0)} MB, concurrently, on ${os.cpus().length} cores\n`);
  const desks = Array.from({ length: DESKS }, (_, desk) => dossiersOf(desk));
  const dir = await mkdtemp(path.join(os.tmpdir(), 'motcua-bench-hub-'));
  const postgres = await startPostgresCluster();
  try {
    const bare = await anchor(path.join(dir, 'anchor'), desks);
    await rm(path.join(dir, 'anchor'), { recursive: true, force: true });
    const pglite = await hubRun(path.join(dir, 'pglite'), desks);
    await rm(path.join(dir, 'pglite'), { recursive: true, force: true });
    const server = await hubRun(path.join(dir, 'postgres'), desks, postgres.url);
    const line = (label: string, run: RunFigures) =>
      `${label}: ${run.seconds.toFixed(1)} s, ${run.mbPerSecond.toFixed(1)} MB/s = ${(run.mbPerSecond / bare.mbPerSecond).toFixed(2)}× the anchor (goal ≥ 0.8×), declare p50 ${quantile(run.declareMs, 0.5).toFixed(1)} ms / p95 ${quantile(run.declareMs, 0.95).toFixed(1)} ms, peak RSS ${run.peakRssMb.toFixed(0)} MB\n`;
    process.stdout.write(`anchor (@tus/server + FileStore alone): ${bare.seconds.toFixed(1)} s, ${bare.mbPerSecond.toFixed(1)} MB/s, peak RSS ${bare.peakRssMb.toFixed(0)} MB\n`);
    process.stdout.write(line('hub on PGlite (embedded)', pglite));
    process.stdout.write(line('hub on PostgreSQL 15', server));
    process.stdout.write(`PGlite vs PostgreSQL: ingest ${(pglite.mbPerSecond / server.mbPerSecond).toFixed(2)}×, declare p95 ${(quantile(pglite.declareMs, 0.95) / quantile(server.declareMs, 0.95)).toFixed(2)}×; every dossier delivered once with its SHA-256 checked at the far end\n`);
  } finally {
    await postgres.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
