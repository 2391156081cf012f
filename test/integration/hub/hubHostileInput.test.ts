/**
 * Hostile input at every door of the office hub: fuzzed JSON bodies, headers (Authorization,
 * Content-Type, the tus headers), path ids, oversized bodies, an upload larger than declared, a
 * slow-loris body, malformed tus headers. Each must be a clear refusal (4xx, with a Problem body
 * where the answer is JSON) and must leave nothing behind: the database's rows and the files
 * folder are compared before and after.
 */
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import http from 'node:http';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type Hub } from '../../../main/hub/startHub';
import { DossierDeclaration } from '../../../main/hub/dossierDeclaration';
import { createGatewayClient } from '../../../preload/shared/sync/createGatewayClient';
import { sha256Hex } from '../../../preload/shared/bytes/sha256Hex';
import { patternBytes } from '../../support/sync/patternBytes';

let hub: Hub;
let dir: string;
let token: string;
let declaredId: string;
let declaredName: string;
let uploadUrl: string;
const FILE_SIZE = 50_000;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'motcua-hub-hostile-'));
  hub = await startHub({ dataDir: dir, rateLimit: { ratePerSecond: 100_000, burst: 100_000 }, idleTimeoutMs: 1_500 });
  const { code } = await hub.store.createEnrolmentCode({ deskName: 'Bàn 1', role: 'desk' });
  token = (await hub.store.redeemEnrolmentCode(code)).token;
  // One declared dossier with an upload created and not yet sent: the target of the tus fuzzing.
  const bytes = patternBytes(FILE_SIZE, 5);
  declaredId = '4a5e0c1e-0000-4000-8000-000000000001';
  declaredName = '000.00.16.H27-261203-0001_thanh-phan-1.pdf';
  const client = createGatewayClient({ serverUrl: hub.url, token });
  await client.declare(declaredId, { code: '000.00.16.H27-261203-0001', procedureCode: '1.004366', receivedAt: '20261203090000', dueAt: '20261210170000', applicant: { idNumber: '001085012345', fullName: 'Nguyễn Thị Lan' }, files: [{ name: declaredName, sha256: await sha256Hex(bytes), size: FILE_SIZE }] });
  uploadUrl = await client.createUpload({ dossierId: declaredId, name: declaredName, sha256: await sha256Hex(bytes), size: FILE_SIZE });
});

afterAll(async () => {
  await hub?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Everything the hub keeps: row counts of every table and the files folder's entries with their sizes. */
async function holdings(): Promise<Record<string, unknown>> {
  const counts: Record<string, unknown> = {};
  for (const table of ['desks', 'enrolment_codes', 'dossiers', 'dossier_files', 'status_changes', 'hub_audit']) {
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(hub.database.db);
    counts[table] = rows[0]!.n;
  }
  const { rows: stored } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM dossier_files WHERE stored_at IS NOT NULL`.execute(hub.database.db);
  counts.storedFiles = stored[0]!.n;
  const entries = (await readdir(hub.filesDir)).sort();
  counts.files = await Promise.all(entries.map(async (entry) => `${entry}:${(await stat(path.join(hub.filesDir, entry))).size}`));
  return counts;
}

interface Answer {
  status: number;
  contentType: string;
  body: string;
}

/** One raw request (headers exactly as given, no client normalizing them beyond HTTP's syntax). */
function request(method: string, target: string, headers: Record<string, string>, body?: Buffer | string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const url = new URL(target, hub.url);
    const req = http.request({ host: url.hostname, port: url.port, method, path: url.pathname + url.search, headers: { ...headers, ...(body !== undefined ? { 'Content-Length': String(Buffer.byteLength(body)) } : {}) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A refusal a desk can read: a 4xx, and a Problem (`error` string) when the answer is JSON. */
function expectClearRefusal(answer: Answer, what: string): void {
  expect(answer.status, `${what}: ${answer.body.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
  expect(answer.status, `${what}: ${answer.body.slice(0, 200)}`).toBeLessThan(500);
  // (A HEAD answer has headers only.)
  if (answer.contentType.startsWith('application/json') && answer.body !== '') expect(typeof (JSON.parse(answer.body) as { error?: unknown }).error, what).toBe('string');
}

/** Header values HTTP can carry (visible ASCII and spaces), as a hostile client would choose them. */
const headerValue = fc.oneof(fc.string({ unit: fc.constantFrom(...'aZ09 -_.,;=:/+*%$#@!~"\'()[]{}<>?\\|^`'.split('')), maxLength: 80 }), fc.constantFrom('', '-1', '0', '1e9', '9'.repeat(30), 'NaN', ' 1', '0x10', 'null', 'Bearer', 'Bearer ', 'bearer x'));
const notADeclaration = fc.jsonValue({ maxDepth: 4 }).filter((value) => !DossierDeclaration.safeParse(value).success);
const pathId = fc.oneof(fc.uuid(), fc.string({ unit: fc.constantFrom(...'abc019-_.%~'.split('')), minLength: 1, maxLength: 60 }), fc.constantFrom('..', '%2e%2e', '..%2f..%2fetc%2fpasswd', '%00', 'a'.repeat(2000)));
const RUNS = { numRuns: 100 };

describe('the office hub refuses hostile input and keeps nothing of it', () => {
  it('refuses any JSON body that is not a declaration, on every route that reads one', async () => {
    const before = await holdings();
    await fc.assert(
      fc.asyncProperty(notADeclaration, fc.uuid(), async (body, id) => {
        expectClearRefusal(await request('PUT', `/api/v1/dossiers/${id}`, { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, JSON.stringify(body)), 'declare');
        expectClearRefusal(await request('POST', '/api/v1/enrol', { 'Content-Type': 'application/json' }, JSON.stringify(body)), 'enrol');
      }),
      RUNS,
    );
    // Bytes that are not JSON at all.
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2_000 }), async (bytes) => {
        expectClearRefusal(await request('PUT', `/api/v1/dossiers/${declaredId.replace(/1$/, '2')}`, { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, Buffer.from(bytes)), 'declare bytes');
      }),
      RUNS,
    );
    expect(await holdings()).toEqual(before);
  });

  it('refuses a wrong Authorization on every desk route and any path id that is not a known dossier or upload', async () => {
    const before = await holdings();
    const routes: Array<[string, (id: string) => string]> = [
      ['GET', () => '/api/v1/desk'],
      ['GET', () => '/api/v1/status?cursor=0'],
      ['PUT', (id) => `/api/v1/dossiers/${id}`],
      ['POST', (id) => `/api/v1/dossiers/${id}/commit`],
      ['GET', () => '/api/v1/office/dossiers'],
      ['GET', () => '/api/v1/admin/desks'],
      ['POST', () => '/files/'],
      ['HEAD', (id) => `/files/${id}`],
      ['PATCH', (id) => `/files/${id}`],
      ['DELETE', (id) => `/files/${id}`],
    ];
    await fc.assert(
      fc.asyncProperty(headerValue, fc.constantFrom(...routes), fc.uuid(), async (authorization, [method, route], id) => {
        fc.pre(authorization !== `Bearer ${token}`);
        const answer = await request(method, route(id), { Authorization: authorization, 'Tus-Resumable': '1.0.0', 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' }, method === 'PUT' || method === 'PATCH' ? '{}' : undefined);
        expectClearRefusal(answer, `${method} ${route(id)} with ${JSON.stringify(authorization)}`);
      }),
      RUNS,
    );
    await fc.assert(
      fc.asyncProperty(pathId, fc.constantFrom(...routes.slice(2, 4), ...routes.slice(7)), async (id, [method, route]) => {
        fc.pre(id !== declaredId && id !== uploadUrl.split('/').pop());
        const answer = await request(method, route(id), { Authorization: `Bearer ${token}`, 'Tus-Resumable': '1.0.0', 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' }, method === 'PATCH' ? 'x' : method === 'PUT' ? '{}' : undefined);
        expectClearRefusal(answer, `${method} ${route(id)}`);
      }),
      RUNS,
    );
    expect(await holdings()).toEqual(before);
  });

  it('refuses malformed tus headers on creation and on the upload, and stores no byte', async () => {
    const before = await holdings();
    const auth = { Authorization: `Bearer ${token}` };
    await fc.assert(
      fc.asyncProperty(headerValue, headerValue, fc.option(headerValue, { nil: undefined }), async (length, metadata, resumable) => {
        const headers: Record<string, string> = { ...auth, 'Upload-Length': length, 'Upload-Metadata': metadata, ...(resumable !== undefined ? { 'Tus-Resumable': resumable } : {}) };
        expectClearRefusal(await request('POST', '/files/', headers), `create ${JSON.stringify(headers)}`);
      }),
      RUNS,
    );
    await fc.assert(
      fc.asyncProperty(headerValue, headerValue, fc.constantFrom('1.0.0', '0.2.2', '', '1.0'), fc.uint8Array({ minLength: 1, maxLength: 500 }), async (offset, contentType, resumable, bytes) => {
        // A well-formed PATCH at offset 0 would be a real upload: at least one header is wrong here.
        fc.pre(!(resumable === '1.0.0' && contentType === 'application/offset+octet-stream' && Number(offset) === 0));
        const answer = await request('PATCH', uploadUrl, { ...auth, 'Upload-Offset': offset, 'Content-Type': contentType, 'Tus-Resumable': resumable }, Buffer.from(bytes));
        expectClearRefusal(answer, `PATCH offset ${JSON.stringify(offset)} type ${JSON.stringify(contentType)} tus ${resumable}`);
      }),
      RUNS,
    );
    expect(await holdings()).toEqual(before);
  });

  it('refuses an oversized JSON body, an upload larger than declared, and an upload over the size limit', async () => {
    const before = await holdings();
    const auth = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
    const big = JSON.stringify({ code: 'x'.repeat(1_100_000) });
    const declare = await request('PUT', '/api/v1/dossiers/4a5e0c1e-0000-4000-8000-0000000000ff', auth, big);
    expectClearRefusal(declare, 'oversized declaration');
    expect(declare.status).toBe(413);
    expect(JSON.parse(declare.body)).toMatchObject({ code: 'hub-too-large', message: 'Dữ liệu gửi lên quá lớn.' });
    const tus = { Authorization: `Bearer ${token}`, 'Tus-Resumable': '1.0.0' };
    const tooMuch = await request('PATCH', uploadUrl, { ...tus, 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' }, Buffer.from(patternBytes(FILE_SIZE + 1, 5)));
    expectClearRefusal(tooMuch, 'PATCH past the declared length');
    expect(tooMuch.status).toBe(413);
    // Without Content-Length (chunked), the excess is found while reading.
    const chunked = await new Promise<number>((resolve, reject) => {
      const url = new URL(uploadUrl);
      const req = http.request({ host: url.hostname, port: url.port, method: 'PATCH', path: url.pathname, headers: { ...tus, 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write(patternBytes(30_000, 6));
      req.end(patternBytes(30_000, 7));
    });
    expect(chunked).toBeGreaterThanOrEqual(400);
    expect(chunked).toBeLessThan(500);
    const huge = await request('POST', '/files/', { ...tus, 'Upload-Length': String(3 * 1024 ** 3), 'Upload-Metadata': `dossierId ${btoa(declaredId)},name ${btoa(declaredName)}` });
    expect(huge.status).toBe(413);
    // Nothing of the chunked body is the declared file: the upload holds no stored row, and no byte past its length.
    const after = await holdings();
    expect({ ...after, files: undefined }).toEqual({ ...before, files: undefined });
    const head = await fetch(uploadUrl, { method: 'HEAD', headers: tus });
    expect(Number(head.headers.get('Upload-Offset'))).toBeLessThanOrEqual(FILE_SIZE);
    expect((await hub.store.declaredFile(declaredId, declaredName))?.stored).toBe(false);
  });

  it('closes a slow-loris connection (headers, then nothing) on its idle timeout, keeping nothing', async () => {
    const before = await holdings();
    const url = new URL(hub.url);
    const closedBy = (lines: string) =>
      new Promise<string>((resolve) => {
        const socket = connect(Number(url.port), url.hostname, () => socket.write(lines));
        let answer = '';
        socket.on('data', (chunk) => (answer += chunk.toString()));
        socket.on('close', () => resolve(answer));
        socket.on('error', () => undefined);
      });
    // A declaration whose body never comes, a PATCH whose bytes never come, and headers never finished.
    const declaration = await closedBy(`PUT /api/v1/dossiers/4a5e0c1e-0000-4000-8000-0000000000aa HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"code":`);
    const patch = await closedBy(`PATCH ${new URL(uploadUrl).pathname} HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer ${token}\r\nTus-Resumable: 1.0.0\r\nUpload-Offset: 0\r\nContent-Type: application/offset+octet-stream\r\nContent-Length: ${FILE_SIZE}\r\n\r\n`);
    const headers = await closedBy(`GET /api/v1/desk HTTP/1.1\r\nHost: hub\r\nAuthorization: Bear`);
    // Closed without a success: no 2xx was ever written to these sockets.
    for (const answer of [declaration, patch, headers]) expect(answer).not.toMatch(/^HTTP\/1\.1 2/);
    expect(await holdings()).toEqual(before);
    // The hub still serves.
    expect((await request('GET', '/api/v1/health', {})).status).toBe(200);
  });
});
