import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../../renderer/operations/sync/backoffDelay';
import { createGatewayClient, type DossierMetadata } from '../../../preload/shared/sync/createGatewayClient';
import { parsePortalTimestamp } from '../../../preload/shared/domain/calendar/localDate';
import { SyncFailure } from '../../../preload/shared/sync/SyncFailure';

const metadata: DossierMetadata = {
  code: '000.00.16.H27-261201-0001',
  procedureCode: '1.004366',
  receivedAt: '20261201090000',
  dueAt: '20261204170000',
  applicant: { idNumber: '001203004567', fullName: 'Nguyễn Văn An' },
  files: [{ name: 'a.pdf', sha256: 'a'.repeat(64), size: 10 }],
};

/** A client whose every request gets this answer, recording what was asked. */
function answering(status: number, body: string, headers: Record<string, string> = {}) {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const client = createGatewayClient({
    serverUrl: 'https://gateway.test/base/',
    token: 't0k',
    fetch: async (url, init) => {
      calls.push({ url: String(url), init: init ?? {} });
      return new Response(status === 204 ? null : body, { status, headers });
    },
  });
  return { client, calls };
}

async function failureOf(promise: Promise<unknown>): Promise<SyncFailure> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SyncFailure) return error;
    throw new Error(`not a SyncFailure: ${String(error)}`, { cause: error });
  }
  throw new Error('did not fail');
}

describe('gateway client', () => {
  it('declares with the token and treats a repeat (200) like the first time (201)', async () => {
    for (const status of [200, 201]) {
      const { client, calls } = answering(status, JSON.stringify({ id: 'x', state: 'declared' }));
      await client.declare('7d1f0c1e-0000-4000-8000-000000000001', metadata);
      expect(calls[0]!.url).toBe('https://gateway.test/base/api/v1/dossiers/7d1f0c1e-0000-4000-8000-000000000001');
      expect(calls[0]!.init.method).toBe('PUT');
      expect((calls[0]!.init.headers as Record<string, string>).Authorization).toBe('Bearer t0k');
      expect(JSON.parse(String(calls[0]!.init.body))).toEqual(metadata);
    }
  });

  it('sorts failures into retry (5xx, 429, garbage, dropped link, bad token) and give up (409, 400)', async () => {
    const cases: Array<[number, string, SyncFailure['kind'], boolean]> = [
      [503, '{"error":"down"}', 'server-busy', true],
      [507, '', 'server-busy', true],
      [429, '', 'server-busy', true],
      [500, '{"error":"internal error"}', 'server-error', true],
      [200, '<html>502 Bad Gateway</html>', 'bad-reply', true],
      [401, '{"error":"bad token"}', 'unauthorized', true],
      [409, '{"error":"dossier id already used for different content"}', 'conflict', false],
      [400, '{"error":"invalid dossier metadata"}', 'rejected', false],
    ];
    for (const [status, body, kind, retryable] of cases) {
      const failure = await failureOf(answering(status, body).client.declare('id', metadata));
      expect([failure.kind, failure.retryable], `${status} ${body}`).toEqual([kind, retryable]);
      expect(failure.userMessage).toMatch(/[ăâđêôơư]/);
    }
    const offline = createGatewayClient({ serverUrl: 'https://gateway.test', fetch: async () => Promise.reject(new TypeError('Failed to fetch')) });
    expect((await failureOf(offline.health())).kind).toBe('offline');
  });

  it('shows the hub\'s own Vietnamese reason of a 507 or 503 and keeps the wait it asked for, on every route', async () => {
    const diskFull = { error: '0 bytes free', code: 'hub-disk-full', message: 'Máy chủ văn phòng đã hết chỗ lưu tệp. Hồ sơ vẫn nằm trong hàng đợi của bàn và sẽ được gửi khi máy chủ có chỗ.' };
    const full = answering(507, JSON.stringify(diskFull), { 'Retry-After': '30', 'Content-Type': 'application/json' });
    for (const step of [() => full.client.createUpload({ dossierId: 'd1', name: 'a.pdf', sha256: 'a'.repeat(64), size: 10 }), () => full.client.declare('d1', metadata), () => full.client.commit('d1'), () => full.client.leaseCodeBlocks('000.00.16.H27', '261201', 1)]) {
      const failure = await failureOf(step());
      expect([failure.kind, failure.retryable, failure.retryAfterMs]).toEqual(['server-busy', true, 30_000]);
      expect(failure.userMessage).toBe(diskFull.message);
      expect(failure.detail).toContain('HTTP 507');
    }
    const away = await failureOf(answering(503, JSON.stringify({ error: 'ECONNREFUSED', code: 'hub-database-unavailable', message: 'Cơ sở dữ liệu của máy chủ văn phòng tạm thời không trả lời.' }), { 'Retry-After': '5' }).client.pullStatus(0, 200));
    expect([away.userMessage, away.retryAfterMs]).toEqual(['Cơ sở dữ liệu của máy chủ văn phòng tạm thời không trả lời.', 5_000]);
    // Another server's 503 (a proxy's page, no Retry-After): the desk's own words and its own backoff.
    const proxy = await failureOf(answering(503, '<html>Service Unavailable</html>').client.health());
    expect(proxy.kind).toBe('server-busy');
    expect(proxy.userMessage).toMatch(/^Máy chủ đang bận nên tạm thời chưa nhận dữ liệu/);
    expect(proxy.retryAfterMs).toBeUndefined();
  });

  it('sends the desk\'s request id with a code block lease and takes the repeat of an earlier answer (200) like a new lease (201)', async () => {
    const blocks = [{ prefix: '000.00.16.H27', day: '261201', from: 51, to: 100 }];
    const requestId = crypto.randomUUID();
    for (const status of [201, 200]) {
      const { client, calls } = answering(status, JSON.stringify({ blocks, blockSize: 50 }));
      expect(await client.leaseCodeBlocks('000.00.16.H27', '261201', 1, requestId)).toEqual(blocks);
      expect(JSON.parse(String(calls[0]!.init.body))).toEqual({ prefix: '000.00.16.H27', day: '261201', count: 1, requestId });
    }
  });

  it('creates tus uploads with base64 metadata and resolves a relative Location', async () => {
    const { client, calls } = answering(201, '', { Location: '/files/abc123' });
    const url = await client.createUpload({ dossierId: 'd1', name: 'Tờ khai.pdf', sha256: 'f'.repeat(64), size: 42 });
    expect(url).toBe('https://gateway.test/files/abc123');
    const headers = calls[0]!.init.headers as Record<string, string>;
    expect(headers['Upload-Length']).toBe('42');
    const pairs = Object.fromEntries(headers['Upload-Metadata']!.split(',').map((pair) => pair.split(' ')).map(([k, v]) => [k, new TextDecoder().decode(Uint8Array.from(atob(v!), (c) => c.charCodeAt(0)))]));
    expect(pairs).toMatchObject({ dossierId: 'd1', name: 'Tờ khai.pdf', sha256: 'f'.repeat(64) });
  });

  it('reads a commit that lists missing files and a status page', async () => {
    expect(await answering(409, JSON.stringify({ error: 'files missing', missing: ['a.pdf'] })).client.commit('d1')).toEqual({ delivered: false, missing: ['a.pdf'], notDeclared: false });
    expect(await answering(200, JSON.stringify({ id: 'd1', state: 'delivered' })).client.commit('d1')).toEqual({ delivered: true });
    const page = await answering(200, JSON.stringify({ cursor: 3, changes: [{ seq: 3, dossierId: 'd1', status: 4, at: '20261201100000' }] })).client.pullStatus(2, 200);
    expect(page.changes).toHaveLength(1);
    expect((await failureOf(answering(200, JSON.stringify({ cursor: 1, changes: [] })).client.pullStatus(2, 200))).kind).toBe('bad-reply');
  });

  it('never lets a hostile reply escape as anything but a typed failure or a checked value', async () => {
    const bodies = fc.oneof(
      fc.string(),
      fc.json(),
      fc.record({ cursor: fc.oneof(fc.integer(), fc.string(), fc.constant(null)), changes: fc.array(fc.record({ seq: fc.anything(), dossierId: fc.anything(), status: fc.integer({ min: -5, max: 20 }), at: fc.string() })) }).map((value) => JSON.stringify(value)),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(200, 201, 204, 301, 400, 404, 409, 410, 500), bodies, async (status, body) => {
        const { client } = answering(status, body, { Location: 'relative/x' });
        for (const attempt of [() => client.pullStatus(0, 200), () => client.commit('d1'), () => client.declare('d1', metadata), () => client.health()]) {
          try {
            const value = await attempt();
            if (value && typeof value === 'object' && 'changes' in value) {
              for (const change of value.changes) expect(change.status >= 1 && change.status <= 10 && /^\d{14}$/.test(change.at)).toBe(true);
            }
          } catch (error) {
            expect(error).toBeInstanceOf(SyncFailure);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('backoff and portal time', () => {
  it('grows exponentially with full jitter under the cap', () => {
    const policy = { baseMs: 1000, capMs: 60_000 };
    expect(backoffDelay(1, policy, () => 0.999)).toBe(999);
    expect(backoffDelay(4, policy, () => 0.999)).toBe(7992);
    expect(backoffDelay(40, policy, () => 0.999)).toBe(59_940);
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
    fc.assert(fc.property(fc.integer({ min: -3, max: 100 }), fc.double({ min: 0, max: 0.9999, noNaN: true }), (attempt, r) => {
      const delay = backoffDelay(attempt, policy, () => r);
      return delay >= 0 && delay < policy.capMs;
    }));
  });

  it('reads yyyyMMddHHmmss on the Vietnamese clock', () => {
    expect(parsePortalTimestamp('20261201093015').toISOString()).toBe('2026-12-01T02:30:15.000Z');
    expect(Number.isNaN(parsePortalTimestamp('2026-12-01').getTime())).toBe(true);
  });
});

describe('declarations frozen before the files fingerprint was renamed', () => {
  it('are sent with the fingerprint under its current name, and current ones unchanged', async () => {
    const { withCurrentFieldNames } = await import('../../../preload/shared/sync/createGatewayClient');
    const base = { code: 'X', procedureCode: 'P', receivedAt: '20261201090000', dueAt: '20261202090000', applicant: { idNumber: '001085123456', fullName: 'A' }, files: [] };
    expect(withCurrentFieldNames({ ...base, sealFingerprint: 'ABCDE-12345' })).toEqual({ ...base, filesFingerprint: 'ABCDE-12345' });
    expect(withCurrentFieldNames({ ...base, filesFingerprint: 'FFFFF-00000' })).toEqual({ ...base, filesFingerprint: 'FFFFF-00000' });
  });
});
