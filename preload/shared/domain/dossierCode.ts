import { DomainError } from './DomainError';
import { toVietnamClock, type LocalDate } from './calendar/localDate';

/**
 * Dossier codes `<agency code>-<YYMMDD>-<NNNN>` (Thông tư 01/2018/TT-VPCP art. 19): agency
 * identification code, Vietnamese date of receipt, 4-digit sequence of the day.
 *
 * Several desks of one agency issue codes while offline, so they cannot ask anyone for the next
 * number. The chosen design is **per-desk partitions of the daily sequence**, with **leased blocks**
 * as the overflow:
 * - The agency numbers its desks `0 … deskCount-1` (configuration, done once when a desk is set up).
 *   The numbers `1 … partitionLimit` (9999 by default) are split into `deskCount` equal contiguous
 *   partitions; desk `s` only ever issues from its own partition. Disjoint partitions make collisions
 *   impossible by construction, with no coordination and no network.
 * - When an agency reserves a lease pool (`partitionLimit` < 9999), the numbers above it are handed out
 *   by the ministry system in blocks while a desk is online (`{day, from, to}`); a desk accepts a lease
 *   only inside the pool, so leases never overlap partitions. Uniqueness of leases is the server's job.
 * - When a desk has used its partition and every lease of the day, issuing **fails** with a clear
 *   Vietnamese message (go online to lease a block, or receive at another desk). It never wraps around
 *   or borrows a neighbour's numbers, because a silently duplicated code is worse than a refusal.
 * - Counters are kept per day (the last 62 days), so a clock set back to an earlier day and then
 *   forward again resumes where it stopped instead of reissuing numbers.
 * Issuing is a pure function from state to (code, new state); the caller stores the new state in the
 * same transaction as the sealed dossier, so a crash never hands out a number twice.
 */

/** Configuration of one desk. */
export interface DossierCodeConfig {
  /** Agency identification code, e.g. `000.00.16.H27`. */
  agencyCode: string;
  /** This desk's slot, 0-based, unique within the agency. */
  deskSlot: number;
  /** How many desk slots the agency has configured (1–99). */
  deskCount: number;
  /** Highest number split into partitions; numbers above it form the lease pool. Default 9999. */
  partitionLimit?: number;
}

/** A block of sequence numbers leased from the ministry system for one day. */
export interface SequenceLease {
  /** `YYMMDD` of the day the lease is for. */
  day: string;
  from: number;
  to: number;
}

/** What a desk stores between issues (a plain object for the settings table). */
export interface DossierCodeState {
  /** `YYMMDD` → how many numbers this desk has issued that day (across its partition and leases). */
  issuedPerDay: Record<string, number>;
  leases: SequenceLease[];
}

export const MAX_SEQUENCE = 9999;
const AGENCY_CODE_PATTERN = /^[A-Z0-9]{1,6}(\.[A-Z0-9]{1,6}){0,5}$/;
const DOSSIER_CODE_PATTERN = /^([A-Z0-9]{1,6}(?:\.[A-Z0-9]{1,6}){0,5})-(\d{2})(\d{2})(\d{2})-(\d{4})$/;
const KEPT_DAYS = 62;

/** An empty state for a newly configured desk. */
export function emptyDossierCodeState(): DossierCodeState {
  return { issuedPerDay: {}, leases: [] };
}

/** The inclusive range of the daily sequence reserved to a desk slot; validates the configuration. */
export function deskPartition(config: DossierCodeConfig): { from: number; to: number } {
  const limit = config.partitionLimit ?? MAX_SEQUENCE;
  if (!AGENCY_CODE_PATTERN.test(config.agencyCode)) {
    throw new DomainError('invalid-agency-code', `Mã định danh cơ quan "${config.agencyCode}" không hợp lệ.`);
  }
  if (!Number.isInteger(config.deskCount) || config.deskCount < 1 || config.deskCount > 99) {
    throw new DomainError('invalid-desk-config', `Số bàn tiếp nhận của cơ quan phải từ 1 đến 99 (đang là ${config.deskCount}).`);
  }
  if (!Number.isInteger(config.deskSlot) || config.deskSlot < 0 || config.deskSlot >= config.deskCount) {
    throw new DomainError('invalid-desk-config', `Số thứ tự bàn ${config.deskSlot} nằm ngoài khoảng 0–${config.deskCount - 1}.`);
  }
  if (!Number.isInteger(limit) || limit < config.deskCount || limit > MAX_SEQUENCE) {
    throw new DomainError('invalid-desk-config', `Giới hạn dải số chia cho các bàn (${limit}) không hợp lệ.`);
  }
  const size = Math.floor(limit / config.deskCount);
  return { from: config.deskSlot * size + 1, to: (config.deskSlot + 1) * size };
}

/** `YYMMDD` of an instant on the Vietnamese calendar. */
export function dossierCodeDay(instant: Date): string {
  return dayOfLocalDate(toVietnamClock(instant).date);
}

function dayOfLocalDate(date: LocalDate): string {
  return date.slice(2).replaceAll('-', '');
}

/**
 * Records a block leased from the ministry system. Refuses blocks outside the lease pool or
 * overlapping a block already held, so a faulty reply cannot create duplicates.
 */
export function addSequenceLease(state: DossierCodeState, config: DossierCodeConfig, lease: SequenceLease): DossierCodeState {
  const poolStart = (config.partitionLimit ?? MAX_SEQUENCE) + 1;
  if (!/^\d{6}$/.test(lease.day) || !Number.isInteger(lease.from) || !Number.isInteger(lease.to) || lease.from < poolStart || lease.to > MAX_SEQUENCE || lease.from > lease.to) {
    throw new DomainError('invalid-sequence-lease', `Dải số được cấp ${lease.from}–${lease.to} nằm ngoài dải dự phòng ${poolStart}–${MAX_SEQUENCE} của cơ quan.`);
  }
  const overlaps = state.leases.some((held) => held.day === lease.day && held.from <= lease.to && lease.from <= held.to);
  if (overlaps) throw new DomainError('invalid-sequence-lease', `Dải số ${lease.from}–${lease.to} trùng với dải đã được cấp.`);
  return { ...state, leases: [...state.leases, { ...lease }] };
}

/** How many codes the desk can still issue on the day of `instant`. */
export function remainingDossierCodes(state: DossierCodeState, config: DossierCodeConfig, instant: Date): number {
  const day = dossierCodeDay(instant);
  return capacity(config, state, day) - (state.issuedPerDay[day] ?? 0);
}

function capacity(config: DossierCodeConfig, state: DossierCodeState, day: string): number {
  const partition = deskPartition(config);
  return partition.to - partition.from + 1 + leasesOf(state, day).reduce((sum, lease) => sum + lease.to - lease.from + 1, 0);
}

function leasesOf(state: DossierCodeState, day: string): SequenceLease[] {
  return state.leases.filter((lease) => lease.day === day).sort((a, b) => a.from - b.from);
}

/** The `index`-th (0-based) number this desk owns on `day`: its partition first, then its leases. */
function sequenceAt(config: DossierCodeConfig, state: DossierCodeState, day: string, index: number): number | undefined {
  const partition = deskPartition(config);
  const partitionSize = partition.to - partition.from + 1;
  if (index < partitionSize) return partition.from + index;
  let rest = index - partitionSize;
  for (const lease of leasesOf(state, day)) {
    const size = lease.to - lease.from + 1;
    if (rest < size) return lease.from + rest;
    rest -= size;
  }
  return undefined;
}

/** Issues the next dossier code of this desk for the day of `receivedAt`, returning the new state to store. */
export function issueDossierCode(state: DossierCodeState, config: DossierCodeConfig, receivedAt: Date): { code: string; state: DossierCodeState } {
  const day = dossierCodeDay(receivedAt);
  const issued = state.issuedPerDay[day] ?? 0;
  const sequence = sequenceAt(config, state, day, issued);
  if (sequence === undefined) {
    throw new DomainError(
      'dossier-code-exhausted',
      `Bàn tiếp nhận số ${config.deskSlot + 1} đã dùng hết ${issued} số hồ sơ được chia cho ngày ${day.slice(4)}/${day.slice(2, 4)}/20${day.slice(0, 2)}. ` +
        'Hãy kết nối mạng để xin thêm dải số hoặc tiếp nhận tại bàn khác.',
    );
  }
  const issuedPerDay: Record<string, number> = { ...state.issuedPerDay, [day]: issued + 1 };
  // Keep only recent days so the state stays small; older days can no longer be issued for anyway.
  const days = Object.keys(issuedPerDay).sort();
  const newest = days[days.length - 1] ?? day;
  for (const kept of days) if (dayDistance(kept, newest) > KEPT_DAYS) delete issuedPerDay[kept];
  const leases = state.leases.filter((lease) => dayDistance(lease.day, newest) <= KEPT_DAYS);
  return { code: `${config.agencyCode}-${day}-${String(sequence).padStart(4, '0')}`, state: { issuedPerDay, leases } };
}

function dayDistance(earlier: string, later: string): number {
  const toDays = (day: string) => Date.UTC(2000 + Number(day.slice(0, 2)), Number(day.slice(2, 4)) - 1, Number(day.slice(4))) / 86_400_000;
  return toDays(later) - toDays(earlier);
}

/** The parts of a dossier code; refuses anything that is not `<agency>-<YYMMDD>-<NNNN>` with a real date. */
export function parseDossierCode(code: string): { agencyCode: string; date: LocalDate; sequence: number } {
  const match = DOSSIER_CODE_PATTERN.exec(code.trim());
  if (!match) throw new DomainError('invalid-dossier-code', `Mã hồ sơ "${code}" không đúng dạng <mã cơ quan>-<YYMMDD>-<NNNN>.`);
  const [, agencyCode = '', yy = '', mm = '', dd = '', sequence = ''] = match;
  const year = 2000 + Number(yy);
  const month = Number(mm);
  const day = Number(dd);
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day || Number(sequence) === 0) {
    throw new DomainError('invalid-dossier-code', `Mã hồ sơ "${code}" có ngày hoặc số thứ tự không hợp lệ.`);
  }
  return { agencyCode, date: `${year}-${mm}-${dd}`, sequence: Number(sequence) };
}
