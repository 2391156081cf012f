/**
 * Dossier-code blocks leased by the office hub, on PGlite and on a real PostgreSQL server: many
 * concurrent leases from several desks never overlap, and several desks drawing codes through the
 * desk's own code path (Dexie settings, the keeper that leases over HTTP, the issuing step sealing
 * uses) never issue the same code, even when a desk runs out of leased numbers offline. A lease
 * asked again with the request id the desk stored (its answer lost on the way) is the same lease.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { startHub, type Hub } from '../../../main/hub/startHub';
import { MAX_BLOCKS_PER_DESK_DAY } from '../../../main/hub/createCodeBlockStore';
import { createGatewayClient } from '../../../preload/shared/sync/createGatewayClient';
import { SyncFailure } from '../../../preload/shared/sync/SyncFailure';
import { dossierCodeDay, parseDossierCode } from '../../../preload/shared/domain/dossierCode';
import { CODE_BLOCK_SIZE, LEASE_CEILING, RESERVE_PER_SLOT, type CodeBlock } from '../../../preload/shared/domain/leasedDossierCode';
import { DeskDatabase } from '../../../renderer/db/database';
import { inTransaction } from '../../../renderer/db/queries/transaction';
import { issueDeskDossierCode } from '../../../renderer/operations/dossier/issueDeskDossierCode';
import { createCodeBlockKeeper, readLeasedCodeState, recordHubEnrolment } from '../../../renderer/operations/sync/createCodeBlockKeeper';
import { readReceiptSettings } from '../../../renderer/operations/settings/deskSettings';
import { useHubDatabases } from '../../support/hub/useHubDatabases';
import { startFaultProxy } from '../../support/sync/startFaultProxy';

const { hubOptions } = useHubDatabases('blocks');

async function enrolDesks(hub: Hub, count: number): Promise<Array<{ token: string; deskId: string; slot: number }>> {
  const desks = [];
  for (let i = 1; i <= count; i += 1) {
    const { code } = await hub.store.createEnrolmentCode({ deskName: `Bàn ${i}`, role: 'desk' });
    const { desk, token } = await hub.store.redeemEnrolmentCode(code);
    desks.push({ token, deskId: desk.id, slot: desk.slot });
  }
  return desks;
}

/** Every number of every block once: a repeated number is an overlap. */
function numbersOf(blocks: readonly CodeBlock[]): number[] {
  return blocks.flatMap((block) => Array.from({ length: block.to - block.from + 1 }, (_, i) => block.from + i));
}

describe.each(['pglite', 'postgres'] as const)('dossier-code blocks on %s', (kind) => {
  it('gives 5 desks × 40 concurrent lease calls blocks that never overlap, tile the day from 0001, and are audited', async () => {
    const hub = await startHub(await hubOptions(kind));
    try {
      const desks = await enrolDesks(hub, 5);
      const day = dossierCodeDay(new Date());
      const prefixes = ['000.00.16.H27', '000.00.31.H27'];
      const replies = await Promise.all(
        desks.flatMap((desk) => {
          const client = createGatewayClient({ serverUrl: hub.url, token: desk.token });
          return Array.from({ length: 40 }, (_, call) => client.leaseCodeBlocks(prefixes[call % 2]!, day, 1).then((blocks) => blocks.map((block) => ({ ...block, deskId: desk.deskId }))));
        }),
      );
      const leased = replies.flat();
      expect(leased).toHaveLength(200);
      for (const prefix of prefixes) {
        const ofPrefix = leased.filter((block) => block.prefix === prefix);
        const numbers = numbersOf(ofPrefix);
        // 100 blocks of 50: exactly 1…5000, each number once.
        expect(numbers).toHaveLength(100 * CODE_BLOCK_SIZE);
        expect(new Set(numbers).size).toBe(numbers.length);
        expect(Math.min(...numbers)).toBe(1);
        expect(Math.max(...numbers)).toBe(100 * CODE_BLOCK_SIZE);
        for (const desk of desks) expect(ofPrefix.filter((block) => block.deskId === desk.deskId)).toHaveLength(20);
      }
      // What the desks were told is what the hub keeps.
      const kept = await hub.store.codeBlocks({ day });
      const key = (block: CodeBlock & { deskId: string }) => `${block.deskId} ${block.prefix} ${block.from}-${block.to}`;
      expect(kept.map(key).sort()).toEqual(leased.map(key).sort());
      const audit = await hub.database.db.selectFrom('hub_audit').select(['action', 'actor', 'detail']).where('action', '=', 'code-blocks').execute();
      expect(audit).toHaveLength(200);
      expect(await hub.store.verifyAudit()).toEqual({ entries: 5 * 2 + 200 });

      // A desk's own limit per day, then the day's numbers running out at the ceiling, then the reserve is never leased.
      const first = createGatewayClient({ serverUrl: hub.url, token: desks[0]!.token });
      const rest: CodeBlock[] = [];
      for (let held = 20; held < MAX_BLOCKS_PER_DESK_DAY; held += 10) rest.push(...(await first.leaseCodeBlocks(prefixes[0]!, day, 10)));
      const limit = await first.leaseCodeBlocks(prefixes[0]!, day, 1).catch((error: unknown) => error);
      expect(limit).toBeInstanceOf(SyncFailure);
      expect((limit as SyncFailure).userMessage).toBe(`Máy chủ đơn vị không cấp thêm dải số hồ sơ. Bàn "Bàn 1" đã nhận đủ ${MAX_BLOCKS_PER_DESK_DAY} dải số cho ngày này.`);
      for (const desk of desks.slice(1)) {
        const client = createGatewayClient({ serverUrl: hub.url, token: desk.token });
        for (let call = 0; call < 2; call += 1) rest.push(...(await client.leaseCodeBlocks(prefixes[0]!, day, 10).catch(() => [])));
      }
      expect(numbersOf(rest).at(-1)).toBe(LEASE_CEILING);
      expect(numbersOf(rest)).toHaveLength(LEASE_CEILING - 100 * CODE_BLOCK_SIZE);
      const last = createGatewayClient({ serverUrl: hub.url, token: desks[4]!.token });
      const exhausted = await last.leaseCodeBlocks(prefixes[0]!, day, 1).catch((error: unknown) => error);
      expect((exhausted as SyncFailure).userMessage).toBe(`Máy chủ đơn vị không cấp thêm dải số hồ sơ. Máy chủ đã cấp hết dải số hồ sơ của ngày ${day} (${LEASE_CEILING} số); các bàn dùng số dự phòng của mình.`);

      // Refusals: a day far away, a malformed request, a revoked desk.
      const farDay = dossierCodeDay(new Date(Date.now() + 30 * 86_400_000));
      expect(((await first.leaseCodeBlocks(prefixes[1]!, farDay, 1).catch((error: unknown) => error)) as SyncFailure).userMessage).toMatch(/nằm ngoài khoảng đó/);
      const malformed = await fetch(`${hub.url}/api/v1/desk/code-blocks`, { method: 'POST', headers: { Authorization: `Bearer ${desks[1]!.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ prefix: 'x', day, count: 1, slot: 3 }) });
      expect(malformed.status).toBe(400);
      await hub.store.revokeDesk('Bàn 2');
      const revoked = await createGatewayClient({ serverUrl: hub.url, token: desks[1]!.token }).leaseCodeBlocks(prefixes[1]!, day, 1).catch((error: unknown) => error);
      expect(revoked).toMatchObject({ kind: 'revoked' });
      expect((revoked as SyncFailure).userMessage).toMatch(/^Bàn này đã bị thu hồi khỏi máy chủ đơn vị/);
    } finally {
      await hub.close();
    }
  });

  it('answers the same lease to the same (desk, request id), once in its table and its audit, and the next blocks to a new id', async () => {
    const hub = await startHub(await hubOptions(kind));
    try {
      const [one, two] = await enrolDesks(hub, 2);
      const day = dossierCodeDay(new Date());
      const prefix = '000.00.16.H27';
      const client = createGatewayClient({ serverUrl: hub.url, token: one!.token });
      const first = crypto.randomUUID();
      const leased = await client.leaseCodeBlocks(prefix, day, 2, first);
      expect(leased).toEqual([
        { prefix, day, from: 1, to: 50 },
        { prefix, day, from: 51, to: 100 },
      ]);
      // Asked again with the same id (the answer was lost): the same blocks, said to be a repeat.
      const again = await fetch(`${hub.url}/api/v1/desk/code-blocks`, { method: 'POST', headers: { Authorization: `Bearer ${one!.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ prefix, day, count: 2, requestId: first }) });
      expect(again.status).toBe(200);
      expect(((await again.json()) as { blocks: CodeBlock[] }).blocks).toEqual(leased);
      // Five at once with one id, as a desk whose timed-out request is still running at the hub might send.
      const repeats = await Promise.all(Array.from({ length: 5 }, () => client.leaseCodeBlocks(prefix, day, 2, first)));
      for (const repeat of repeats) expect(repeat).toEqual(leased);
      const rows = await hub.database.db.selectFrom('code_blocks').select(['desk_id', 'first_number', 'last_number', 'request_id']).where('request_id', '=', first).orderBy('first_number').execute();
      expect(rows.map((row) => [row.desk_id, row.first_number, row.last_number])).toEqual([
        [one!.deskId, 1, 50],
        [one!.deskId, 51, 100],
      ]);

      // A new id is a new lease: the next blocks; the same id from another desk is that desk's own request.
      const second = await client.leaseCodeBlocks(prefix, day, 1, crypto.randomUUID());
      expect(second).toEqual([{ prefix, day, from: 101, to: 150 }]);
      const other = await createGatewayClient({ serverUrl: hub.url, token: two!.token }).leaseCodeBlocks(prefix, day, 1, first);
      expect(other).toEqual([{ prefix, day, from: 151, to: 200 }]);
      // The id used for another day is refused, not taken as a new lease.
      const tomorrow = dossierCodeDay(new Date(Date.now() + 86_400_000));
      const reused = await client.leaseCodeBlocks(prefix, tomorrow, 2, first).catch((error: unknown) => error);
      expect(reused).toMatchObject({ kind: 'blocks-refused' });
      expect((reused as SyncFailure).userMessage).toContain('đã được dùng cho mã cơ quan hoặc ngày khác');

      const kept = await hub.store.codeBlocks({ prefix });
      expect(kept.map((block) => [block.deskId, block.from])).toEqual([
        [one!.deskId, 1],
        [one!.deskId, 51],
        [one!.deskId, 101],
        [two!.deskId, 151],
      ]);
      // One audit entry per lease, none per repeat.
      const audit = await hub.database.db.selectFrom('hub_audit').select('detail').where('action', '=', 'code-blocks').orderBy('seq').execute();
      expect(audit.map((entry) => (typeof entry.detail === 'string' ? JSON.parse(entry.detail) : entry.detail) as { blocks: number[][] }).map((detail) => detail.blocks)).toEqual([[[1, 50], [51, 100]], [[101, 150]], [[151, 200]]]);
      expect((await hub.store.verifyAudit()).brokenAt).toBeUndefined();
    } finally {
      await hub.close();
    }
  });

  it('has a desk whose lease answer was lost ask again after a restart with the id it stored, and get the same blocks', async () => {
    const hub = await startHub(await hubOptions(kind));
    const db = new DeskDatabase(`blocks-lost-${kind}-${crypto.randomUUID()}`);
    const link = await startFaultProxy({ target: hub.url, faults: { lostResponseRate: 1 } });
    try {
      const [desk] = await enrolDesks(hub, 1);
      await recordHubEnrolment(db, desk!);
      // The hub leases, then the link drops before its answer is back.
      const before = createCodeBlockKeeper({ db, client: createGatewayClient({ serverUrl: link.url, token: desk!.token }), enrolment: desk! });
      expect(await before.topUp().catch((error: unknown) => error)).toMatchObject({ kind: 'offline' });
      expect(link.stats.injected.lost).toBe(1);
      const leasedUnseen = await hub.store.codeBlocks({ deskId: desk!.deskId });
      expect(leasedUnseen).toHaveLength(2);
      const waiting = (await readLeasedCodeState(db))!;
      expect(waiting.blocks).toEqual([]);
      const [pending] = Object.values(waiting.pendingLeases ?? {});
      expect(pending?.requestId).toMatch(/^[0-9a-f-]{36}$/);

      // The desk restarts (a new keeper on the same profile) and the link is good again.
      link.setFaults({});
      const after = createCodeBlockKeeper({ db, client: createGatewayClient({ serverUrl: link.url, token: desk!.token }), enrolment: desk! });
      expect(await after.topUp()).toBe(6);
      const held = (await readLeasedCodeState(db))!;
      expect(held.pendingLeases).toBeUndefined();
      const kept = await hub.store.codeBlocks({ deskId: desk!.deskId });
      // What the desk holds is what the hub leased to it, each block once; the lost answer's blocks are among them.
      const key = (block: CodeBlock) => `${block.prefix} ${block.day} ${block.from}-${block.to}`;
      expect(held.blocks.map(key).sort()).toEqual(kept.map(key).sort());
      expect(kept).toHaveLength(6);
      for (const block of leasedUnseen) expect(held.blocks.map(key)).toContain(key(block));
      const ids = await hub.database.db.selectFrom('code_blocks').select('request_id').where('desk_id', '=', desk!.deskId).execute();
      expect(ids.filter((row) => row.request_id === pending!.requestId)).toHaveLength(2);
      expect(new Set(ids.map((row) => row.request_id)).size).toBe(3);
    } finally {
      db.close();
      await link.close();
      await hub.close();
    }
  });

  it('lets 3 desks draw 200 codes each concurrently through the desk code path: 600 distinct codes, each inside a block the hub leased to that desk', async () => {
    const hub = await startHub(await hubOptions(kind));
    const databases: DeskDatabase[] = [];
    try {
      const desks = await enrolDesks(hub, 3);
      const drawn = await Promise.all(
        desks.map(async (desk) => {
          const db = new DeskDatabase(`blocks-${kind}-${crypto.randomUUID()}`);
          databases.push(db);
          await recordHubEnrolment(db, desk);
          const keeper = createCodeBlockKeeper({ db, client: createGatewayClient({ serverUrl: hub.url, token: desk.token }), enrolment: desk });
          const config = (await readReceiptSettings(db)).dossierCode;
          const codes: string[] = [];
          // As after enrolment: the first blocks are there before the first seal.
          await keeper.topUp();
          // Officers seal while the sync worker tops the blocks up: ten seals at a time, the keeper asked alongside.
          for (let batch = 0; batch < 20; batch += 1) {
            const [, ...issued] = await Promise.all([keeper.topUp(), ...Array.from({ length: 10 }, () => inTransaction(db, ['settings'], () => issueDeskDossierCode(db, config, new Date())))]);
            for (const one of issued) {
              expect(one.notice).toBeUndefined();
              codes.push(one.code);
            }
          }
          return { desk, codes };
        }),
      );
      const all = drawn.flatMap((entry) => entry.codes);
      expect(all).toHaveLength(600);
      expect(new Set(all).size).toBe(600);
      const kept = await hub.store.codeBlocks();
      for (const { desk, codes } of drawn) {
        for (const code of codes) {
          const { sequence } = parseDossierCode(code);
          const owner = kept.filter((block) => code.startsWith(`${block.prefix}-${block.day}-`) && block.from <= sequence && sequence <= block.to);
          expect(owner.map((block) => block.deskId)).toEqual([desk.deskId]);
        }
        // Drawn in the order of the seals from its blocks: never a number twice, never one skipped back to.
        const sequences = codes.map((code) => parseDossierCode(code).sequence);
        expect(sequences.filter((sequence, i) => i > 0 && sequence <= sequences[i - 1]!)).toEqual([]);
      }

      // Offline (the hub stopped), a desk uses up what it holds, then its reserve, then refuses.
      const offline = drawn[0]!;
      await hub.close();
      const db = databases[0]!;
      const config = (await readReceiptSettings(db)).dossierCode;
      const later: Array<{ code: string; notice?: string }> = [];
      let refusal: unknown;
      for (;;) {
        try {
          later.push(await inTransaction(db, ['settings'], () => issueDeskDossierCode(db, config, new Date())));
        } catch (error) {
          refusal = error;
          break;
        }
      }
      const reserve = later.filter((one) => one.notice);
      expect(reserve).toHaveLength(RESERVE_PER_SLOT);
      const reserveFrom = LEASE_CEILING + (offline.desk.slot - 1) * RESERVE_PER_SLOT + 1;
      expect(reserve.map((one) => parseDossierCode(one.code).sequence)).toEqual(Array.from({ length: RESERVE_PER_SLOT }, (_, i) => reserveFrom + i));
      expect(reserve[0]!.notice).toContain('lấy từ số dự phòng riêng của bàn (còn 19 số)');
      expect(refusal).toMatchObject({ code: 'dossier-code-exhausted' });
      expect((refusal as { userMessage: string }).userMessage).toMatch(/Hãy kết nối mạng tới máy chủ đơn vị để nhận thêm dải số/);
      const everything = [...all, ...later.map((one) => one.code)];
      expect(new Set(everything).size).toBe(everything.length);
    } finally {
      for (const db of databases) db.close();
      await hub.close().catch(() => undefined);
    }
  });
});
