import { pathToFileURL } from 'node:url';
import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import { secureWebPreferences } from '../security/windowSecurity';
import type { PrintPresenter } from './printService';

/** Electron's BrowserWindow class, handed in by main/index.ts. */
export type WindowConstructor = new (options: BrowserWindowConstructorOptions) => BrowserWindow;

/**
 * The print window's preferences: every hardening option of the app windows, no preload (the page
 * gets no desk API at all), and plugins on, which Chromium's PDF viewer needs.
 */
export function printWindowPreferences(): BrowserWindowConstructorOptions['webPreferences'] {
  const { preload: _preload, ...hardened } = secureWebPreferences('');
  return { ...hardened, plugins: true };
}

/**
 * The Electron print presenter, kept out of main/index.ts: a sandboxed window without preload opens
 * the spooled PDF in Chromium's PDF viewer and asks for the system print dialog. Electron itself is
 * passed in (`Window`), so this module stays a plain Node module.
 */
export function createElectronPrintPresenter(Window: WindowConstructor, parent?: () => BrowserWindow | undefined): PrintPresenter {
  return (file, title) =>
    new Promise((resolve, reject) => {
      const window = new Window({
        width: 900,
        height: 1000,
        title,
        parent: parent?.(),
        modal: false,
        show: true,
        autoHideMenuBar: true,
        webPreferences: printWindowPreferences(),
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
