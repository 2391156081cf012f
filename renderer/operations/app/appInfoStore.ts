import { create } from 'zustand';
import type { AppInfo } from '../../../preload/contract';
import { getDesk } from '../../platform/desk';

interface AppInfoState {
  info: AppInfo | undefined;
  error: string | undefined;
  load(): Promise<void>;
}

/** Facts from main (version, training mode) loaded once at start. */
export const useAppInfo = create<AppInfoState>((set) => ({
  info: undefined,
  error: undefined,
  async load() {
    try {
      const reply = await getDesk().app.getInfo();
      if (reply.ok) set({ info: reply.value, error: undefined });
      else set({ error: reply.error.message });
    } catch (error) {
      set({ error: error instanceof Error ? error.message : String(error) });
    }
  },
}));
