/**
 * What one answer of the portal's adapter means for the row that caused it.
 * - `ok`: the success code.
 * - `session-refused`: the session is not (or no longer) accepted: log in again.
 * - `duplicate`: a first send of a dossier the portal already has: send it as an update.
 * - `refused`: a well-formed refusal of the content (missing or malformed field, unknown
 *   procedure): held for an administrator with the portal's message.
 * - `failed`: anything that may pass (HTTP 5xx, an answer that is not the portal's JSON, too
 *   large, cut): tried again later.
 */
export type PortalReply =
  | { kind: 'ok'; body: Record<string, unknown> }
  | { kind: 'session-refused'; reason: string }
  | { kind: 'duplicate'; reason: string }
  | { kind: 'refused'; reason: string }
  | { kind: 'failed'; reason: string };

export interface RawPortalReply {
  status: number;
  contentType: string | null;
  /** The body as far as it was read; `truncated` when it went past the limit. */
  text: string;
  truncated: boolean;
}

/**
 * Success: `error_code` equal to zero as a number (0, "0" and "00" are all seen in public clients:
 * OpenCPS v2 compares `getInt(...) == 0` at login, the string "00" after DongBoHoSoMC and
 * `GetterUtil.getInteger(...) == 0` elsewhere; a queue worker accepts only "0").
 */
const ZERO = /^\s*[+-]?0+\s*$/;
const INTEGER = /^\s*[+-]?\d{1,12}\s*$/;
/** How the adapter words a refused session or a dossier it already has (ours to recognise; the official wording is not public). */
const SESSION_WORDS = /\bsession\b|phiên (làm việc|đăng nhập)|hết phiên|\btoken\b/i;
const DUPLICATE_WORDS = /đã tồn tại|already exists?|\bduplicate\b|trùng mã/i;

function shorten(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** The first message-like field of an answer, as text. */
function messageOf(body: Record<string, unknown>): string {
  for (const key of ['message', 'error_message', 'msg', 'description', 'error']) {
    const value = body[key];
    if (typeof value === 'string' && value.trim()) return shorten(value, 1_000);
  }
  return '';
}

/** The error code as the portal wrote it, if it is a number or a string of digits; undefined otherwise. */
function codeOf(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  if (typeof value === 'string' && INTEGER.test(value)) return value.trim();
  return undefined;
}

/** Classifies one answer of the portal's adapter. Never throws, whatever the bytes. */
export function parsePortalReply(raw: RawPortalReply): PortalReply {
  if (raw.status === 401) return { kind: 'session-refused', reason: `HTTP 401 ${shorten(raw.text, 200)}`.trim() };
  if (raw.truncated) return { kind: 'failed', reason: `câu trả lời quá lớn (HTTP ${raw.status}, hơn ${raw.text.length} ký tự)` };
  let body: unknown;
  try {
    body = JSON.parse(raw.text);
  } catch {
    const what = raw.contentType?.split(';')[0]?.trim() || 'không rõ kiểu';
    return { kind: 'failed', reason: `câu trả lời không phải JSON (HTTP ${raw.status}, ${what}): ${shorten(raw.text, 120)}` };
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { kind: 'failed', reason: `câu trả lời không phải đối tượng JSON (HTTP ${raw.status}): ${shorten(raw.text, 120)}` };
  const object = body as Record<string, unknown>;
  const code = codeOf(object.error_code);
  const message = messageOf(object);
  if (raw.status >= 500 || raw.status === 429 || raw.status === 408) return { kind: 'failed', reason: `HTTP ${raw.status}${message ? `: ${message}` : ''}` };
  if (code === undefined) {
    if (!('error_code' in object)) return { kind: 'failed', reason: `câu trả lời thiếu error_code (HTTP ${raw.status})${message ? `: ${message}` : ''}` };
    return { kind: 'failed', reason: `error_code không đọc được (${Array.isArray(object.error_code) ? 'array' : object.error_code === null ? 'null' : typeof object.error_code}, HTTP ${raw.status})` };
  }
  if (ZERO.test(code) && raw.status >= 200 && raw.status < 300) return { kind: 'ok', body: object };
  if (SESSION_WORDS.test(message)) return { kind: 'session-refused', reason: `error_code ${code}: ${message}` };
  if (DUPLICATE_WORDS.test(message)) return { kind: 'duplicate', reason: `error_code ${code}: ${message}` };
  if (ZERO.test(code)) return { kind: 'failed', reason: `HTTP ${raw.status} với error_code 0` };
  return { kind: 'refused', reason: `error_code ${code}${message ? `: ${message}` : ''}` };
}

/**
 * A login answer: the session when `session` is a non-empty string and the code is zero (as the
 * public client accepts it); otherwise why not.
 */
export function sessionOfLogin(reply: PortalReply): { ok: true; session: string } | { ok: false; reason: string; retryable: boolean } {
  if (reply.kind !== 'ok') return { ok: false, reason: reply.reason, retryable: reply.kind === 'failed' };
  const session = reply.body.session;
  if (typeof session !== 'string' || !session.trim() || session.length > 4_096) return { ok: false, reason: 'đăng nhập thành công nhưng không có session', retryable: true };
  return { ok: true, session };
}
