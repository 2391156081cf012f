/**
 * The only file that wires Electron. Everything it calls is a plain Node module that the test host
 * and the CLI use too; this file adds the window, the app:// protocol and the IPC bridge.
 */
import { app, BrowserWindow, ipcMain, protocol, safeStorage, session, type WebContents } from 'electron';
import path from 'node:path';
import { createIpcRouter } from './ipc/createIpcRouter';
import { createServices } from './services/createServices';
import { createElectronPrintPresenter } from './print/presentPdfForPrinting';
import { createAppProtocolHandler } from './security/createAppProtocolHandler';
import { APP_ORIGIN, APP_SCHEME, buildContentSecurityPolicy, isAppUrl, secureWebPreferences } from './security/windowSecurity';
import { fail } from '../preload/contract';

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true } },
]);
app.enableSandbox();
// Everything Chromium formats (dates, numbers, spell-check, built-in dialogs) follows Vietnamese,
// whatever the OS locale of the desk; the app's own date fields are dd/mm/yyyy regardless.
app.commandLine.appendSwitch('lang', 'vi');

if (!app.requestSingleInstanceLock()) {
  app.quit();
}

const windows = new Set<BrowserWindow>();

/** Every window goes through here: sandboxed, isolated, no Node, navigation and popups denied. */
function secureWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1366,
    height: 860,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    title: 'Một Cửa Desk',
    backgroundColor: '#f4f6f8',
    webPreferences: secureWebPreferences(path.join(__dirname, '..', 'preload', 'index.js')),
  });
  windows.add(window);
  window.on('closed', () => windows.delete(window));
  window.once('ready-to-show', () => window.show());
  return window;
}

function lockDownContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

app.on('web-contents-created', (_event, contents) => lockDownContents(contents));

app.on('second-instance', () => {
  const [first] = windows;
  if (first) {
    if (first.isMinimized()) first.restore();
    first.focus();
  }
});

app.on('window-all-closed', () => {
  app.quit();
});

void app.whenReady().then(() => {
  const deskSession = session.defaultSession;
  // Only persistent storage is granted: the offline database must not be evicted under disk pressure.
  deskSession.setPermissionRequestHandler((_contents, permission, callback) => callback(permission === 'persistent-storage'));
  deskSession.setPermissionCheckHandler((_contents, permission) => permission === 'persistent-storage');
  deskSession.on('will-download', (event) => event.preventDefault());

  const rendererDir = path.join(__dirname, '..', 'renderer');
  const services = createServices({
    dataDir: app.getPath('userData'),
    version: app.getVersion(),
    mode: process.env.MOTCUA_MODE === 'production' ? 'production' : 'training',
    host: 'electron',
    card: { qrScanners: { usbHotplug: true } },
    // safeStorage is the OS keychain (DPAPI, Keychain, libsecret); it has the SecretCipher shape.
    cipher: {
      protection: 'os-keychain',
      isEncryptionAvailable: () => safeStorage.isEncryptionAvailable(),
      encryptString: (text) => safeStorage.encryptString(text),
      decryptString: (data) => safeStorage.decryptString(data),
    },
    printPresenter: createElectronPrintPresenter(BrowserWindow, () => BrowserWindow.getFocusedWindow() ?? undefined),
    sink: (channel, payload) => {
      for (const window of windows) {
        if (!window.isDestroyed()) window.webContents.send(channel, payload);
      }
    },
  });
  // The page may connect to the configured ministry server and nowhere else.
  const handler = createAppProtocolHandler({
    rootDir: rendererDir,
    contentSecurityPolicy: () => buildContentSecurityPolicy({ connectSources: [services.sync.serverOrigin()].filter((origin) => origin !== undefined) }),
  });
  protocol.handle(APP_SCHEME, (request) => handler(request));
  const router = createIpcRouter(services);
  for (const channel of router.channels) {
    ipcMain.handle(channel, (event, ...args: unknown[]) => {
      // Only the app's own top-level page may call main; anything else gets a refusal.
      if (!isAppUrl(event.senderFrame?.url) || event.senderFrame !== event.sender.mainFrame) {
        return fail('untrusted-sender', 'Yêu cầu bị từ chối.', `sender ${event.senderFrame?.url ?? 'unknown'}`);
      }
      return router.handle(channel, args);
    });
  }

  const window = secureWindow();
  void window.loadURL(`${APP_ORIGIN}/index.html`);
});
