import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_RETRY_AFTER_MS, parseRetryAfter, serverBusyFailure, serverMessageOf } from '../../../preload/shared/sync/serverBusyFailure';

const now = Date.UTC(2026, 11, 3, 2, 0, 0);

describe('Retry-After', () => {
  it('reads delay-seconds and an IMF-fixdate, bounded, and nothing else', () => {
    expect(parseRetryAfter('30', now)).toBe(30_000);
    expect(parseRetryAfter(' 5 ', now)).toBe(5_000);
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter(new Date(now + 90_000).toUTCString(), now)).toBe(90_000);
    expect(parseRetryAfter(new Date(now - 90_000).toUTCString(), now)).toBe(0);
    expect(parseRetryAfter('86400', now)).toBe(MAX_RETRY_AFTER_MS);
    for (const garbled of [null, undefined, '', '-5', '1.5', 'soon', '5 seconds', '2026-12-03T02:01:00Z', 'Thu, 03 Dec 2026 02:01:00 +0700']) expect(parseRetryAfter(garbled, now), String(garbled)).toBeUndefined();
  });

  it('is never outside 0 … the cap, whatever the header says', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.nat().map(String), fc.date({ noInvalidDate: true }).map((date) => date.toUTCString())), (value) => {
        const ms = parseRetryAfter(value, now);
        return ms === undefined || (Number.isFinite(ms) && ms >= 0 && ms <= MAX_RETRY_AFTER_MS);
      }),
      { numRuns: 2_000 },
    );
    fc.assert(fc.property(fc.integer({ min: 0, max: MAX_RETRY_AFTER_MS / 1000 }), (seconds) => parseRetryAfter(String(seconds), now) === seconds * 1000));
  });
});

describe('the server\'s own reason', () => {
  it('is the Problem message of the office hub, and only that', () => {
    expect(serverMessageOf(JSON.stringify({ error: 'x', code: 'hub-disk-full', message: 'Máy chủ văn phòng đã hết chỗ lưu tệp.' }))).toBe('Máy chủ văn phòng đã hết chỗ lưu tệp.');
    expect(serverMessageOf(JSON.stringify({ error: 'injected failure' }))).toBeUndefined();
    expect(serverMessageOf(JSON.stringify({ error: 'x', code: 'c', message: ' \n\t ' }))).toBeUndefined();
    expect(serverMessageOf('<html>503</html>')).toBeUndefined();
    expect(serverMessageOf('')).toBeUndefined();
    expect(serverMessageOf(undefined)).toBeUndefined();
  });

  it('comes out on one bounded line from any body', () => {
    const problem = fc.record({ error: fc.string(), code: fc.string(), message: fc.string({ maxLength: 2_000 }) }).map((value) => JSON.stringify(value));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), problem), (body) => {
        const line = serverMessageOf(body);
        // eslint-disable-next-line no-control-regex -- what must not reach the officer's screen
        return line === undefined || (line.length > 0 && line.length <= 400 && !/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(line) && line === line.trim());
      }),
      { numRuns: 2_000 },
    );
  });

  it('makes a retryable server-busy failure with the reason and the wait', () => {
    const failure = serverBusyFailure('PATCH: HTTP 507', { status: 507, body: JSON.stringify({ error: 'full', code: 'hub-disk-full', message: 'Máy chủ văn phòng đã hết chỗ lưu tệp.' }), retryAfter: '30' }, now);
    expect(failure).toMatchObject({ kind: 'server-busy', retryable: true, retryAfterMs: 30_000, userMessage: 'Máy chủ văn phòng đã hết chỗ lưu tệp.', detail: 'PATCH: HTTP 507', code: 'sync-server-busy' });
    // A HEAD answer has no body: the desk's own words, the wait still kept.
    const head = serverBusyFailure('HEAD: HTTP 503', { status: 503, body: '', retryAfter: '5' }, now);
    expect([head.userMessage.startsWith('Máy chủ đang bận nên tạm thời chưa nhận dữ liệu'), head.retryAfterMs]).toEqual([true, 5_000]);
  });
});
