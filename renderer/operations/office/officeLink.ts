import { create } from 'zustand';
import { getOfficeCache } from '../../db/officeCacheDatabase';
import { readOfficeView, writeOfficeView } from '../../db/queries/officeCache';
import { getDesk } from '../../platform/desk';
import type { OfficeDeskInfo } from '../../../preload/contract';

const DESK_INFO_KEY = 'desk-info';

interface OfficeLinkState {
  /** What the office hub says this desk is, or the last answer kept; undefined until known. */
  info?: OfficeDeskInfo;
  /** When `info` came from the hub. */
  fetchedAt?: number;
  /** Vietnamese reason the hub could not be asked just now (then `info` is the kept answer). */
  error?: string;
  /** Asks the hub again (the screens do on mount; a configuration change does by itself). */
  refresh(): Promise<void>;
}

/** True when this desk's sync token belongs to a supervisor desk: its dashboard and review queue read office-wide. */
export function isSupervisorDesk(info: OfficeDeskInfo | undefined): boolean {
  return info?.configured === true && info.desk?.role === 'supervisor';
}

let listening = false;

/**
 * Whether this desk reads the office's intake from the hub: the hub's desk-info answer for the
 * configured token, kept in the office cache so a supervisor desk that starts offline still
 * shows the office view it last had.
 */
export const useOfficeLink = create<OfficeLinkState>((set) => ({
  async refresh() {
    const desk = getDesk();
    if (!listening) {
      listening = true;
      desk.sync.onConfigChanged(() => void useOfficeLink.getState().refresh());
    }
    const cache = getOfficeCache();
    const reply = await desk.office.deskInfo();
    if (reply.ok) {
      const now = Date.now();
      await writeOfficeView(cache, DESK_INFO_KEY, reply.value, now);
      set({ info: reply.value, fetchedAt: now, error: undefined });
      return;
    }
    // Not configured any more is an answer, not a failure: the kept role no longer holds.
    if (reply.error.code === 'office-not-configured') {
      set({ info: { configured: false, desk: null }, fetchedAt: undefined, error: undefined });
      return;
    }
    const kept = await readOfficeView<OfficeDeskInfo>(cache, DESK_INFO_KEY);
    set({ info: reply.error.code === 'office-unauthorized' ? { configured: true, desk: null } : kept?.data, fetchedAt: kept?.fetchedAt, error: reply.error.message });
  },
}));
