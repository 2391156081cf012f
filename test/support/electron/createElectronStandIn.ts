/**
 * A recording stand-in for the part of the `electron` module that main/index.ts uses, for loading
 * the built main bundle in plain Node where the Electron binary cannot run. It only records what
 * main asks of Electron (calls, options, handlers, listeners) and hands back inert values; it
 * decides nothing, so every refusal a test sees was made by the bundle's own handlers.
 */
import { EventEmitter } from 'node:events';

type Listener = (...args: unknown[]) => unknown;

/** One recorded call, in the order main made it across the whole module. */
export interface RecordedCall {
  api: string;
  args: unknown[];
}

/** A frame as Electron's WebFrameMain shows it to handlers: only its URL matters to main. */
export interface StandInFrame {
  url: string;
}

/** What main sees of a window's web contents: listeners, the window-open handler, sent events. */
export interface StandInWebContents {
  mainFrame: StandInFrame;
  listeners: Map<string, Listener[]>;
  windowOpenHandler: Listener | undefined;
  sent: Array<{ channel: string; payload: unknown }>;
  on(event: string, listener: Listener): StandInWebContents;
  setWindowOpenHandler(handler: Listener): void;
  send(channel: string, payload: unknown): void;
  isDestroyed(): boolean;
}

/** The stand-in module and what it recorded. */
export interface ElectronStandIn {
  /** Exports for `require('electron')`. */
  module: Record<string, unknown>;
  calls: RecordedCall[];
  /** `app.on` listeners by event name. */
  appListeners: Map<string, Listener[]>;
  /** `ipcMain.handle` handlers by channel, in registration order. */
  ipcHandlers: Map<string, Listener>;
  /** `protocol.handle` handlers by scheme. */
  protocolHandlers: Map<string, (request: Request) => Promise<Response> | Response>;
  /** The default session's permission handlers and listeners, as main set them. */
  session: { permissionRequestHandler: Listener | undefined; permissionCheckHandler: Listener | undefined; listeners: Map<string, Listener[]> };
  /** Every BrowserWindow made, with the options it was made with and the URLs it loaded. */
  windows: Array<{ options: Record<string, unknown>; webContents: StandInWebContents; loadedUrls: string[] }>;
  /** Resolves `app.whenReady()`, as Electron does once the browser process is initialised. */
  ready(): void;
}

function addListener(map: Map<string, Listener[]>, event: string, listener: Listener): void {
  map.set(event, [...(map.get(event) ?? []), listener]);
}

/** Builds a fresh stand-in; `userData` is what `app.getPath('userData')` answers. */
export function createElectronStandIn(options: { userData: string; version?: string }): ElectronStandIn {
  const calls: RecordedCall[] = [];
  const record = (api: string, args: unknown[]) => calls.push({ api, args });
  const appListeners = new Map<string, Listener[]>();
  const ipcHandlers = new Map<string, Listener>();
  const protocolHandlers = new Map<string, (request: Request) => Promise<Response> | Response>();
  const session: ElectronStandIn['session'] = { permissionRequestHandler: undefined, permissionCheckHandler: undefined, listeners: new Map() };
  const windows: ElectronStandIn['windows'] = [];
  let resolveReady: () => void = () => undefined;
  const readyPromise = new Promise<void>((resolve) => {
    resolveReady = resolve;
  });

  function createWebContents(): StandInWebContents {
    const contents: StandInWebContents = {
      mainFrame: { url: '' },
      listeners: new Map(),
      windowOpenHandler: undefined,
      sent: [],
      on(event, listener) {
        record('webContents.on', [event]);
        addListener(contents.listeners, event, listener);
        return contents;
      },
      setWindowOpenHandler(handler) {
        record('webContents.setWindowOpenHandler', []);
        contents.windowOpenHandler = handler;
      },
      send(channel, payload) {
        contents.sent.push({ channel, payload });
      },
      isDestroyed: () => false,
    };
    return contents;
  }

  class BrowserWindow extends EventEmitter {
    static getFocusedWindow(): BrowserWindow | null {
      return null;
    }

    readonly webContents: StandInWebContents;

    private readonly loadedUrls: string[] = [];

    constructor(windowOptions: Record<string, unknown>) {
      super();
      record('new BrowserWindow', [windowOptions]);
      this.webContents = createWebContents();
      windows.push({ options: windowOptions, webContents: this.webContents, loadedUrls: this.loadedUrls });
      // Electron announces every new web contents on the app before the window is handed back.
      for (const listener of appListeners.get('web-contents-created') ?? []) listener({}, this.webContents);
    }

    loadURL(url: string): Promise<void> {
      record('window.loadURL', [url]);
      this.loadedUrls.push(url);
      this.webContents.mainFrame.url = url;
      return Promise.resolve();
    }

    isDestroyed(): boolean {
      return false;
    }

    isMinimized(): boolean {
      return false;
    }

    restore(): void {}

    focus(): void {}

    show(): void {}
  }

  const electron = {
    app: {
      enableSandbox: () => record('app.enableSandbox', []),
      commandLine: { appendSwitch: (name: string, value?: string) => record('app.commandLine.appendSwitch', [name, value]) },
      requestSingleInstanceLock: () => {
        record('app.requestSingleInstanceLock', []);
        return true;
      },
      quit: () => record('app.quit', []),
      on: (event: string, listener: Listener) => {
        record('app.on', [event]);
        addListener(appListeners, event, listener);
        return electron.app;
      },
      whenReady: () => {
        record('app.whenReady', []);
        return readyPromise;
      },
      getPath: (name: string) => {
        record('app.getPath', [name]);
        return options.userData;
      },
      getVersion: () => options.version ?? '0.0.0-standin',
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown) => record('protocol.registerSchemesAsPrivileged', [schemes]),
      handle: (scheme: string, handler: (request: Request) => Promise<Response> | Response) => {
        record('protocol.handle', [scheme]);
        protocolHandlers.set(scheme, handler);
      },
    },
    ipcMain: {
      handle: (channel: string, handler: Listener) => {
        record('ipcMain.handle', [channel]);
        ipcHandlers.set(channel, handler);
      },
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (handler: Listener) => {
          record('session.setPermissionRequestHandler', []);
          session.permissionRequestHandler = handler;
        },
        setPermissionCheckHandler: (handler: Listener) => {
          record('session.setPermissionCheckHandler', []);
          session.permissionCheckHandler = handler;
        },
        on: (event: string, listener: Listener) => {
          record('session.on', [event]);
          addListener(session.listeners, event, listener);
        },
      },
    },
    safeStorage: {
      isEncryptionAvailable: () => false,
      encryptString: () => {
        throw new Error('safeStorage is not available in the stand-in');
      },
      decryptString: () => {
        throw new Error('safeStorage is not available in the stand-in');
      },
    },
    BrowserWindow,
  };

  return {
    module: electron,
    calls,
    appListeners,
    ipcHandlers,
    protocolHandlers,
    session,
    windows,
    ready() {
      record('(electron) ready', []);
      resolveReady();
    },
  };
}
