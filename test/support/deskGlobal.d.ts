import type { DeskApi } from '../../preload/contract';

declare global {
  interface Window {
    /** The bridge object pages get from the preload or the test host (see renderer/platform/desk.ts). */
    readonly desk?: DeskApi;
  }
}
