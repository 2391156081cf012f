import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { DeskDatabase, DeskHandle } from '../../../renderer/db/database';
import type { Dossier, Page } from '../../../renderer/db/types';
import { sampleProcedures } from '../../../renderer/db/seedCatalog';
import { appendPages, componentPageCounts, componentPageIds, componentPageKeys, componentsWithPages, dossierPages, lastPageOrder } from '../../../renderer/db/queries/pages';
import { dossierListRows, dossiersAwaitingDigitization, sealedDossiersOfPeriod } from '../../../renderer/db/queries/dossiers';
import { loadDashboard } from '../../../renderer/db/queries/dashboard';
import { loadReportDossiers } from '../../../renderer/db/queries/reports';
import { outboxProgress } from '../../../renderer/db/queries/outbox';
import { sealDossier } from '../../../renderer/operations/dossier/sealDossier';
import { scannedPageId, storeScannedPage } from '../../../renderer/operations/scan/storeScannedPage';
import { fromVietnamClock } from '../../../preload/shared/domain/calendar/localDate';
import { reportPeriod } from '../../../preload/shared/domain/reports/intakeReport';
import { countingEncryptedDatabase } from '../../support/db/countingEncryptedDatabase';

const day = '2026-03-02';
const at = (hour: number) => fromVietnamClock(day, hour, 0).getTime();

function page(id: string, dossierId: string, componentId: string | undefined, order: number): Page {
  return {
    id,
    dossierId,
    ...(componentId ? { componentId } : {}),
    order,
    image: new Blob([new Uint8Array(256).fill(order)], { type: 'image/jpeg' }),
    mime: 'image/jpeg',
    dpi: 300,
    rotation: 0,
    source: 'test',
    ocrText: `trang ${order}`,
    createdAt: 0,
  };
}

/**
 * A sealed-at-rest desk: one procedure with one mandatory component; dossier `ready` has pages on it,
 * `missing` only on an optional one, `sealed` was received today. Every page image is encrypted.
 */
async function desk(): Promise<{ db: DeskDatabase; pageKeyUses: () => number; components: Record<string, string[]> }> {
  const { db, pageKeyUses } = await countingEncryptedDatabase('listing');
  const procedure = sampleProcedures().find((p) => p.code === '1.014392.H38')!;
  await db.procedures.bulkAdd(sampleProcedures());
  await db.users.add({ id: 'u1', username: 'canbo1', displayName: 'Lê Văn B', role: 'officer', createdAt: 0 });
  const dossier = (id: string, fields: Partial<Dossier>): Dossier => ({ id, procedureCode: procedure.code, applicantId: `a-${id}`, status: 'saved', training: true, createdAt: at(8), updatedAt: at(8), pageCount: 0, officerId: 'u1', ...fields });
  const ids = ['ready', 'missing', 'sealed'];
  await db.applicants.bulkAdd(ids.map((id) => ({ id: `a-${id}`, idNumber: '001085123456', fullName: `Nguyễn Văn ${id}`, address: 'Hà Nội', source: 'manual' as const, createdAt: 0, updatedAt: 0 })));
  await db.dossiers.bulkAdd([dossier('ready', {}), dossier('missing', {}), dossier('sealed', { code: 'X-260302-0001', portalStatus: 2, receivedAt: at(9), dueAt: at(9) + 86_400_000 })]);
  const components: Record<string, string[]> = {};
  for (const id of ids) {
    components[id] = procedure.components.map((_, i) => `${id}-c${i}`);
    await db.components.bulkAdd(procedure.components.map((component, order) => ({ id: `${id}-c${order}`, dossierId: id, componentId: component.id, name: component.name, form: component.form, required: component.required, order })));
  }
  // The procedure's first component is its mandatory one, the second and third are optional.
  const [required, optional] = [0, 1];
  if (!procedure.components[required]!.required || procedure.components[optional]!.required) throw new Error('catalog changed: 1.014392.H38 components');
  await db.pages.bulkAdd([
    page('r1', 'ready', `ready-c${required}`, 1),
    page('r2', 'ready', `ready-c${required}`, 2),
    page('r3', 'ready', `ready-c${optional}`, 3),
    page('r4', 'ready', undefined, 4),
    page('m1', 'missing', `missing-c${optional}`, 1),
    page('s1', 'sealed', `sealed-c${required}`, 1),
    page('s2', 'sealed', `sealed-c${optional}`, 2),
  ]);
  await db.outbox.add({ id: 'sealed', dossierId: 'sealed', kind: 'dossier-delivery', state: 'sending', attempts: 0, nextAttemptAt: 0, createdAt: 0, updatedAt: 0, bytesTotal: 100, bytesSent: 40 });
  await db.reviews.add({ dossierId: 'sealed', state: 'rescan', reason: 'Trang 2 bị mờ', reviewerId: 'sup', officerId: 'u1', decidedAt: at(10) });
  return { db, pageKeyUses, components };
}

describe('listing, counting and checking open no page image', () => {
  it('answers every listing, count and check from the indexes and plain records, with encrypted page images stored', async () => {
    const { db, pageKeyUses, components } = await desk();
    const handle: DeskHandle = db;
    // A handle reaches no table: outside renderer/db there is nothing to query but the functions.
    // @ts-expect-error DeskHandle has no tables
    void handle.pages;
    const [c0, c1, c2] = components.ready as [string, string, string];
    const before = pageKeyUses();

    expect(await componentPageCounts(handle, 'ready')).toEqual(new Map([[c0, 2], [c1, 1], [c2, 0]]));
    expect((await componentsWithPages(handle, 'ready')).map((entry) => entry.componentId).sort()).toEqual([c0, c1].sort());
    expect((await componentsWithPages(handle, 'missing')).map((entry) => entry.componentId)).toHaveLength(1);
    expect((await componentPageKeys(handle, 'ready', c0)).map((entry) => entry.id)).toEqual(['r1', 'r2']);
    expect([...(await componentPageIds(handle, 'ready')).values()].flat().sort()).toEqual(['r1', 'r2', 'r3']);
    expect(await lastPageOrder(handle, 'ready')).toBe(4);

    const list = await dossierListRows(handle);
    expect(list.map((row) => row.dossier.id).sort()).toEqual(['missing', 'ready', 'sealed']);
    expect(list.find((row) => row.dossier.id === 'sealed')?.delivery?.state).toBe('sending');
    expect(list.find((row) => row.dossier.id === 'ready')?.applicant?.fullName).toBe('Nguyễn Văn ready');

    const dashboard = await loadDashboard(handle, day, at(16));
    expect(dashboard.intake).toMatchObject({ total: 3, received: 1 });
    expect(dashboard.sentBack).toBe(1);
    expect(await outboxProgress(handle)).toEqual({ waiting: 1, rejected: 0, percent: 40 });

    const report = await loadReportDossiers(handle, reportPeriod('day', day));
    expect(report.map((row) => [row.code, row.applicantName])).toEqual([['X-260302-0001', 'Nguyễn Văn sealed']]);
    expect((await sealedDossiersOfPeriod(handle, at(0), at(0) + 86_400_000)).map((d) => d.id)).toEqual(['sealed']);
    expect(await dossiersAwaitingDigitization(handle)).toEqual(['sealed']);

    expect(pageKeyUses() - before, 'page images opened by listing and counting').toBe(0);

    // The intake check of sealing: refused without the mandatory component, sealed with it.
    const now = fromVietnamClock(day, 9, 30);
    await expect(sealDossier(handle, 'missing', { now })).rejects.toThrow(/Chưa có trang nào cho thành phần bắt buộc/);
    expect((await sealDossier(handle, 'ready', { now })).code).toMatch(/-260302-/);

    expect(pageKeyUses() - before, 'page images opened by the intake check').toBe(0);

    // A page delivered again is recognised by its id alone.
    const scanned = { jobId: 'job', index: 1 };
    await appendPages(handle, 'ready', [{ id: scannedPageId(scanned.jobId, scanned.index), componentId: c0, image: new Blob([new Uint8Array(8)]), mime: 'image/png', source: 'scan:test' }]);
    const afterFirstDelivery = pageKeyUses();
    expect(
      await storeScannedPage(handle, { ...scanned, target: { dossierId: 'ready', componentId: c0 }, data: new Uint8Array(8), mime: 'image/png', dpi: 300, colorMode: 'color', deviceName: 'test' }),
    ).toBe(true);
    expect(pageKeyUses(), 'page images opened by the re-delivery check').toBe(afterFirstDelivery);
    expect(await db.pages.where('dossierId').equals('ready').count()).toBe(5);

    // Sealing the first delivery's image is the only use of the page key in all of the above.
    expect(afterFirstDelivery - before).toBe(1);
  });

  it('does count an opened page image (the counter is live)', async () => {
    const { db, pageKeyUses } = await desk();
    const before = pageKeyUses();
    const pages = await dossierPages(db, 'ready');
    expect(pages.map((p) => p.id)).toEqual(['r1', 'r2', 'r3', 'r4']);
    expect(new Uint8Array(await pages[0]!.image.arrayBuffer())[0]).toBe(1);
    expect(pageKeyUses() - before).toBe(4);
  });
});
