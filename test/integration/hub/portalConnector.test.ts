/**
 * The hub's client of the portal's adapter against real HTTP: the portal replica for sessions
 * (kept, renewed before they age out, a refused one logged in again once), and a server that
 * answers whatever fast-check makes up (HTML, wrong types, huge or cut bodies, any status) — each
 * answer is a failure or a refusal with a reason, never a crash.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPortalConnector } from '../../../main/hub/portal/createPortalConnector';
import { portalSettingsOf } from '../../../main/hub/portal/PortalSettings';
import { startPortalReplica, type PortalReplica } from '../../support/portal/startPortalReplica';
import { AGENCY, CATALOG } from '../../support/portal/portalOffice';

const settingsFor = (url: string, extra: Partial<Parameters<typeof portalSettingsOf>[0]> = {}) =>
  portalSettingsOf({ adapterUrl: url, authEndpoint: '/auth', integrationEndpoint: '/integration', username: 'motcua.hub', madonvi: AGENCY.madonvi, timeoutMs: 2_000, sessionTtlMs: 60_000, ...extra });

describe('the portal connector', () => {
  let replica: PortalReplica;
  beforeAll(async () => {
    replica = await startPortalReplica({ catalog: CATALOG });
  });
  afterAll(async () => {
    await replica.close();
  });

  it('keeps its session, renews it before it ages out, and logs in again once when the portal refuses it', async () => {
    let now = 1_000_000;
    const connector = createPortalConnector({ settings: settingsFor(replica.url), password: replica.password, now: () => now });
    const look = () => connector.call('TraCuuHoSo', { mahoso: 'none' }, AGENCY.madonvi);
    const logins = () => replica.counters.logins;
    const start = logins();
    expect((await look()).kind).toBe('ok');
    expect((await look()).kind).toBe('ok');
    expect(logins() - start).toBe(1);
    // Past its age the session is renewed before the call, so the portal never sees it refused.
    now += 60_000;
    const refusedBefore = replica.calls.filter((call) => (call.answer?.body as { message?: string } | undefined)?.message?.includes('session expired')).length;
    expect((await look()).kind).toBe('ok');
    expect(logins() - start).toBe(2);
    expect(replica.calls.filter((call) => (call.answer?.body as { message?: string } | undefined)?.message?.includes('session expired')).length).toBe(refusedBefore);
    // Ended at the portal before its time: refused, logged in again, sent again.
    replica.expireSessions();
    expect((await look()).kind).toBe('ok');
    expect(logins() - start).toBe(3);
    // Refused again right after the new login: said so, no third try.
    replica.fault({ kind: 'expire-sessions' }, 'TraCuuHoSo', 2);
    const twice = await look();
    expect(twice).toMatchObject({ kind: 'session-refused', reason: expect.stringContaining('vẫn từ chối phiên') });
    expect(logins() - start).toBe(4);
  });

  it('says a wrong password is refused, and a portal that is not there is a failure to try again', async () => {
    const wrong = createPortalConnector({ settings: settingsFor(replica.url), password: 'sai' });
    expect(await wrong.call('TraCuuHoSo', { mahoso: 'x' }, AGENCY.madonvi)).toMatchObject({ kind: 'session-refused', reason: expect.stringContaining('Sai tên đăng nhập hoặc mật khẩu') });
    const nowhere = createPortalConnector({ settings: settingsFor('http://127.0.0.1:9'), password: 'x' });
    expect(await nowhere.call('TraCuuHoSo', { mahoso: 'x' }, AGENCY.madonvi)).toMatchObject({ kind: 'failed', reason: expect.stringContaining('không kết nối được Cổng') });
  });

  it('turns any answer into a failure or a refusal with a reason, never a crash (fuzzed over HTTP)', async () => {
    let next: { status: number; headers: Record<string, string>; body: Buffer; cut: boolean } = { status: 200, headers: {}, body: Buffer.alloc(0), cut: false };
    const server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        if (req.url === '/auth') {
          res.writeHead(200, { 'Content-Type': 'application/json' });
          return void res.end(JSON.stringify({ session: 's', error_code: 0 }));
        }
        const answer = next;
        res.writeHead(answer.status, { 'Content-Type': 'application/octet-stream', ...answer.headers });
        if (answer.cut) {
          res.write(answer.body.subarray(0, Math.floor(answer.body.length / 2)));
          return void setTimeout(() => res.destroy(), 5);
        }
        res.end(answer.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const connector = createPortalConnector({ settings: settingsFor(url), password: 'p' });
    const bodies = fc.oneof(
      fc.string({ maxLength: 2_000 }).map((text) => Buffer.from(text)),
      fc.jsonValue().map((value) => Buffer.from(JSON.stringify(value))),
      fc.record({ error_code: fc.oneof(fc.jsonValue(), fc.constantFrom('0', '00', 0, -1, '1', null)), message: fc.oneof(fc.string(), fc.jsonValue()) }, { requiredKeys: [] }).map((value) => Buffer.from(JSON.stringify(value))),
      fc.string({ maxLength: 100 }).map((text) => Buffer.from(`<html><head><title>${text}</title></head><body><h1>502 Bad Gateway</h1>${text}</body></html>`)),
      fc.uint8Array({ maxLength: 3_000 }).map((bytes) => Buffer.from(bytes)),
      fc.constantFrom(1, 2).map((megabytes) => Buffer.from(`{"error_code":"0","message":"${'x'.repeat(megabytes * 1024 * 1024)}"}`)),
    );
    try {
      await fc.assert(
        fc.asyncProperty(bodies, fc.constantFrom(200, 202, 400, 403, 404, 429, 500, 502, 503), fc.constantFrom('application/json', 'text/html; charset=utf-8', 'text/plain'), fc.boolean(), async (body, status, contentType, cut) => {
          next = { status, headers: { 'Content-Type': contentType }, body, cut };
          const reply = await connector.call('DongBoHoSoMC', { isUpdating: 'False', data: [] }, AGENCY.madonvi);
          expect(['ok', 'failed', 'refused', 'duplicate', 'session-refused']).toContain(reply.kind);
          if (reply.kind === 'ok') {
            expect(cut).toBe(false);
            expect(body.length).toBeLessThanOrEqual(1024 * 1024);
            expect(Number((JSON.parse(body.toString('utf8')) as { error_code: unknown }).error_code)).toBe(0);
          } else expect(reply.reason.trim().length).toBeGreaterThan(0);
          if (body.length > 1024 * 1024) expect(reply.kind).toBe('failed');
        }),
        { numRuns: 150 },
      );
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
