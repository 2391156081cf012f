import type { Kysely } from 'kysely';
import type { HubTables } from './database/HubTables';
import type { HubDesk } from './createHubStore';
import { appendHubAudit, lock } from './appendHubAudit';
import { HubFailure } from './HubFailure';
import { dossierCodeDay } from '../../preload/shared/domain/dossierCode';
import { CODE_BLOCK_SIZE, LEASE_CEILING, type CodeBlock } from '../../preload/shared/domain/leasedDossierCode';

const CODE_BLOCK_LOCK = 7_303;
/** Blocks one desk may hold for one agency code and day (2 000 numbers): one desk cannot drain the day. */
export const MAX_BLOCKS_PER_DESK_DAY = 40;
/** Days a block may be leased for, around the hub's own today (a desk's clock may be a little off). */
const DAYS_BEFORE = 1;
const DAYS_AFTER = 7;

function allowedDays(now: Date): string[] {
  const days: string[] = [];
  for (let offset = -DAYS_BEFORE; offset <= DAYS_AFTER; offset += 1) days.push(dossierCodeDay(new Date(now.getTime() + offset * 86_400_000)));
  return days;
}

/** A lease asked for by a desk; `requestId` (a UUID the desk chose) makes it idempotent. */
export interface CodeBlockLeaseRequest {
  prefix: string;
  day: string;
  count: number;
  requestId?: string;
}

/**
 * Leasing of dossier-code blocks (see preload/shared/domain/leasedDossierCode.ts for the split of
 * the daily sequence). Every lease is one transaction under one advisory lock: it reads the highest
 * number leased for the prefix and day and hands out the next blocks, so concurrent leases, from
 * one connection or many, never overlap. The lease is in the audit log with its numbers. A request
 * id the same desk used before is answered with that lease's blocks (`replayed`), leasing nothing
 * and auditing nothing, so a desk that lost the answer and asks again wastes no block.
 */
export function createCodeBlockStore(db: Kysely<HubTables>) {
  return {
    async leaseCodeBlocks(desk: HubDesk, request: CodeBlockLeaseRequest): Promise<{ blocks: CodeBlock[]; replayed: boolean }> {
      const { prefix, day, count, requestId } = request;
      return db.transaction().execute(async (trx) => {
        await lock(trx, CODE_BLOCK_LOCK);
        if (requestId) {
          const earlier = await trx
            .selectFrom('code_blocks')
            .select(['prefix', 'day', 'first_number', 'last_number'])
            .where('desk_id', '=', desk.id)
            .where('request_id', '=', requestId)
            .orderBy('first_number')
            .execute();
          if (earlier.length > 0) {
            if (earlier.some((row) => row.prefix !== prefix || row.day !== day)) {
              throw new HubFailure('hub-code-request-conflict', 'Mã yêu cầu cấp dải số này đã được dùng cho mã cơ quan hoặc ngày khác.', `${requestId}: ${earlier[0]!.prefix} ${earlier[0]!.day}, asked ${prefix} ${day}`, 409);
            }
            return { blocks: earlier.map((row) => ({ prefix, day, from: row.first_number, to: row.last_number })), replayed: true };
          }
        }
        if (!allowedDays(new Date()).includes(day)) {
          throw new HubFailure('hub-code-day', `Máy chủ chỉ cấp dải số cho các ngày từ hôm qua đến ${DAYS_AFTER} ngày tới; ngày ${day} nằm ngoài khoảng đó. Kiểm tra đồng hồ của máy.`, day, 422);
        }
        const held = await trx
          .selectFrom('code_blocks')
          .select((eb) => eb.fn.countAll<number>().as('blocks'))
          .where('desk_id', '=', desk.id)
          .where('prefix', '=', prefix)
          .where('day', '=', day)
          .executeTakeFirst();
        if (Number(held?.blocks ?? 0) + count > MAX_BLOCKS_PER_DESK_DAY) {
          throw new HubFailure('hub-code-blocks-limit', `Bàn "${desk.name}" đã nhận đủ ${MAX_BLOCKS_PER_DESK_DAY} dải số cho ngày này.`, `${prefix} ${day}`, 409);
        }
        const top = await trx.selectFrom('code_blocks').select((eb) => eb.fn.max('last_number').as('last')).where('prefix', '=', prefix).where('day', '=', day).executeTakeFirst();
        let next = Number(top?.last ?? 0) + 1;
        const blocks: CodeBlock[] = [];
        for (let i = 0; i < count && next + CODE_BLOCK_SIZE - 1 <= LEASE_CEILING; i += 1) {
          blocks.push({ prefix, day, from: next, to: next + CODE_BLOCK_SIZE - 1 });
          next += CODE_BLOCK_SIZE;
        }
        if (blocks.length === 0) {
          throw new HubFailure('hub-code-blocks-exhausted', `Máy chủ đã cấp hết dải số hồ sơ của ngày ${day} (${LEASE_CEILING} số); các bàn dùng số dự phòng của mình.`, `${prefix} ${day}`, 409);
        }
        await trx
          .insertInto('code_blocks')
          .values(blocks.map((block) => ({ desk_id: desk.id, prefix, day, first_number: block.from, last_number: block.to, request_id: requestId ?? null })))
          .execute();
        await appendHubAudit(trx, `desk:${desk.id}`, 'code-blocks', `${prefix}-${day}`, { blocks: blocks.map((block) => [block.from, block.to]), ...(requestId ? { requestId } : {}) });
        return { blocks, replayed: false };
      });
    },

    /** Every block leased, in order of prefix, day and number (for administrators and tests). */
    async codeBlocks(filter: { deskId?: string; prefix?: string; day?: string } = {}): Promise<Array<CodeBlock & { deskId: string }>> {
      let query = db.selectFrom('code_blocks').select(['desk_id', 'prefix', 'day', 'first_number', 'last_number']);
      if (filter.deskId) query = query.where('desk_id', '=', filter.deskId);
      if (filter.prefix) query = query.where('prefix', '=', filter.prefix);
      if (filter.day) query = query.where('day', '=', filter.day);
      const rows = await query.orderBy('prefix').orderBy('day').orderBy('first_number').execute();
      return rows.map((row) => ({ deskId: row.desk_id, prefix: row.prefix, day: row.day, from: row.first_number, to: row.last_number }));
    },
  };
}
