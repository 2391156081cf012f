import { DomainError } from './DomainError';
import { dossierCodeDay, MAX_SEQUENCE } from './dossierCode';

/**
 * Dossier codes of a desk enrolled with the office hub: the hub leases blocks of the daily
 * sequence (per agency code and day), the desk stores them and issues from them offline.
 *
 * The daily sequence of an agency is split once and for all:
 * - `1 … LEASE_CEILING` (8000) is leased by the hub in blocks of `CODE_BLOCK_SIZE` (50), one
 *   transaction at a time, so no two desks ever hold the same number;
 * - `LEASE_CEILING+1 … 9980` is the **reserve**: slot `s` of the hub (1…99) owns the 20 numbers
 *   `8000 + 20(s-1) + 1 … 8000 + 20s` of every day. The hub never leases them and slots are never
 *   reused, so a desk that has used every number it leased while it is offline still issues codes
 *   nobody else can issue, and says so.
 * - When leases and reserve are both used up, issuing fails with a Vietnamese message: a refusal
 *   is better than a silently duplicated code.
 * Numbers are never reused: the desk keeps, per agency code and day, the highest leased number it
 * issued and how much of its reserve it used, and only issues above / after them.
 * Desks that are not enrolled keep the hand-typed partitions of `dossierCode.ts`, unchanged.
 */

/** Numbers in one block leased by the hub. */
export const CODE_BLOCK_SIZE = 50;
/** Highest number the hub leases; the numbers above it are the desks' reserve. */
export const LEASE_CEILING = 8000;
/** Numbers of the reserve owned by each hub slot, every day. */
export const RESERVE_PER_SLOT = 20;
/** Highest hub slot that has a reserve (slots above it rely on leased blocks only). */
export const MAX_RESERVE_SLOT = Math.floor((MAX_SEQUENCE - LEASE_CEILING) / RESERVE_PER_SLOT);
/**
 * A block is leased ahead once fewer than this many leased numbers are left for a day: half of
 * the current block used with one further block already held. Days ahead are topped up to it too.
 */
export const LEASE_LOW_WATER = CODE_BLOCK_SIZE + CODE_BLOCK_SIZE / 2;
/** Days after today the desk holds blocks for, so a day (or a weekend) offline still has numbers. */
export const DAYS_HELD_AHEAD = 2;
const KEPT_DAYS = 62;
const AGENCY_CODE_PATTERN = /^[A-Z0-9]{1,6}(\.[A-Z0-9]{1,6}){0,5}$/;

/** A block of the daily sequence leased by the hub for one agency code and day. */
export interface CodeBlock {
  prefix: string;
  /** `YYMMDD`, Vietnamese calendar. */
  day: string;
  from: number;
  to: number;
}

/** What an enrolled desk stores between issues (a plain object in its settings table). */
export interface LeasedCodeState {
  /** The hub's id of this desk and its slot (which fixes its reserve). */
  deskId: string;
  slot: number;
  blocks: CodeBlock[];
  /** `prefix|day` → highest leased number issued and how many reserve numbers were issued. */
  used: Record<string, { leased: number; reserve: number }>;
  /**
   * `prefix|day` → a lease asked for whose blocks are not stored yet. Its id is stored before the
   * request goes out and sent again until the blocks are in, so an answer lost on the way (or a
   * restart in between) gets the same blocks from the hub instead of a second lease.
   */
  pendingLeases?: Record<string, PendingLease>;
}

/** A lease request on its way: the hub answers the same request id with the same blocks. */
export interface PendingLease {
  requestId: string;
  count: number;
}

export interface LeasedIssue {
  code: string;
  state: LeasedCodeState;
  /** True when the number came from the desk's reserve because no leased number was left. */
  fromReserve: boolean;
  /** Reserve numbers still left that day after this one. */
  reserveLeft: number;
}

function keyOf(prefix: string, day: string): string {
  return `${prefix}|${day}`;
}

/** The state of a desk that has just enrolled; blocks already held (same machine, same day) stay. */
export function enrolledCodeState(deskId: string, slot: number, previous?: LeasedCodeState): LeasedCodeState {
  if (!Number.isInteger(slot) || slot < 1 || slot > MAX_SEQUENCE) throw new DomainError('invalid-desk-config', `Số bàn ${slot} do máy chủ cấp không hợp lệ.`);
  return { deskId, slot, blocks: previous?.blocks ?? [], used: previous?.used ?? {} };
}

/** The reserve of a hub slot, or undefined for slots above MAX_RESERVE_SLOT. */
export function reserveOfSlot(slot: number): { from: number; to: number } | undefined {
  if (!Number.isInteger(slot) || slot < 1 || slot > MAX_RESERVE_SLOT) return undefined;
  const from = LEASE_CEILING + (slot - 1) * RESERVE_PER_SLOT + 1;
  return { from, to: from + RESERVE_PER_SLOT - 1 };
}

/**
 * Records blocks the hub leased. Refuses a block outside `1 … LEASE_CEILING` or overlapping one
 * already held, so a faulty reply cannot make the desk issue a number twice.
 */
export function addCodeBlocks(state: LeasedCodeState, blocks: readonly CodeBlock[]): LeasedCodeState {
  const held = [...state.blocks];
  for (const block of blocks) {
    if (!AGENCY_CODE_PATTERN.test(block.prefix) || !/^\d{6}$/.test(block.day) || !Number.isInteger(block.from) || !Number.isInteger(block.to) || block.from < 1 || block.to > LEASE_CEILING || block.from > block.to) {
      throw new DomainError('invalid-sequence-lease', `Dải số máy chủ cấp ${block.from}–${block.to} nằm ngoài dải 0001–${LEASE_CEILING} dành cho cấp phát.`);
    }
    if (held.some((other) => other.prefix === block.prefix && other.day === block.day && other.from <= block.to && block.from <= other.to)) {
      throw new DomainError('invalid-sequence-lease', `Dải số ${block.from}–${block.to} trùng với dải đã được cấp.`);
    }
    held.push({ prefix: block.prefix, day: block.day, from: block.from, to: block.to });
  }
  return { ...state, blocks: held };
}

/** Leased numbers still unused for an agency code and day. */
export function leasedNumbersLeft(state: LeasedCodeState, prefix: string, day: string): number {
  const last = state.used[keyOf(prefix, day)]?.leased ?? 0;
  return state.blocks
    .filter((block) => block.prefix === prefix && block.day === day && block.to > last)
    .reduce((sum, block) => sum + block.to - Math.max(block.from, last + 1) + 1, 0);
}

/** Days (from the day of `now`) whose leased numbers are below the low-water mark, with how many blocks to ask for. */
export function codeBlocksWanted(state: LeasedCodeState, prefix: string, now: Date): Array<{ day: string; count: number }> {
  const wanted: Array<{ day: string; count: number }> = [];
  for (let ahead = 0; ahead <= DAYS_HELD_AHEAD; ahead += 1) {
    const day = dossierCodeDay(new Date(now.getTime() + ahead * 86_400_000));
    const left = leasedNumbersLeft(state, prefix, day);
    if (left < LEASE_LOW_WATER) wanted.push({ day, count: Math.ceil((LEASE_LOW_WATER - left) / CODE_BLOCK_SIZE) });
  }
  return wanted;
}

/** Issues the next code of an enrolled desk for the day of `receivedAt`, returning the new state to store. */
export function issueLeasedDossierCode(state: LeasedCodeState, agencyCode: string, receivedAt: Date): LeasedIssue {
  if (!AGENCY_CODE_PATTERN.test(agencyCode)) throw new DomainError('invalid-agency-code', `Mã định danh cơ quan "${agencyCode}" không hợp lệ.`);
  const day = dossierCodeDay(receivedAt);
  const key = keyOf(agencyCode, day);
  const used = state.used[key] ?? { leased: 0, reserve: 0 };
  const next = state.blocks
    .filter((block) => block.prefix === agencyCode && block.day === day && block.to > used.leased)
    .map((block) => Math.max(block.from, used.leased + 1))
    .sort((a, b) => a - b)[0];
  const reserve = reserveOfSlot(state.slot);
  let sequence: number;
  let nextUsed: { leased: number; reserve: number };
  let fromReserve = false;
  if (next !== undefined) {
    sequence = next;
    nextUsed = { leased: next, reserve: used.reserve };
  } else if (reserve && used.reserve < RESERVE_PER_SLOT) {
    sequence = reserve.from + used.reserve;
    nextUsed = { leased: used.leased, reserve: used.reserve + 1 };
    fromReserve = true;
  } else {
    const date = `${day.slice(4)}/${day.slice(2, 4)}/20${day.slice(0, 2)}`;
    throw new DomainError(
      'dossier-code-exhausted',
      `Bàn đã dùng hết số hồ sơ cho ngày ${date}: hết các dải số máy chủ đơn vị đã cấp${reserve ? ` và ${RESERVE_PER_SLOT} số dự phòng của bàn` : ''}. ` +
        'Hãy kết nối mạng tới máy chủ đơn vị để nhận thêm dải số, hoặc tiếp nhận tại bàn khác.',
    );
  }
  const usedAll = { ...state.used, [key]: nextUsed };
  // Keep only recent days so the state stays small; a clock set back still finds its counters.
  const newest = [day, ...Object.keys(usedAll).map((entry) => entry.split('|')[1]!)].sort().at(-1)!;
  for (const entry of Object.keys(usedAll)) if (dayDistance(entry.split('|')[1]!, newest) > KEPT_DAYS) delete usedAll[entry];
  const blocks = state.blocks.filter((block) => dayDistance(block.day, newest) <= KEPT_DAYS);
  return {
    code: `${agencyCode}-${day}-${String(sequence).padStart(4, '0')}`,
    state: { ...state, blocks, used: usedAll },
    fromReserve,
    reserveLeft: reserve ? RESERVE_PER_SLOT - nextUsed.reserve : 0,
  };
}

function dayDistance(earlier: string, later: string): number {
  const toDays = (day: string) => Date.UTC(2000 + Number(day.slice(0, 2)), Number(day.slice(2, 4)) - 1, Number(day.slice(4))) / 86_400_000;
  return toDays(later) - toDays(earlier);
}

/** Whether a stored value is a LeasedCodeState (the settings table holds unknown values). */
export function isLeasedCodeState(value: unknown): value is LeasedCodeState {
  const state = value as Partial<LeasedCodeState> | undefined;
  return !!state && typeof state.deskId === 'string' && Number.isInteger(state.slot) && Array.isArray(state.blocks) && typeof state.used === 'object' && state.used !== null;
}
