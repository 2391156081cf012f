/**
 * The supervisor's view across desks at the office hub, on both of its databases (PGlite and a
 * real PostgreSQL server): who may read office-wide, the filters and figures over three desks'
 * dossiers, a file download resumed with HTTP Range, and a send-back that reaches only the
 * originating desk's status feed.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { startHub, type Hub } from '../../../main/hub/startHub';
import { createGatewayClient } from '../../../preload/shared/sync/createGatewayClient';
import { useHubDatabases } from '../../support/hub/useHubDatabases';
import { deliverToHub, type HubDelivery } from '../../support/hub/deliverToHub';

const { hubOptions } = useHubDatabases('office');

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const uuid = (n: number) => `7a2c0000-0000-4000-8000-${String(n).padStart(12, '0')}`;

interface Office {
  hub: Hub;
  tokens: { a: string; b: string; c: string; supervisor: string };
  deskIds: { a: string; b: string; c: string };
  delivered: HubDelivery[];
}

/**
 * Three desks and a supervisor enrolled; six dossiers: desk A three (two officers, two procedures,
 * two days), desk B two, desk C one declared whose files never came.
 */
async function office(kind: 'pglite' | 'postgres'): Promise<Office> {
  const hub = await startHub({ ...(await hubOptions(kind)), rateLimit: { ratePerSecond: 10_000, burst: 10_000 } });
  const enrol = async (deskName: string, role: 'desk' | 'supervisor') => hub.store.redeemEnrolmentCode((await hub.store.createEnrolmentCode({ deskName, role })).code);
  const a = await enrol('Bàn 1', 'desk');
  const b = await enrol('Bàn 2', 'desk');
  const c = await enrol('Bàn 3', 'desk');
  const supervisor = await enrol('Bàn lãnh đạo', 'supervisor');
  const lan = { id: 'officer-lan', name: 'Nguyễn Thị Lan' };
  const minh = { id: 'officer-minh', name: 'Trần Văn Minh' };
  const hoa = { id: 'officer-hoa', name: 'Lê Thị Hoa' };
  const delivered = [
    await deliverToHub(hub, a.token, { id: uuid(1), code: '000.00.16.H27-261203-1001', procedureCode: '1.004366', receivedAt: '20261203080000', officer: lan, sizes: [1_500_000], seed: 11 }),
    await deliverToHub(hub, a.token, { id: uuid(2), code: '000.00.16.H27-261203-1002', procedureCode: '1.004366', receivedAt: '20261203093000', officer: minh, sizes: [20_000, 30_000], seed: 21 }),
    await deliverToHub(hub, a.token, { id: uuid(3), code: '000.00.16.H27-261204-1001', procedureCode: '2.000012', receivedAt: '20261204101500', officer: lan, sizes: [40_000], seed: 31 }),
    await deliverToHub(hub, b.token, { id: uuid(4), code: '000.00.16.H27-261203-2001', procedureCode: '2.000012', receivedAt: '20261203140000', officer: hoa, sizes: [50_000], seed: 41 }),
    await deliverToHub(hub, b.token, { id: uuid(5), code: '000.00.16.H27-261204-2001', procedureCode: '1.004366', receivedAt: '20261204235959', officer: hoa, sizes: [60_000], seed: 51 }),
    await deliverToHub(hub, c.token, { id: uuid(6), code: '000.00.16.H27-261203-3001', procedureCode: '1.004366', receivedAt: '20261203000000', sizes: [70_000], seed: 61, commit: false }),
  ];
  // The ministry system moved one of desk B's dossiers on.
  await hub.store.pushStatus({ dossierId: uuid(4), status: 4, source: 'test' });
  return { hub, tokens: { a: a.token, b: b.token, c: c.token, supervisor: supervisor.token }, deskIds: { a: a.desk.id, b: b.desk.id, c: c.desk.id }, delivered };
}

const get = (hub: Hub, token: string, route: string, headers: Record<string, string> = {}) => fetch(`${hub.url}${route}`, { headers: { Authorization: `Bearer ${token}`, ...headers } });
/** A review decision, with a fresh decision id unless the body brings its own. */
const review = (hub: Hub, token: string, id: string, body: Record<string, unknown>) =>
  fetch(`${hub.url}/api/v1/office/dossiers/${id}/review`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ decisionId: crypto.randomUUID(), ...body }) });

interface Figures {
  total: number;
  delivered: number;
  byDesk: Array<{ key: string; label: string; count: number }>;
  byOfficer: Array<{ key: string; label: string; count: number }>;
  byProcedure: Array<{ key: string; count: number }>;
  byStatus: Array<{ key: string; count: number }>;
  byReview: Array<{ key: string; count: number }>;
  desks: Array<{ name: string; role: string }>;
}
interface Page {
  total: number;
  offset: number;
  limit: number;
  dossiers: Array<{ id: string; code: string; desk: { name: string }; officer: { name: string } | null; status: number; delivered: boolean; files: Array<{ name: string; sha256: string; stored: boolean }>; review: { state: string; reason: string | null; reviewer: string } | null }>;
}
const counts = (list: Array<{ key: string; count: number }>) => Object.fromEntries(list.map((entry) => [entry.key, entry.count]));

describe.each(['pglite', 'postgres'] as const)('the supervisor view at the office hub on %s', (kind) => {
  it('answers office-wide only to a supervisor desk: a desk token gets 403 on every office route', async () => {
    const { hub, tokens, delivered } = await office(kind);
    try {
      const file = `/api/v1/office/dossiers/${delivered[0]!.id}/files/${encodeURIComponent(delivered[0]!.files[0]!.name)}`;
      for (const token of [tokens.a, tokens.b, tokens.c]) {
        for (const route of ['/api/v1/office/dossiers', '/api/v1/office/figures', file]) {
          const refused = await get(hub, token, route);
          expect(refused.status).toBe(403);
          expect(((await refused.json()) as { message: string }).message).toBe('Chỉ bàn lãnh đạo mới xem được hồ sơ của cả văn phòng.');
        }
        expect((await review(hub, token, delivered[0]!.id, { decision: 'accepted', reviewer: 'Ai đó' })).status).toBe(403);
      }
      expect((await fetch(`${hub.url}/api/v1/office/figures`)).status).toBe(401);
      expect((await get(hub, tokens.supervisor, '/api/v1/office/figures')).status).toBe(200);
      expect((await get(hub, tokens.supervisor, file)).status).toBe(200);
      // Nothing was decided by the refused attempts.
      expect(await sql`SELECT 1 FROM dossier_reviews`.execute(hub.database.db).then((result) => result.rows.length)).toBe(0);
      expect((await get(hub, tokens.supervisor, '/api/v1/office/dossiers?unknown=1')).status).toBe(400);
      expect((await get(hub, tokens.supervisor, '/api/v1/office/dossiers?status=11')).status).toBe(400);
    } finally {
      await hub.close();
    }
  });

  it('lists and counts the intake of three desks by desk, officer, procedure, status and date, with paging', async () => {
    const { hub, tokens, deskIds } = await office(kind);
    try {
      const figures = async (query = '') => (await (await get(hub, tokens.supervisor, `/api/v1/office/figures${query}`)).json()) as Figures;
      const list = async (query = '') => (await (await get(hub, tokens.supervisor, `/api/v1/office/dossiers${query}`)).json()) as Page;

      const all = await figures();
      expect(all.total).toBe(6);
      expect(all.delivered).toBe(5);
      expect(counts(all.byDesk)).toEqual({ [deskIds.a]: 3, [deskIds.b]: 2, [deskIds.c]: 1 });
      expect(all.byDesk.map((entry) => entry.label)).toEqual(['Bàn 1', 'Bàn 2', 'Bàn 3']);
      expect(counts(all.byOfficer)).toEqual({ 'officer-lan': 2, 'officer-minh': 1, 'officer-hoa': 2, '': 1 });
      expect(all.byOfficer.find((entry) => entry.key === 'officer-hoa')?.label).toBe('Lê Thị Hoa');
      expect(counts(all.byProcedure)).toEqual({ '1.004366': 4, '2.000012': 2 });
      expect(counts(all.byStatus)).toEqual({ '2': 5, '4': 1 });
      expect(counts(all.byReview)).toEqual({ pending: 6 });
      expect(all.desks.map((desk) => `${desk.name}:${desk.role}`)).toEqual(['Bàn 1:desk', 'Bàn 2:desk', 'Bàn 3:desk', 'Bàn lãnh đạo:supervisor']);

      // One day, both edges of it included.
      const day3 = await figures('?from=2026-12-03&to=2026-12-03');
      expect(day3.total).toBe(4);
      expect(counts(day3.byDesk)).toEqual({ [deskIds.a]: 2, [deskIds.b]: 1, [deskIds.c]: 1 });
      expect((await figures('?from=2026-12-04')).total).toBe(2);
      expect((await figures('?to=2026-12-02')).total).toBe(0);
      expect(counts((await figures(`?desk=${deskIds.a}`)).byOfficer)).toEqual({ 'officer-lan': 2, 'officer-minh': 1 });
      expect((await figures('?officer=officer-lan&procedure=2.000012')).total).toBe(1);
      expect((await figures('?status=4')).byDesk).toEqual([{ key: deskIds.b, label: 'Bàn 2', count: 1 }]);

      const deskB = await list(`?desk=${deskIds.b}`);
      expect(deskB.dossiers.map((dossier) => dossier.code)).toEqual(['000.00.16.H27-261204-2001', '000.00.16.H27-261203-2001']);
      expect(deskB.dossiers[1]).toMatchObject({ status: 4, delivered: true, desk: { name: 'Bàn 2' }, officer: { name: 'Lê Thị Hoa' }, review: null });
      const undelivered = (await list(`?desk=${deskIds.c}`)).dossiers[0]!;
      expect(undelivered).toMatchObject({ delivered: false, officer: null });
      expect(undelivered.files.every((file) => !file.stored)).toBe(true);

      // Paging: newest received first, pages that join up to the whole list, and the total on each.
      const whole = await list('?limit=200');
      expect(whole.total).toBe(6);
      const pages = [await list('?limit=4'), await list('?limit=4&offset=4'), await list('?limit=4&offset=8')];
      expect(pages.map((page) => page.dossiers.length)).toEqual([4, 2, 0]);
      expect(pages.map((page) => page.total)).toEqual([6, 6, 6]);
      expect(pages.flatMap((page) => page.dossiers.map((dossier) => dossier.id))).toEqual(whole.dossiers.map((dossier) => dossier.id));
      expect(whole.dossiers[0]!.code).toBe('000.00.16.H27-261204-2001');
      expect(whole.dossiers.at(-1)!.code).toBe('000.00.16.H27-261203-3001');
    } finally {
      await hub.close();
    }
  });

  it('serves a stored file with HTTP Range, so a download resumed after a break gives the exact bytes', async () => {
    const { hub, tokens, delivered } = await office(kind);
    try {
      const file = delivered[0]!.files[0]!;
      const route = `/api/v1/office/dossiers/${delivered[0]!.id}/files/${encodeURIComponent(file.name)}`;
      const whole = await get(hub, tokens.supervisor, route);
      expect(whole.status).toBe(200);
      expect(whole.headers.get('accept-ranges')).toBe('bytes');
      expect(whole.headers.get('etag')).toBe(`"${file.sha256}"`);

      // The first attempt breaks after 600 000 bytes; the resumed one asks for the rest only.
      const reader = (await get(hub, tokens.supervisor, route, { Range: 'bytes=0-' })).body!.getReader();
      const head: Uint8Array[] = [];
      let got = 0;
      while (got < 600_000) {
        const { value, done } = await reader.read();
        if (done) break;
        head.push(value);
        got += value.length;
      }
      await reader.cancel();
      const kept = Buffer.concat(head).subarray(0, 600_000);
      const rest = await get(hub, tokens.supervisor, route, { Range: `bytes=${kept.length}-`, 'If-Range': `"${file.sha256}"` });
      expect(rest.status).toBe(206);
      expect(rest.headers.get('content-range')).toBe(`bytes 600000-1499999/1500000`);
      const tail = Buffer.from(await rest.arrayBuffer());
      expect(tail.length).toBe(900_000);
      const joined = Buffer.concat([kept, tail]);
      expect(sha256(joined)).toBe(file.sha256);
      expect(Buffer.compare(joined, Buffer.from(file.bytes))).toBe(0);

      const middle = await get(hub, tokens.supervisor, route, { Range: 'bytes=1000-1999' });
      expect(middle.status).toBe(206);
      expect(Buffer.compare(Buffer.from(await middle.arrayBuffer()), Buffer.from(file.bytes.subarray(1000, 2000)))).toBe(0);
      const beyond = await get(hub, tokens.supervisor, route, { Range: 'bytes=1500000-' });
      expect(beyond.status).toBe(416);
      expect(beyond.headers.get('content-range')).toBe('bytes */1500000');
      // An If-Range naming other content gets the whole file, never a part of something else.
      expect((await get(hub, tokens.supervisor, route, { Range: 'bytes=10-', 'If-Range': '"other"' })).status).toBe(200);
      // A file whose upload never came is not served.
      const missing = delivered[5]!;
      expect((await get(hub, tokens.supervisor, `/api/v1/office/dossiers/${missing.id}/files/${encodeURIComponent(missing.files[0]!.name)}`)).status).toBe(404);
    } finally {
      await hub.close();
    }
  });

  it('records a send-back, audits it, and puts it in the originating desk\'s status feed only', async () => {
    const { hub, tokens, delivered } = await office(kind);
    try {
      const deskB = delivered[3]!;
      const cursors = { a: 0, b: 0, c: 0 };
      const feed = (token: string) => createGatewayClient({ serverUrl: hub.url, token }).pullStatus(0, 200);
      cursors.b = (await feed(tokens.b)).cursor;

      expect((await review(hub, tokens.supervisor, deskB.id, { decision: 'rescan', reviewer: 'Phạm Lãnh Đạo' })).status).toBe(400);
      expect((await review(hub, tokens.supervisor, deskB.id, { decision: 'rescan', reason: 'mờ', reviewer: 'Phạm Lãnh Đạo' })).status).toBe(400);
      const notDelivered = await review(hub, tokens.supervisor, delivered[5]!.id, { decision: 'accepted', reviewer: 'Phạm Lãnh Đạo' });
      expect(notDelivered.status).toBe(409);
      const decisionId = crypto.randomUUID();
      const sendBack = { decisionId, decision: 'rescan', reason: 'Trang 2 bị   mờ, quét lại', reviewer: 'Phạm Lãnh Đạo' };
      const sent = await review(hub, tokens.supervisor, deskB.id, sendBack);
      expect(sent.status).toBe(201);
      const first = (await sent.json()) as { feedSeq: number; decidedAt: string };
      // Sent again after a lost answer: the same answer, nothing recorded twice.
      const again = await review(hub, tokens.supervisor, deskB.id, sendBack);
      expect(again.status).toBe(200);
      expect(await again.json()).toMatchObject({ feedSeq: first.feedSeq, decidedAt: first.decidedAt, state: 'rescan' });
      // The same decision id with another decision is refused, in Vietnamese.
      const changed = await review(hub, tokens.supervisor, deskB.id, { ...sendBack, decision: 'accepted', reason: undefined });
      expect(changed.status).toBe(409);
      expect(((await changed.json()) as { message: string }).message).toContain('Quyết định này đã được ghi với nội dung khác');
      expect((await review(hub, tokens.supervisor, delivered[0]!.id, { decision: 'accepted', reviewer: 'Phạm Lãnh Đạo' })).status).toBe(201);

      const pageB = await createGatewayClient({ serverUrl: hub.url, token: tokens.b }).pullStatus(cursors.b, 200);
      expect(pageB.changes).toEqual([
        { seq: expect.any(Number), dossierId: deskB.id, status: 4, at: expect.stringMatching(/^\d{14}$/), review: { state: 'rescan', reason: 'Trang 2 bị mờ, quét lại', reviewer: 'Phạm Lãnh Đạo' } },
      ]);
      const pageA = await feed(tokens.a);
      expect(pageA.changes.map((change) => [change.dossierId, change.review?.state])).toEqual([[delivered[0]!.id, 'accepted']]);
      expect(pageA.changes[0]!.status).toBe(2);
      expect((await feed(tokens.c)).changes).toEqual([]);

      const listed = (await (await get(hub, tokens.supervisor, '/api/v1/office/dossiers?review=rescan')).json()) as Page;
      expect(listed.dossiers.map((dossier) => [dossier.code, dossier.review?.reason, dossier.review?.reviewer])).toEqual([['000.00.16.H27-261203-2001', 'Trang 2 bị mờ, quét lại', 'Phạm Lãnh Đạo']]);
      const figures = (await (await get(hub, tokens.supervisor, '/api/v1/office/figures')).json()) as Figures;
      expect(counts(figures.byReview)).toEqual({ pending: 4, rescan: 1, accepted: 1 });
      // The status the ministry gave stays: a review does not move it.
      expect(counts(figures.byStatus)).toEqual({ '2': 5, '4': 1 });

      const audit = await sql<{ action: string; subject: string; detail: { state: string; reason?: string } }>`SELECT action, subject, detail FROM hub_audit WHERE action = 'review' ORDER BY seq`.execute(hub.database.db);
      expect(audit.rows.map((row) => [row.subject, row.detail.state, row.detail.reason])).toEqual([
        [deskB.id, 'rescan', 'Trang 2 bị mờ, quét lại'],
        [delivered[0]!.id, 'accepted', undefined],
      ]);
      expect((await hub.store.verifyAudit()).brokenAt).toBeUndefined();
    } finally {
      await hub.close();
    }
  });
});
