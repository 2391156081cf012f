import { parsePortalReply, sessionOfLogin, type PortalReply, type RawPortalReply } from './parsePortalReply';
import type { PortalSettings } from './PortalSettings';

/** Largest answer read (a TraCuuHoSo result is far below it); beyond, the answer counts as failed. */
export const MAX_REPLY_BYTES = 1024 * 1024;

export interface PortalConnectorOptions {
  settings: PortalSettings;
  password: string;
  now?: () => number;
}

async function readLimited(response: Response, limit: number): Promise<{ text: string; truncated: boolean }> {
  const reader = response.body?.getReader();
  if (!reader) return { text: '', truncated: false };
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      chunks.push(value.subarray(0, value.length - (size - limit)));
      return { text: new TextDecoder().decode(Buffer.concat(chunks)), truncated: true };
    }
    chunks.push(value);
  }
  return { text: new TextDecoder().decode(Buffer.concat(chunks)), truncated: false };
}

function failureOf(error: unknown, timeoutMs: number): string {
  const name = (error as { name?: string } | null)?.name;
  if (name === 'TimeoutError') return `Cổng không trả lời trong ${timeoutMs / 1000} giây`;
  if (name === 'AbortError') return 'đã dừng trước khi Cổng trả lời';
  const cause = (error as { cause?: { code?: string; message?: string } } | null)?.cause;
  return `không kết nối được Cổng: ${cause?.code ?? cause?.message ?? (error as Error)?.message ?? String(error)}`;
}

/**
 * The hub's client of the portal's adapter. Every call is a JSON POST to
 * `{adapter_url}{integration_endpoint}` carrying `session`, `madonvi` and `service` beside its
 * payload, as the public client sends it (OpenCPS v2 `syncData`/`getSharingData`), with the
 * `dstcode` header when one is configured. The session from `{adapter_url}{auth_endpoint}` is
 * kept and renewed before it ages past `sessionTtlMs`; a call the portal answers with a refused
 * session logs in again once and is sent again once; refused again, the call reports it. Each
 * request, answer included, has `timeoutMs`.
 */
export function createPortalConnector(options: PortalConnectorOptions) {
  const { settings, password } = options;
  const now = options.now ?? Date.now;
  let session: { value: string; since: number } | undefined;
  let loggingIn: Promise<{ ok: true; session: string } | { ok: false; reason: string; retryable: boolean }> | undefined;
  const stats = { logins: 0, calls: 0 };

  const post = async (endpoint: string, body: Record<string, unknown>, signal?: AbortSignal): Promise<PortalReply> => {
    const timeout = AbortSignal.timeout(settings.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    let raw: RawPortalReply;
    try {
      const response = await fetch(`${settings.adapterUrl}${endpoint}`, {
        method: 'POST',
        headers: { Accept: 'application/json', 'Content-Type': 'application/json; charset=utf-8', ...(settings.dstcode ? { dstcode: settings.dstcode } : {}) },
        body: JSON.stringify(body),
        signal: combined,
        redirect: 'follow',
      });
      const read = await readLimited(response, MAX_REPLY_BYTES);
      raw = { status: response.status, contentType: response.headers.get('content-type'), ...read };
    } catch (error) {
      return { kind: 'failed', reason: failureOf(error, settings.timeoutMs) };
    }
    return parsePortalReply(raw);
  };

  const login = (signal?: AbortSignal) => {
    loggingIn ??= (async () => {
      stats.logins += 1;
      const outcome = sessionOfLogin(await post(settings.authEndpoint, { username: settings.username, password }, signal));
      if (outcome.ok) session = { value: outcome.session, since: now() };
      return outcome;
    })().finally(() => (loggingIn = undefined));
    return loggingIn;
  };

  const fresh = () => session !== undefined && now() - session.since < settings.sessionTtlMs;

  return {
    stats,

    /**
     * One service call. `session-refused` comes back only when a new session was refused too
     * (or the login itself was refused: wrong account, locked).
     */
    async call(service: string, payload: Record<string, unknown>, madonvi: string, signal?: AbortSignal): Promise<PortalReply> {
      for (let attempt = 0; attempt < 2; attempt += 1) {
        if (attempt > 0 || !fresh()) {
          session = undefined;
          const outcome = await login(signal);
          if (!outcome.ok) return outcome.retryable ? { kind: 'failed', reason: `đăng nhập Cổng: ${outcome.reason}` } : { kind: 'session-refused', reason: `Cổng từ chối đăng nhập: ${outcome.reason}` };
        }
        stats.calls += 1;
        const reply = await post(settings.integrationEndpoint, { session: session!.value, madonvi, service, ...payload }, signal);
        if (reply.kind !== 'session-refused') return reply;
        if (attempt === 1) return { kind: 'session-refused', reason: `Cổng vẫn từ chối phiên sau khi đăng nhập lại: ${reply.reason}` };
      }
      return { kind: 'failed', reason: 'unreachable' };
    },
  };
}

export type PortalConnector = ReturnType<typeof createPortalConnector>;
