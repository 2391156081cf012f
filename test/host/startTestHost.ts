import http from 'node:http';
import path from 'node:path';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import { bundleForBrowser } from '../support/bundleForBrowser';
import { WebSocketServer, type WebSocket } from 'ws';
import { createAppProtocolHandler } from '../../main/security/createAppProtocolHandler';
import { buildContentSecurityPolicy } from '../../main/security/windowSecurity';
import { createIpcRouter } from '../../main/ipc/createIpcRouter';
import { createServices, type HostServices, type ServiceOptions } from '../../main/services/createServices';
import { decodeWire, encodeWire, type WireMessage } from './wireCodec';

const repoRoot = path.resolve(__dirname, '..', '..');

export interface TestHostOptions {
  /** Built renderer to serve; defaults to dist/renderer (run `npm run build` first). */
  rendererDir?: string;
  /** Main-side state folder; a fresh temporary one by default. */
  dataDir?: string;
  port?: number;
  /** Extra service options (device URLs, server settings) for the test at hand. */
  serviceOptions?: Partial<Omit<ServiceOptions, 'sink'>>;
  /**
   * eSCL scanner URLs (e.g. an eSCL simulator's), asked for when the host starts so a simulator
   * started in an earlier hook can hand over its port.
   */
  esclUrls?: () => string[];
}

export interface TestHost {
  url: string;
  services: HostServices;
  dataDir: string;
  /** Pushes an event to every connected page, as main does through webContents.send. */
  emit(channel: string, payload: unknown): void;
  close(): Promise<void>;
}

let bridgeSource: Promise<string> | undefined;

/** The page-side bridge, bundled once per process from test/host/bridge.ts. */
function bundleBridge(): Promise<string> {
  bridgeSource ??= bundleForBrowser(path.join(__dirname, 'bridge.ts'));
  return bridgeSource;
}

/**
 * Serves the built renderer to Chromium exactly as the app:// protocol does (same handler, same CSP)
 * and answers the IPC contract over a WebSocket by calling the real main-process services. It
 * stands in for the Electron binary, which cannot run in CI.
 */
export async function startTestHost(options: TestHostOptions = {}): Promise<TestHost> {
  const rendererDir = options.rendererDir ?? path.join(repoRoot, 'dist', 'renderer');
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'motcua-host-')));
  const bridge = await bundleBridge();
  const sockets = new Set<WebSocket>();
  let origin = '';

  const emit = (channel: string, payload: unknown) => {
    const frame = encodeWire({ type: 'event', channel, payload } satisfies WireMessage);
    for (const socket of sockets) socket.send(frame);
  };
  const serviceOptions = { ...options.serviceOptions };
  if (options.esclUrls) {
    const escl = serviceOptions.scanners?.escl;
    if (escl === false) throw new Error('esclUrls given while the eSCL driver is turned off');
    serviceOptions.scanners = { ...serviceOptions.scanners, escl: { ...escl, urls: [...(escl?.urls ?? []), ...options.esclUrls()] } };
  }
  const services = createServices({
    dataDir,
    version: '0.0.0-test',
    mode: 'training',
    host: 'test-host',
    ...serviceOptions,
    sink: emit,
  });
  const router = createIpcRouter(services);
  const serveApp = createAppProtocolHandler({
    rootDir: rendererDir,
    contentSecurityPolicy: () => buildContentSecurityPolicy({ connectSources: [origin.replace(/^http/, 'ws'), services.sync.serverOrigin()].filter((source) => source !== undefined) }),
  });

  const server = http.createServer((req, res) => {
    void (async () => {
      if (req.url === '/__desk-bridge.js') {
        res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' });
        res.end(bridge);
        return;
      }
      const response = await serveApp(new Request(new URL(req.url ?? '/', origin), { method: req.method ?? 'GET' }));
      const headers: Record<string, string> = {};
      response.headers.forEach((value, key) => {
        headers[key] = value;
      });
      let body = Buffer.from(await response.arrayBuffer());
      if (headers['content-type']?.startsWith('text/html')) {
        body = Buffer.from(body.toString('utf8').replace('<head>', '<head>\n    <script src="/__desk-bridge.js"></script>'));
        headers['content-length'] = String(body.length);
      }
      res.writeHead(response.status, headers);
      res.end(body);
    })().catch((error: unknown) => {
      res.writeHead(500);
      res.end(String(error));
    });
  });

  const wss = new WebSocketServer({ server, path: '/__desk', maxPayload: 512 * 1024 * 1024 });
  wss.on('connection', (socket, request) => {
    // The same rule as the Electron sender check: only the app's own page may call main.
    if (request.headers.origin !== origin) {
      socket.close(1008, 'untrusted origin');
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('message', (data) => {
      let message: WireMessage;
      try {
        message = decodeWire(String(data)) as WireMessage;
      } catch {
        return;
      }
      if (message.type !== 'invoke') return;
      void router.handle(message.channel, message.args).then((result) => {
        socket.send(encodeWire({ type: 'reply', id: message.id, result } satisfies WireMessage));
      });
    });
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('test host has no TCP address');
  origin = `http://127.0.0.1:${address.port}`;

  return {
    url: `${origin}/index.html`,
    services,
    dataDir,
    emit,
    async close() {
      for (const socket of sockets) socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
