import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePortalReply, sessionOfLogin, type RawPortalReply } from '../../../main/hub/portal/parsePortalReply';

const json = (body: unknown, status = 200): RawPortalReply => ({ status, contentType: 'application/json', text: JSON.stringify(body), truncated: false });
const KINDS = ['ok', 'session-refused', 'duplicate', 'refused', 'failed'];

describe('reading the portal adapter\'s answers', () => {
  it('takes the success code as a number, in each form public clients compare (0, "0", "00")', () => {
    for (const code of [0, '0', '00', ' 0 ', -0]) expect(parsePortalReply(json({ error_code: code, message: 'Thành công' })).kind).toBe('ok');
    expect(parsePortalReply(json({ error_code: '0' }, 201)).kind).toBe('ok');
    // Zero on an HTTP error is not a success.
    expect(parsePortalReply(json({ error_code: 0 }, 502)).kind).toBe('failed');
    expect(parsePortalReply(json({ error_code: 0 }, 404)).kind).toBe('failed');
  });

  it('tells a refused session, a duplicate first send and a refused content apart by the portal\'s answer', () => {
    expect(parsePortalReply(json({ error_code: -1, message: 'Phiên làm việc không hợp lệ hoặc đã hết hạn (session expired)' }))).toMatchObject({ kind: 'session-refused' });
    expect(parsePortalReply({ status: 401, contentType: 'text/plain', text: 'Unauthorized', truncated: false })).toMatchObject({ kind: 'session-refused' });
    expect(parsePortalReply(json({ error_code: '-1', message: 'Hồ sơ 000.00.16.H27-261203-0001 đã tồn tại' }))).toMatchObject({ kind: 'duplicate' });
    expect(parsePortalReply(json({ error_code: 1, message: 'Dữ liệu không hợp lệ: thiếu trường bắt buộc DonViXuLy' }))).toEqual({ kind: 'refused', reason: 'error_code 1: Dữ liệu không hợp lệ: thiếu trường bắt buộc DonViXuLy' });
    expect(parsePortalReply(json({ error_code: 99 }))).toEqual({ kind: 'refused', reason: 'error_code 99' });
    // A refusal that comes with an HTTP 400 is still the portal's word on the content.
    expect(parsePortalReply(json({ error_code: -1, message: 'malformed JSON request' }, 400)).kind).toBe('refused');
  });

  it('takes what is not the portal\'s JSON as a failure to try again, with a reason', () => {
    expect(parsePortalReply({ status: 200, contentType: 'text/html; charset=utf-8', text: '<html><body>502 Bad Gateway</body></html>', truncated: false })).toMatchObject({ kind: 'failed', reason: expect.stringContaining('không phải JSON (HTTP 200, text/html)') });
    expect(parsePortalReply(json([1, 2]))).toMatchObject({ kind: 'failed', reason: expect.stringContaining('không phải đối tượng JSON') });
    expect(parsePortalReply(json({ message: 'ok' }))).toMatchObject({ kind: 'failed', reason: expect.stringContaining('thiếu error_code') });
    expect(parsePortalReply(json({ error_code: { value: 0 } }))).toMatchObject({ kind: 'failed', reason: expect.stringContaining('error_code không đọc được (object') });
    expect(parsePortalReply(json({ error_code: null }))).toMatchObject({ kind: 'failed', reason: expect.stringContaining('(null') });
    expect(parsePortalReply(json({ error_code: '0x0' })).kind).toBe('failed');
    expect(parsePortalReply(json({ error_code: 0.5 })).kind).toBe('failed');
    expect(parsePortalReply({ status: 200, contentType: 'application/json', text: '{"error_code":"0"', truncated: true })).toMatchObject({ kind: 'failed', reason: expect.stringContaining('quá lớn') });
    expect(parsePortalReply(json({ error_code: -1, message: 'busy' }, 503))).toMatchObject({ kind: 'failed', reason: 'HTTP 503: busy' });
  });

  it('never throws and always says why, whatever the bytes, types or sizes (fuzzed)', () => {
    const bodies = fc.oneof(
      fc.string({ maxLength: 3_000 }),
      fc.jsonValue().map((value) => JSON.stringify(value)),
      fc.record({ error_code: fc.oneof(fc.jsonValue(), fc.integer(), fc.stringMatching(/^-?\d{1,20}$/)), message: fc.oneof(fc.jsonValue(), fc.string()) }, { requiredKeys: [] }).map((value) => JSON.stringify(value)),
      fc.string({ maxLength: 200 }).map((text) => `<!DOCTYPE html><html><head><title>${text}</title></head><body>${text}</body></html>`),
      fc.uint8Array({ maxLength: 2_000 }).map((bytes) => new TextDecoder().decode(bytes)),
      fc.nat({ max: 3 }).map((n) => `{"error_code":"0","message":"${'x'.repeat(200_000 * (n + 1))}"}`),
    );
    fc.assert(
      fc.property(bodies, fc.constantFrom(200, 201, 204, 301, 400, 401, 403, 404, 408, 429, 500, 502, 503), fc.option(fc.string({ maxLength: 60 })), fc.boolean(), (text, status, contentType, truncated) => {
        const reply = parsePortalReply({ status, contentType, text, truncated });
        expect(KINDS).toContain(reply.kind);
        if (reply.kind === 'ok') {
          expect(truncated).toBe(false);
          expect(status >= 200 && status < 300).toBe(true);
          const code = (JSON.parse(text) as { error_code: unknown }).error_code;
          expect(Number(code)).toBe(0);
        } else {
          expect(typeof reply.reason).toBe('string');
          expect(reply.reason.trim().length).toBeGreaterThan(0);
          expect(reply.reason.length).toBeLessThan(1_400);
        }
        if (truncated && status !== 401) expect(reply.kind).toBe('failed');
      }),
      { numRuns: 400 },
    );
  });

  it('takes a login only with a session and the success code', () => {
    expect(sessionOfLogin(parsePortalReply(json({ session: 'abc', error_code: 0 })))).toEqual({ ok: true, session: 'abc' });
    expect(sessionOfLogin(parsePortalReply(json({ error_code: 0 })))).toMatchObject({ ok: false, retryable: true });
    expect(sessionOfLogin(parsePortalReply(json({ session: 42, error_code: 0 })))).toMatchObject({ ok: false });
    expect(sessionOfLogin(parsePortalReply(json({ session: 'abc', error_code: -1, message: 'Sai tên đăng nhập hoặc mật khẩu' })))).toEqual({ ok: false, reason: 'error_code -1: Sai tên đăng nhập hoặc mật khẩu', retryable: false });
    expect(sessionOfLogin(parsePortalReply({ status: 502, contentType: 'text/html', text: '<html/>', truncated: false }))).toMatchObject({ ok: false, retryable: true });
  });
});
