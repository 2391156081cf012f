import { HubProblemReply } from './gatewayReplies';
import { SyncFailure } from './SyncFailure';

/** The longest wait a server may ask for that the desk takes as said; a longer one is cut to this. */
export const MAX_RETRY_AFTER_MS = 10 * 60_000;

/** Longest server message shown to the officer; a longer one is cut. */
const MAX_SERVER_MESSAGE = 400;

/**
 * Statuses that mean "not now" rather than "wrong": the office hub answers 503 while its database
 * is away and 507 while its disk is full, and 429 when a desk asks too often, each with `Retry-After`.
 */
export const BUSY_STATUSES: ReadonlySet<number> = new Set([429, 503, 507]);

const DELAY_SECONDS = /^\d{1,10}$/;
/** IMF-fixdate (RFC 9110 §5.6.7), the only HTTP-date form a server may send today. */
const IMF_FIXDATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/**
 * `Retry-After` (delay-seconds or an HTTP-date) as milliseconds from `nowMs`, within
 * `0 … MAX_RETRY_AFTER_MS`; undefined when the header is absent or not of either form, so a
 * garbled header falls back to the desk's own backoff instead of a wait nobody asked for.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  let ms: number;
  if (DELAY_SECONDS.test(text)) ms = Number(text) * 1000;
  else if (IMF_FIXDATE.test(text)) ms = Date.parse(text) - nowMs;
  else return undefined;
  if (!Number.isFinite(ms)) return undefined;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms));
}

/**
 * The office hub's Vietnamese reason out of a Problem body (`{ error, code, message }`), on one
 * line and bounded; undefined when the body is not one (another server, an HTML error page, none).
 */
export function serverMessageOf(body: string | undefined): string | undefined {
  if (!body) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return undefined;
  }
  const problem = HubProblemReply.safeParse(json);
  if (!problem.success) return undefined;
  // eslint-disable-next-line no-control-regex -- control characters of a foreign body are what is removed here
  const line = problem.data.message.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
  if (!line) return undefined;
  return line.length > MAX_SERVER_MESSAGE ? `${line.slice(0, MAX_SERVER_MESSAGE - 1)}…` : line;
}

/**
 * The failure of a request the server answered with a busy status: `server-busy`, retryable,
 * carrying the server's own Vietnamese reason when it gave one and the wait it asked for. Nothing
 * was acknowledged, so the dossier stays queued and the step is repeated after that wait.
 */
export function serverBusyFailure(detail: string, reply: { status: number; body?: string; retryAfter?: string | null }, nowMs: number): SyncFailure {
  const serverMessage = serverMessageOf(reply.body);
  const retryAfterMs = parseRetryAfter(reply.retryAfter, nowMs);
  return new SyncFailure('server-busy', detail, undefined, { ...(serverMessage ? { serverMessage } : {}), ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
}
