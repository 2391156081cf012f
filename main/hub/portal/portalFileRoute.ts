import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseByteRange } from '../routes/parseByteRange';
import type { FileLinkGrant, FileLinkSigner } from './createFileLinkSigner';

export const PORTAL_FILE_PREFIX = '/api/v1/portal/files/';

export interface PortalFileRouteContext {
  filesDir: string;
  /** The signer of the configured portal, or undefined while none is configured. */
  signer(): Promise<FileLinkSigner | undefined>;
  /** The stored upload holding the granted bytes, if the hub has them. */
  storedFile(grant: FileLinkGrant): Promise<{ uploadId: string; size: number } | undefined>;
  json(res: ServerResponse, status: number, body: unknown, headers?: Record<string, string>): void;
}

const REFUSALS = {
  malformed: { status: 403, error: 'malformed link token' },
  'bad-signature': { status: 403, error: 'link token signature does not verify' },
  expired: { status: 403, error: 'link token expired' },
} as const;

/**
 * `GET|HEAD /api/v1/portal/files/<token>[/<name>]`: the file a link given to the portal names, for
 * the portal to fetch without a desk token. The token (see createFileLinkSigner) is the only
 * credential: it opens exactly the file of that dossier, name and SHA-256 (kept even after a later
 * revision replaced it), read-only, until it expires; a tampered or expired token is 403. One HTTP
 * Range part is served (206), so an interrupted fetch resumes. The name after the token is for
 * the reader and not trusted.
 */
export async function handlePortalFileRoute(context: PortalFileRouteContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  req.resume();
  if (req.method !== 'GET' && req.method !== 'HEAD') return context.json(res, 405, { error: 'read-only' }, { Allow: 'GET, HEAD' });
  const signer = await context.signer();
  if (!signer) return context.json(res, 404, { error: 'no such route' });
  const token = url.pathname.slice(PORTAL_FILE_PREFIX.length).split('/')[0] ?? '';
  const check = signer.check(token, Date.now() / 1000);
  if (!check.ok) return context.json(res, REFUSALS[check.reason].status, { error: REFUSALS[check.reason].error, code: `hub-portal-link-${check.reason}` });
  const { grant } = check;
  const row = await context.storedFile(grant);
  const location = row ? path.join(context.filesDir, row.uploadId) : undefined;
  const size = location ? await stat(location).then((info) => info.size, () => undefined) : undefined;
  if (!row || !location || size !== row.size) return context.json(res, 404, { error: 'no such stored file' });
  const common = {
    'Accept-Ranges': 'bytes',
    ETag: `"${grant.sha256}"`,
    'Content-Type': 'application/pdf',
    'Content-Disposition': `inline; filename*=UTF-8''${encodeURIComponent(grant.name)}`,
    'Cache-Control': 'private, no-store',
  };
  const range = parseByteRange(req.headers.range, size);
  if (range.kind === 'unsatisfiable') return context.json(res, 416, { error: 'range not satisfiable' }, { ...common, 'Content-Range': `bytes */${size}` });
  const ifRange = req.headers['if-range'];
  const part = range.kind === 'part' && (ifRange === undefined || ifRange === common.ETag) ? range : undefined;
  if (part) res.writeHead(206, { ...common, 'Content-Length': String(part.end - part.start + 1), 'Content-Range': `bytes ${part.start}-${part.end}/${size}` });
  else res.writeHead(200, { ...common, 'Content-Length': String(size) });
  if (req.method === 'HEAD' || size === 0) return void res.end();
  await pipeline(createReadStream(location, part ? { start: part.start, end: part.end } : {}), res);
}
