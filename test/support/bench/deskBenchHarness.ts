/**
 * Benchmarks run inside the real app page in Chromium (bundled by the benchmark, evaluated in the
 * page): the app's Dexie database on the browser's IndexedDB, its encryption middleware with
 * WebCrypto, its dashboard query and its React dashboard screen.
 */
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { DeskDatabase, sharedDatabase, DATABASE_NAME } from '../../../renderer/db/database';
import type { Dossier, Page } from '../../../renderer/db/types';
import { createEncryptionMiddleware, PERSONAL_FIELDS } from '../../../renderer/db/encryption/encryptionMiddleware';
import { importDataKey, decryptField, encryptField } from '../../../renderer/db/encryption/fieldCipher';
import { loadDashboard } from '../../../renderer/db/queries/dashboard';
import { summarizeDossiers } from '../../../preload/shared/domain/dashboard/summarizeDossiers';
import { DashboardScreen } from '../../../renderer/features/dashboard/DashboardScreen';
import { fromVietnamClock, addDays } from '../../../preload/shared/domain/calendar/localDate';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Write and read `count` pages of `bytes` each, plain and encrypted; MB/s of each. */
async function encryption(input: { count: number; bytes: number; rounds: number }) {
  const key = await importDataKey(crypto.getRandomValues(new Uint8Array(32)));
  const image = crypto.getRandomValues(new Uint8Array(Math.min(input.bytes, 65_536)));
  const body = new Uint8Array(input.bytes);
  for (let offset = 0; offset < body.length; offset += image.length) body.set(image.subarray(0, Math.min(image.length, body.length - offset)), offset);
  const pages = (run: string): Page[] =>
    Array.from({ length: input.count }, (_, i) => ({ id: `${run}-${i}`, dossierId: run, componentId: 'c', order: i, image: new Blob([body], { type: 'image/jpeg' }), mime: 'image/jpeg', rotation: 0, source: 'bench', ocrText: 'Cộng hòa xã hội chủ nghĩa Việt Nam. '.repeat(40), createdAt: 0 }));
  const results: Record<'plain' | 'encrypted', { write: number[]; read: number[] }> = { plain: { write: [], read: [] }, encrypted: { write: [], read: [] } };
  for (let round = 0; round < input.rounds; round++) {
    for (const mode of ['plain', 'encrypted'] as const) {
      const name = `bench-encryption-${mode}-${round}`;
      const db = new DeskDatabase(name);
      if (mode === 'encrypted') db.use(createEncryptionMiddleware(PERSONAL_FIELDS, () => Promise.resolve(key)));
      const batch = pages(`${mode}${round}`);
      let t = performance.now();
      for (const page of batch) await db.pages.add(page);
      results[mode].write.push(performance.now() - t);
      t = performance.now();
      let total = 0;
      for (const page of batch) total += (await (await db.pages.get(page.id))!.image.arrayBuffer()).byteLength;
      results[mode].read.push(performance.now() - t);
      if (total !== input.count * input.bytes) throw new Error(`read back ${total} bytes`);
      db.close();
      await Dexie_delete(name);
    }
  }
  // The cipher alone, with no database: what encryption would cost if IndexedDB did not have to be held open.
  const cipherOnly: number[] = [];
  for (let round = 0; round < input.rounds; round++) {
    const batch = pages(`c${round}`);
    const t = performance.now();
    for (const page of batch) {
      const encrypted = await encryptField(key, { table: 'pages', key: page.id, field: 'image' }, page.image);
      await decryptField(key, { table: 'pages', key: page.id, field: 'image' }, encrypted!);
    }
    cipherOnly.push(performance.now() - t);
  }
  const mb = (input.count * input.bytes) / 1_048_576;
  const rate = (ms: number[]) => mb / (median(ms) / 1000);
  return {
    cipherRoundTripMBps: rate(cipherOnly),
    plainWriteMBps: rate(results.plain.write),
    encryptedWriteMBps: rate(results.encrypted.write),
    plainReadMBps: rate(results.plain.read),
    encryptedReadMBps: rate(results.encrypted.read),
  };
}

function Dexie_delete(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
  });
}

const PROCEDURES = ['1.014392.H38', '1.001193', '2.000001', '1.004366', '1.003003', '2.002154'];

/**
 * Fills the app's own database: `dossiers` over `days` days ending on `day` (`onDay` of them on
 * `day` itself), `pagesPerDossier` page records each, most of the history closed (status 10).
 */
async function seed(input: { dossiers: number; pagesPerDossier: number; days: number; day: string; onDay: number }) {
  const db = new DeskDatabase(DATABASE_NAME);
  const officers = Array.from({ length: 8 }, (_, i) => ({ id: `u${i}`, username: `canbo${i}`, displayName: `Cán bộ ${i + 1}`, role: 'officer' as const, createdAt: 0 }));
  await db.users.bulkPut(officers);
  const t0 = performance.now();
  const end = fromVietnamClock(input.day, 17, 0).getTime();
  const imageBytes = new Uint8Array(256);
  const chunk = 1000;
  for (let start = 0; start < input.dossiers; start += chunk) {
    const dossiers: Dossier[] = [];
    const pages: Page[] = [];
    for (let i = start; i < Math.min(input.dossiers, start + chunk); i++) {
      const onDay = i < input.onDay;
      const dayOffset = onDay ? 0 : 1 + (i % (input.days - 1));
      const receivedAt = fromVietnamClock(addDays(input.day, -dayOffset), 8 + (i % 8), i % 60).getTime();
      const open = dayOffset < 15;
      const dossier: Dossier = {
        id: `d${i}`,
        code: `000.00.16.H27-${i}`,
        procedureCode: PROCEDURES[i % PROCEDURES.length]!,
        applicantId: `a${i}`,
        status: 'saved',
        portalStatus: open ? (i % 5 === 0 ? 4 : 2) : 10,
        training: true,
        createdAt: receivedAt - 600_000,
        updatedAt: receivedAt,
        receivedAt,
        dueAt: receivedAt + (i % 12) * 86_400_000,
        officerId: officers[i % officers.length]!.id,
        pageCount: input.pagesPerDossier,
        ...(i % 10 === 0 ? {} : { digitizedAt: receivedAt + 60_000 }),
      };
      dossiers.push(dossier);
      for (let p = 0; p < input.pagesPerDossier; p++) {
        pages.push({ id: `d${i}-p${p}`, dossierId: dossier.id, componentId: `d${i}-c${p % 3}`, order: p, image: imageBytes as unknown as Blob, mime: 'image/jpeg', rotation: 0, source: 'bench', ocrText: `Trang ${p} hồ sơ ${i}`, createdAt: receivedAt });
      }
    }
    await db.transaction('rw', db.dossiers, db.pages, async () => {
      await db.dossiers.bulkPut(dossiers);
      await db.pages.bulkPut(pages);
    });
  }
  const seeded = { ms: performance.now() - t0, dossiers: await db.dossiers.count(), pages: await db.pages.count(), end };
  db.close();
  return seeded;
}

/** The dashboard query (indexed) against a naive full scan of the dossiers, `rounds` times each; medians in ms. */
async function query(input: { day: string; rounds: number }) {
  const db = new DeskDatabase(DATABASE_NAME);
  const now = fromVietnamClock(input.day, 17, 0).getTime();
  let t = performance.now();
  const first = await loadDashboard(db, input.day, now);
  const firstMs = performance.now() - t;
  const indexed: number[] = [];
  const naive: number[] = [];
  for (let round = 0; round < input.rounds; round++) {
    t = performance.now();
    await loadDashboard(db, input.day, now);
    indexed.push(performance.now() - t);
    t = performance.now();
    const start = fromVietnamClock(input.day, 0, 0).getTime();
    const all = await db.dossiers.toArray();
    summarizeDossiers(all.filter((d) => (d.receivedAt ?? d.createdAt) >= start && (d.receivedAt ?? d.createdAt) < start + 86_400_000));
    naive.push(performance.now() - t);
  }
  db.close();
  return { firstMs, indexedMs: median(indexed), naiveFullScanMs: median(naive), dayTotal: first.intake.total, overdue: first.overdueCount, open: first.overdueCount + first.dueSoonCount };
}

/** Mounts the real dashboard screen and waits until its figures are on screen; ms from mount. */
async function render() {
  sharedDatabase();
  const holder = document.createElement('div');
  document.body.append(holder);
  const t = performance.now();
  const root = createRoot(holder);
  root.render(createElement(DashboardScreen));
  await new Promise<void>((resolve) => {
    const check = () => (holder.querySelector('[data-testid="figure-total"] dd') ? resolve() : requestAnimationFrame(check));
    check();
  });
  const ms = performance.now() - t;
  const total = holder.querySelector('[data-testid="figure-total"] dd')?.textContent;
  root.unmount();
  holder.remove();
  return { ms, total };
}

(window as unknown as { __deskBench: unknown }).__deskBench = { encryption, seed, query, render };
