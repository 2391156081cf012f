import type { DeskApi } from '../../preload/contract';

declare global {
  interface Window {
    /** Installed by the preload (Electron) or the test host bridge; the only way to reach main. */
    readonly desk?: DeskApi;
  }
}

/** The bridge to main. Throws a clear error if the page was opened outside the app. */
export function getDesk(): DeskApi {
  const desk = window.desk;
  if (!desk) throw new Error('Không kết nối được với tiến trình chính của ứng dụng (window.desk không có).');
  return desk;
}
