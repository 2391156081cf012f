import type { DeskHandle } from '../../db/deskHandle';
import { readSetting, writeSetting } from '../../db/queries/settings';
import { inTransaction } from '../../db/queries/transaction';
import { addCodeBlocks, codeBlocksWanted, enrolledCodeState, isLeasedCodeState, type CodeBlock, type LeasedCodeState, type PendingLease } from '../../../preload/shared/domain/leasedDossierCode';
import { dossierCodeDay } from '../../../preload/shared/domain/dossierCode';
import type { GatewayClient } from '../../../preload/shared/sync/createGatewayClient';
import { SyncFailure } from '../../../preload/shared/sync/SyncFailure';
import { LEASED_CODE_STATE_KEY, readReceiptSettings } from '../settings/deskSettings';

export interface CodeBlockKeeper {
  /**
   * Leases what the desk lacks (blocks for today and the days held ahead, see `codeBlocksWanted`)
   * and stores them; returns how many blocks came. Calls overlapping a running one share it.
   */
  topUp(): Promise<number>;
}

/** Makes this profile an enrolled desk (keeping blocks it already holds): sealing draws from leased blocks from now on. */
export async function recordHubEnrolment(db: DeskHandle, enrolment: { deskId: string; slot: number }): Promise<LeasedCodeState> {
  return inTransaction(db, ['settings'], async () => {
    const stored = await readSetting(db, LEASED_CODE_STATE_KEY);
    const previous = isLeasedCodeState(stored) ? stored : undefined;
    if (previous && previous.deskId === enrolment.deskId && previous.slot === enrolment.slot) return previous;
    const state = enrolledCodeState(enrolment.deskId, enrolment.slot, previous);
    await writeSetting(db, LEASED_CODE_STATE_KEY, state);
    return state;
  });
}

/** The leased blocks of this profile, or undefined while the desk is not enrolled (for the settings screen). */
export async function readLeasedCodeState(db: DeskHandle): Promise<LeasedCodeState | undefined> {
  const stored = await readSetting(db, LEASED_CODE_STATE_KEY);
  return isLeasedCodeState(stored) ? stored : undefined;
}

/**
 * Keeps an enrolled desk supplied with dossier-code blocks while it is online. Each lease has a
 * request id stored in the desk's state before the request goes out; the blocks are stored after,
 * in a transaction that re-reads the state (so a code sealed meanwhile is not undone) and clears
 * the id. A lease whose answer was lost, or that a restart cut short, is asked again with the same
 * id and the hub answers the same blocks: no block is wasted and none is held twice. A day the hub
 * refuses (its limit, or the day's numbers all leased) is not asked for again by this keeper.
 */
export function createCodeBlockKeeper(options: { db: DeskHandle; client: Pick<GatewayClient, 'leaseCodeBlocks'>; enrolment: { deskId: string; slot: number }; now?: () => number }): CodeBlockKeeper {
  const { db, client } = options;
  const now = options.now ?? Date.now;
  const refused = new Set<string>();
  let running: Promise<number> | undefined;

  /** Reads the stored state, changes it and writes it back in one transaction. */
  async function change(update: (state: LeasedCodeState) => LeasedCodeState): Promise<LeasedCodeState> {
    return inTransaction(db, ['settings'], async () => {
      const stored = await readSetting(db, LEASED_CODE_STATE_KEY);
      const state = update(isLeasedCodeState(stored) ? stored : enrolledCodeState(options.enrolment.deskId, options.enrolment.slot));
      await writeSetting(db, LEASED_CODE_STATE_KEY, state);
      return state;
    });
  }

  /** The lease request for `key`: the one stored and not answered yet, else a new one, stored before it is sent. */
  async function requestFor(key: string, count: number, today: string): Promise<PendingLease> {
    let request: PendingLease | undefined;
    await change((state) => {
      const pending = pendingLeasesOf(state, today);
      request = pending[key] ?? { requestId: crypto.randomUUID(), count };
      return withPendingLeases(state, { ...pending, [key]: request });
    });
    return request!;
  }

  /**
   * Stores the blocks of a lease (none of them twice: a lease answered again adds nothing) and
   * forgets its request, or only forgets it when `blocks` is empty (the hub refused it).
   */
  async function settle(key: string, requestId: string, blocks: CodeBlock[], today: string): Promise<void> {
    await change((state) => {
      const fresh = blocks.filter((block) => !state.blocks.some((held) => held.prefix === block.prefix && held.day === block.day && held.from === block.from && held.to === block.to));
      const pending = pendingLeasesOf(state, today);
      if (pending[key]?.requestId === requestId) delete pending[key];
      return withPendingLeases(addCodeBlocks(state, fresh), pending);
    });
  }

  async function topUp(): Promise<number> {
    const state = await recordHubEnrolment(db, options.enrolment);
    const prefix = (await readReceiptSettings(db)).dossierCode.agencyCode;
    const today = dossierCodeDay(new Date(now()));
    let leased = 0;
    for (const want of codeBlocksWanted(state, prefix, new Date(now()))) {
      const key = `${prefix}|${want.day}`;
      if (refused.has(key)) continue;
      const request = await requestFor(key, want.count, today);
      let blocks: CodeBlock[];
      try {
        blocks = await client.leaseCodeBlocks(prefix, want.day, request.count, request.requestId);
      } catch (error) {
        if (error instanceof SyncFailure && error.kind === 'blocks-refused') {
          // Refused: nothing was leased under this id, so it is forgotten; asking again later takes a new one.
          refused.add(key);
          await settle(key, request.requestId, [], today);
          continue;
        }
        throw error;
      }
      await settle(key, request.requestId, blocks, today);
      leased += blocks.length;
    }
    return leased;
  }

  return {
    topUp() {
      running ??= topUp().finally(() => (running = undefined));
      return running;
    },
  };
}

/** The stored pending leases, without those of days before `today` (their numbers are of no use any more). */
function pendingLeasesOf(state: LeasedCodeState, today: string): Record<string, PendingLease> {
  return Object.fromEntries(Object.entries(state.pendingLeases ?? {}).filter(([key]) => (key.split('|')[1] ?? '') >= today));
}

function withPendingLeases(state: LeasedCodeState, pending: Record<string, PendingLease>): LeasedCodeState {
  const next: LeasedCodeState = { ...state, pendingLeases: pending };
  if (Object.keys(pending).length === 0) delete next.pendingLeases;
  return next;
}
