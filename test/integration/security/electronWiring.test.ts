/**
 * Smoke test of the Electron wiring in the BUILT main bundle (dist/main/index.js): the scheme, the
 * protocol handler with its CSP, the IPC gate in front of every contract channel, the session's
 * permission and download handlers, the one window's web preferences and its navigation locks.
 *
 * The `electron` module is replaced by a recording stand-in (test/support/electron) only because
 * the Electron binary cannot run on these machines (ELECTRON_SKIP_BINARY_DOWNLOAD=1). The stand-in
 * records what main asks for and decides nothing: every refusal checked here comes from the
 * handlers the bundle installed. Needs `npm run build` first.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import Module, { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deskContract, methodChannel, type Result } from '../../../preload/contract';
import { APP_ORIGIN, APP_SCHEME, buildContentSecurityPolicy, secureWebPreferences } from '../../../main/security/windowSecurity';
import { createElectronStandIn, type ElectronStandIn, type StandInFrame } from '../../support/electron/createElectronStandIn';

const root = path.resolve(__dirname, '..', '..', '..');
const mainBundle = path.join(root, 'dist', 'main', 'index.js');
const preloadBundle = path.join(root, 'dist', 'preload', 'index.js');
const rendererIndex = path.join(root, 'dist', 'renderer', 'index.html');

type Load = (request: string, parent: unknown, isMain: boolean) => unknown;
const moduleInternals = Module as unknown as { _load: Load };

let electron: ElectronStandIn;
let userData: string;
let originalLoad: Load;
let callsBeforeReady: string[];

/** Every channel the contract declares, all services and all methods. */
function contractChannels(): string[] {
  return Object.entries(deskContract).flatMap(([service, spec]) => Object.keys(spec.methods).map((method) => methodChannel(service, method)));
}

/** An invoke event as Electron builds it: the sending frame and the web contents whose top frame it may be. */
function invokeEvent(senderFrame: StandInFrame, mainFrame: StandInFrame) {
  return { senderFrame, sender: { mainFrame } };
}

function preventable() {
  const event = { prevented: false, preventDefault: () => (event.prevented = true) };
  return event;
}

beforeAll(async () => {
  for (const built of [mainBundle, preloadBundle, rendererIndex]) {
    if (!existsSync(built)) throw new Error(`Chưa build: thiếu ${path.relative(root, built)}. Chạy \`npm run build\` trước. (Build missing: run \`npm run build\` first.)`);
  }
  userData = await mkdtemp(path.join(os.tmpdir(), 'motcua-electron-wiring-'));
  electron = createElectronStandIn({ userData });
  originalLoad = moduleInternals._load;
  moduleInternals._load = function load(this: unknown, request, parent, isMain) {
    return request === 'electron' ? electron.module : originalLoad.call(this, request, parent, isMain);
  };
  createRequire(__filename)(mainBundle);
  callsBeforeReady = electron.calls.map((call) => call.api);
  electron.ready();
  // The whenReady callback runs on the microtask queue; one macrotask later it has finished.
  await new Promise((resolve) => setImmediate(resolve));
});

afterAll(async () => {
  if (originalLoad) moduleInternals._load = originalLoad;
  Reflect.deleteProperty(createRequire(__filename).cache, mainBundle);
  if (userData) await rm(userData, { recursive: true, force: true });
});

describe('Electron wiring of the built main bundle (recording stand-in for electron)', () => {
  it('sets Chromium\'s locale to Vietnamese before ready', () => {
    expect(callsBeforeReady).toContain('app.commandLine.appendSwitch');
    expect(electron.calls.filter((call) => call.api === 'app.commandLine.appendSwitch').map((call) => call.args)).toEqual([['lang', 'vi']]);
  });

  it('registers the app scheme as privileged before ready and serves index.html with the CSP', async () => {
    expect(callsBeforeReady).toContain('protocol.registerSchemesAsPrivileged');
    expect(callsBeforeReady).toContain('app.enableSandbox');
    expect(callsBeforeReady).not.toContain('protocol.handle');
    const registration = electron.calls.filter((call) => call.api === 'protocol.registerSchemesAsPrivileged');
    expect(registration).toHaveLength(1);
    expect(registration[0]!.args[0]).toEqual([
      { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true } },
    ]);

    expect([...electron.protocolHandlers.keys()]).toEqual([APP_SCHEME]);
    const handler = electron.protocolHandlers.get(APP_SCHEME)!;
    const response = await handler(new Request(`${APP_ORIGIN}/index.html`));
    expect(response.status).toBe(200);
    // No server is configured in a fresh data folder, so the page may connect only to itself.
    expect(response.headers.get('content-security-policy')).toBe(buildContentSecurityPolicy({ connectSources: [] }));
    expect(await response.text()).toBe(await readFile(rendererIndex, 'utf8'));
  });

  it('handles exactly the contract channels and lets only the app top-level frame reach the router', async () => {
    const channels = contractChannels();
    expect(channels.length).toBeGreaterThan(0);
    expect([...electron.ipcHandlers.keys()].sort()).toEqual([...channels].sort());

    const appTop: StandInFrame = { url: `${APP_ORIGIN}/index.html` };
    const foreignTop: StandInFrame = { url: 'https://evil.example/' };
    const foreign: Array<[string, ReturnType<typeof invokeEvent>]> = [
      ['an app-origin subframe', invokeEvent({ url: `${APP_ORIGIN}/index.html` }, appTop)],
      ['a foreign top-level page', invokeEvent(foreignTop, foreignTop)],
      ['a foreign subframe of the app', invokeEvent({ url: 'https://evil.example/frame' }, appTop)],
      ['a frame without URL', invokeEvent({ url: '' }, appTop)],
    ];
    // More arguments than any method takes: the router's validation refuses them before any service runs.
    const badArgs = Array.from({ length: 12 }, () => ({ junk: true }));
    for (const channel of channels) {
      const handler = electron.ipcHandlers.get(channel)!;
      for (const [who, event] of foreign) {
        const reply = (await handler(event, ...badArgs)) as Result<unknown>;
        expect(reply, `${channel} from ${who}`).toMatchObject({ ok: false, error: { code: 'untrusted-sender' } });
      }
      const reply = (await handler(invokeEvent(appTop, appTop), ...badArgs)) as Result<unknown>;
      expect(reply, `${channel} from the app page`).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    }
  });

  it('denies permission requests and checks (only persistent storage is granted) and every download', () => {
    const { permissionRequestHandler, permissionCheckHandler, listeners } = electron.session;
    expect(permissionRequestHandler).toBeTypeOf('function');
    expect(permissionCheckHandler).toBeTypeOf('function');
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'hid', 'usb', 'serial']) {
      const answers: unknown[] = [];
      permissionRequestHandler!({}, permission, (granted: unknown) => answers.push(granted), {});
      expect(answers, `request ${permission}`).toEqual([false]);
      expect(permissionCheckHandler!({}, permission, APP_ORIGIN, {}), `check ${permission}`).toBe(false);
    }
    // Deliberate exception: the offline database must not be evicted under disk pressure.
    const granted: unknown[] = [];
    permissionRequestHandler!({}, 'persistent-storage', (answer: unknown) => granted.push(answer), {});
    expect(granted).toEqual([true]);

    const downloads = listeners.get('will-download') ?? [];
    expect(downloads).toHaveLength(1);
    const event = preventable();
    downloads[0]!(event, { getURL: () => 'https://evil.example/payload.exe' }, {});
    expect(event.prevented).toBe(true);
  });

  it('makes exactly one window, with the secure web preferences and the built preload, on the app origin', () => {
    expect(electron.windows).toHaveLength(1);
    const [window] = electron.windows;
    const webPreferences = window!.options.webPreferences as Record<string, unknown>;
    expect(webPreferences).toEqual(secureWebPreferences(preloadBundle));
    expect(webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
    expect(path.resolve(webPreferences.preload as string)).toBe(preloadBundle);
    expect(window!.loadedUrls).toEqual([`${APP_ORIGIN}/index.html`]);
  });

  it('denies navigation away from the app, webviews and every window.open', () => {
    const contents = electron.windows[0]!.webContents;
    const navigate = contents.listeners.get('will-navigate') ?? [];
    expect(navigate).toHaveLength(1);
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://evil/index.html', 'javascript:alert(1)']) {
      const event = preventable();
      navigate[0]!(event, url);
      expect(event.prevented, `navigate to ${url}`).toBe(true);
    }
    const inside = preventable();
    navigate[0]!(inside, `${APP_ORIGIN}/dossiers`);
    expect(inside.prevented).toBe(false);

    const webview = contents.listeners.get('will-attach-webview') ?? [];
    expect(webview).toHaveLength(1);
    const attach = preventable();
    webview[0]!(attach, {}, {});
    expect(attach.prevented).toBe(true);

    expect(contents.windowOpenHandler).toBeTypeOf('function');
    for (const url of ['https://evil.example/', `${APP_ORIGIN}/index.html`]) {
      expect(contents.windowOpenHandler!({ url, frameName: '', features: '', disposition: 'new-window' }), `open ${url}`).toEqual({ action: 'deny' });
    }
  });
});
