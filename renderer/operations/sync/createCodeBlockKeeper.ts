import type { DeskHandle } from '../../db/deskHandle';
import { readSetting, writeSetting } from '../../db/queries/settings';
import { inTransaction } from '../../db/queries/transaction';
import { addCodeBlocks, codeBlocksWanted, enrolledCodeState, isLeasedCodeState, type CodeBlock, type LeasedCodeState } from '../../../preload/shared/domain/leasedDossierCode';
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
 * Keeps an enrolled desk supplied with dossier-code blocks while it is online. A block travels
 * from the hub first and is stored after, in its own transaction that re-reads the state, so a
 * code sealed meanwhile is not undone; an answer lost on the way costs that block's numbers (the
 * hub never leases them again), never a duplicate. A day the hub refuses (its limit, or the day's
 * numbers all leased) is not asked for again by this keeper.
 */
export function createCodeBlockKeeper(options: { db: DeskHandle; client: Pick<GatewayClient, 'leaseCodeBlocks'>; enrolment: { deskId: string; slot: number }; now?: () => number }): CodeBlockKeeper {
  const { db, client } = options;
  const now = options.now ?? Date.now;
  const refused = new Set<string>();
  let running: Promise<number> | undefined;

  async function store(blocks: CodeBlock[]): Promise<void> {
    await inTransaction(db, ['settings'], async () => {
      const stored = await readSetting(db, LEASED_CODE_STATE_KEY);
      const state = isLeasedCodeState(stored) ? stored : enrolledCodeState(options.enrolment.deskId, options.enrolment.slot);
      await writeSetting(db, LEASED_CODE_STATE_KEY, addCodeBlocks(state, blocks));
    });
  }

  async function topUp(): Promise<number> {
    const state = await recordHubEnrolment(db, options.enrolment);
    const prefix = (await readReceiptSettings(db)).dossierCode.agencyCode;
    let leased = 0;
    for (const want of codeBlocksWanted(state, prefix, new Date(now()))) {
      const key = `${prefix}|${want.day}`;
      if (refused.has(key)) continue;
      let blocks: CodeBlock[];
      try {
        blocks = await client.leaseCodeBlocks(prefix, want.day, want.count);
      } catch (error) {
        if (error instanceof SyncFailure && error.kind === 'blocks-refused') {
          refused.add(key);
          continue;
        }
        throw error;
      }
      await store(blocks);
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
