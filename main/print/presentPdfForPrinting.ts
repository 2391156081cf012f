import { pathToFileURL } from 'node:url';
import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import type { PrintPresenter } from './printService';

/**
 * The Electron print presenter, kept out of main/index.ts: a sandboxed window without preload opens
 * the spooled PDF in Chromium's PDF viewer and asks for the system print dialog. Electron itself is
 * passed in (`createWindow`), so this module stays a plain Node module.
 */
export function createElectronPrintPresenter(createWindow: (options: BrowserWindowConstructorOptions) => BrowserWindow, parent?: () => BrowserWindow | undefined): PrintPresenter {
  return (file, title) =>
    new Promise((resolve, reject) => {
      const window = createWindow({
        width: 900,
        height: 1000,
        title,
        parent: parent?.(),
        modal: false,
        show: true,
        autoHideMenuBar: true,
        webPreferences: {
          sandbox: true,
          contextIsolation: true,
          nodeIntegration: false,
          webSecurity: true,
          // Chromium's PDF viewer is a plugin; it is enabled only in this window, which has no preload.
          plugins: true,
        },
      });
      window.webContents.once('did-finish-load', () => {
        // The viewer needs a moment to lay the document out before printing.
        setTimeout(() => {
          window.webContents.print({ silent: false, printBackground: true }, (success, failureReason) => {
            if (success || failureReason === 'Print job canceled' || failureReason === 'cancelled') window.close();
            if (success) resolve('printed');
            else if (failureReason === 'Print job canceled' || failureReason === 'cancelled') resolve('cancelled');
            else reject(new Error(failureReason));
          });
        }, 600);
      });
      window.webContents.once('did-fail-load', (_event, code, description) => reject(new Error(`${code} ${description}`)));
      void window.loadURL(pathToFileURL(file).toString());
    });
}
