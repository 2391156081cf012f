import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.traineddata': 'application/octet-stream',
  '.gz': 'application/gzip',
  '.map': 'application/json; charset=utf-8',
};

export interface AppProtocolOptions {
  /** Folder holding the built renderer (index.html and its assets). */
  rootDir: string;
  /** CSP for each response; a function because the allowed server origins are configurable. */
  contentSecurityPolicy: () => string;
}

/**
 * Serves the built renderer for the custom app scheme (and, through the same code, for the
 * Chromium test host). Only files inside rootDir are served; paths without an extension fall
 * back to index.html so client-side routes survive a reload.
 */
export function createAppProtocolHandler(options: AppProtocolOptions): (request: Request) => Promise<Response> {
  const root = path.resolve(options.rootDir);
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response('Method not allowed', { status: 405 });
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(request.url).pathname);
    } catch {
      return new Response('Bad request', { status: 400 });
    }
    if (pathname.includes('\0')) return new Response('Bad request', { status: 400 });
    let filePath = path.resolve(root, `.${path.posix.normalize(pathname)}`);
    if (filePath !== root && !filePath.startsWith(root + path.sep)) return new Response('Forbidden', { status: 403 });
    const isFile = await stat(filePath).then((s) => s.isFile(), () => false);
    if (!isFile) {
      if (path.extname(filePath) !== '') return new Response('Not found', { status: 404 });
      filePath = path.join(root, 'index.html');
    }
    const body = await readFile(filePath);
    const headers = new Headers({
      'Content-Type': MIME_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream',
      'Content-Security-Policy': options.contentSecurityPolicy(),
      'X-Content-Type-Options': 'nosniff',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Resource-Policy': 'same-origin',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-cache',
    });
    return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers });
  };
}
