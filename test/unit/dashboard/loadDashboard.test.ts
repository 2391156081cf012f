import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { DeskDatabase } from '../../../renderer/db/database';
import type { Dossier } from '../../../renderer/db/types';
import { sampleProcedures } from '../../../renderer/db/seedCatalog';
import { fromVietnamClock } from '../../../preload/shared/domain/calendar/localDate';
import { loadDashboard } from '../../../renderer/db/queries/dashboard';
import { digitizationRate, summarizeDossiers } from '../../../preload/shared/domain/dashboard/summarizeDossiers';
import { decideReview } from '../../../renderer/operations/dossier/reviewDecision';
import { setCurrentOfficer } from '../../../renderer/operations/auth/currentOfficer';

afterEach(() => setCurrentOfficer(undefined));

const at = (date: string, hour: number) => fromVietnamClock(date, hour, 0).getTime();

function dossier(id: string, fields: Partial<Dossier>): Dossier {
  return { id, procedureCode: 'P1', status: 'saved', training: true, createdAt: 0, updatedAt: 0, pageCount: 1, ...fields };
}

describe('supervisor dashboard figures', () => {
  it('counts the day by procedure, officer and status; digitization over received dossiers only', () => {
    const summary = summarizeDossiers([
      { code: 'A-1', procedureCode: 'P1', officerId: 'u1', status: 'saved', portalStatus: 2, digitizedAt: 5 },
      { code: 'A-2', procedureCode: 'P1', officerId: 'u2', status: 'saved', portalStatus: 2 },
      { procedureCode: 'P2', officerId: 'u1', status: 'draft' },
      { procedureCode: 'P2', status: 'saved', digitizedAt: 9 },
    ]);
    expect(summary).toMatchObject({ total: 4, received: 2, digitized: 1 });
    expect([...summary.byProcedure]).toEqual([['P1', 2], ['P2', 2]]);
    expect([...summary.byOfficer]).toEqual([['u1', 2], ['u2', 1], ['', 1]]);
    expect([...summary.byStatus]).toEqual([['portal-2', 2], ['draft', 1], ['saved', 1]]);
    expect(digitizationRate(summary)).toBe(0.5);
    expect(digitizationRate({ received: 0, digitized: 0 })).toBe(0);
  });

  it('reads one Vietnamese day from IndexedDB with overdue, due-soon, outbox and review figures', async () => {
    const db = new DeskDatabase(`dashboard-${crypto.randomUUID()}`);
    const procedures = sampleProcedures();
    await db.procedures.bulkAdd(procedures);
    const [p1, p2] = [procedures[0]!.code, procedures[1]!.code];
    await db.users.bulkAdd([
      { id: 'u1', username: 'canbo1', displayName: 'Lê Văn B', role: 'officer', createdAt: 0 },
      { id: 'sup', username: 'lanhdao', displayName: 'Trần Thị C', role: 'supervisor', createdAt: 0 },
    ]);
    const day = '2026-03-02';
    const now = at(day, 16);
    await db.dossiers.bulkAdd([
      // Received at 00:30 Vietnam time on the day (still 1 March in UTC): counts for 2 March.
      dossier('a', { code: 'X-260302-0001', procedureCode: p1, officerId: 'u1', portalStatus: 2, createdAt: at(day, 0) - 3_600_000, receivedAt: at(day, 0) + 1_800_000, dueAt: now + 3_600_000, digitizedAt: now }),
      dossier('b', { code: 'X-260302-0002', procedureCode: p1, officerId: 'u1', portalStatus: 2, createdAt: at(day, 9), receivedAt: at(day, 9), dueAt: now + 3 * 86_400_000 }),
      dossier('c', { procedureCode: p2, officerId: 'u1', status: 'draft', createdAt: at(day, 10) }),
      // Another day: not in the figures, but overdue and open, and one overdue but already returned.
      dossier('d', { code: 'X-260220-0001', procedureCode: p2, portalStatus: 2, createdAt: at('2026-02-20', 9), receivedAt: at('2026-02-20', 9), dueAt: at('2026-03-01', 16) }),
      dossier('e', { code: 'X-260220-0002', procedureCode: p2, portalStatus: 10, createdAt: at('2026-02-20', 9), receivedAt: at('2026-02-20', 9), dueAt: at('2026-03-01', 16) }),
      // The very start of the next day belongs to the next day.
      dossier('f', { code: 'X-260303-0001', procedureCode: p2, portalStatus: 2, createdAt: at('2026-03-03', 0), receivedAt: at('2026-03-03', 0), dueAt: now + 86_400_000 }),
    ]);
    await db.outbox.bulkAdd([
      { id: 'o1', dossierId: 'a', kind: 'dossier', state: 'queued', attempts: 0, nextAttemptAt: 0, createdAt: 0, updatedAt: 0 },
      { id: 'o2', dossierId: 'b', kind: 'dossier', state: 'retrying', attempts: 2, nextAttemptAt: 0, createdAt: 0, updatedAt: 0 },
      { id: 'o3', dossierId: 'd', kind: 'dossier', state: 'delivered', attempts: 1, nextAttemptAt: 0, createdAt: 0, updatedAt: 0 },
      { id: 'o4', dossierId: 'e', kind: 'file', state: 'rejected', attempts: 1, nextAttemptAt: 0, createdAt: 0, updatedAt: 0 },
    ]);
    setCurrentOfficer({ id: 'sup', username: 'lanhdao', displayName: 'Trần Thị C', role: 'supervisor' });
    await decideReview(db, 'b', { state: 'rescan', reason: 'Trang 2 bị mờ' }, now);

    const data = await loadDashboard(db, day, now);
    expect(data.intake).toMatchObject({ total: 3, received: 2, digitized: 1 });
    expect(data.intake.byProcedure.get(p1)).toBe(2);
    expect(data.procedureNames.get(p1)).toBe(procedures[0]!.name);
    expect(data.officerNames.get('u1')).toBe('Lê Văn B');
    expect([...data.intake.byStatus]).toEqual([['portal-2', 2], ['draft', 1]]);
    expect([...data.outbox]).toEqual([['queued', 1], ['sending', 0], ['retrying', 1], ['delivered', 1], ['rejected', 1]]);
    expect(data.overdueCount).toBe(1);
    expect(data.overdue.map((d) => d.id)).toEqual(['d']);
    expect(data.dueSoon.map((d) => d.id)).toEqual(['a', 'f']);
    expect({ awaiting: data.awaitingReview, sentBack: data.sentBack }).toEqual({ awaiting: 1, sentBack: 1 });

    // The officer rescans (the dossier changes): it waits for the supervisor again.
    await db.dossiers.update('b', { updatedAt: now + 1 });
    expect((await loadDashboard(db, day, now)).awaitingReview).toBe(2);
  });

  it('only a supervisor decides, a send-back needs its reason, and a draft cannot be reviewed', async () => {
    const db = new DeskDatabase(`review-${crypto.randomUUID()}`);
    await db.dossiers.bulkAdd([dossier('s', { code: 'X-1', officerId: 'u1' }), dossier('d', {})]);
    setCurrentOfficer({ id: 'u1', username: 'canbo1', displayName: 'B', role: 'officer' });
    await expect(decideReview(db, 's', { state: 'accepted' })).rejects.toThrow(/chỉ dành cho lãnh đạo/);
    setCurrentOfficer({ id: 'sup', username: 'lanhdao', displayName: 'C', role: 'supervisor' });
    await expect(decideReview(db, 's', { state: 'rescan', reason: ' ' })).rejects.toThrow(/Hãy ghi lý do trả về/);
    await expect(decideReview(db, 'd', { state: 'accepted' })).rejects.toThrow(/đã tiếp nhận/);
    const review = await decideReview(db, 's', { state: 'rescan', reason: 'Thiếu  trang   ký' }, 7);
    expect(review).toEqual({ dossierId: 's', state: 'rescan', reason: 'Thiếu trang ký', reviewerId: 'sup', officerId: 'u1', decidedAt: 7 });
    const entry = await db.auditLog.orderBy('seq').last();
    expect(entry).toMatchObject({ actor: 'sup', action: 'dossier-reviewed', target: 's' });
  });
});
