import http from 'node:http';
import https from 'node:https';
import { DeskFailure } from '../../preload/shared/errors/DeskFailure';
import { scanFailureMessage } from './scanFailure';

/** How the end of a response body is known: a Content-Length, the last chunk, or the connection closing. */
export type BodyFraming = 'length' | 'chunked' | 'close';

export interface EsclReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Uint8Array;
  framing: BodyFraming;
}

/** One HTTP exchange with the scanner; it can be aborted, and tells when its connection is closed. */
export interface EsclExchange {
  readonly reply: Promise<EsclReply>;
  /** Ends the exchange now (the connection is closed, not left half-read). */
  abort(): void;
  /** Settles once the exchange is over and its connection is released or closed. */
  readonly closed: Promise<void>;
  /** True until the reply has arrived whole or failed. */
  readonly open: boolean;
}

export interface EsclRequestOptions {
  method?: string;
  body?: string;
  headers?: Record<string, string>;
  timeoutMs: number;
  /** A body larger than this is refused (a page at 600 dpi colour stays far below). */
  maxBytes?: number;
  signal?: AbortSignal;
}

/**
 * An HTTP exchange with the scanner that did not complete. `cut` says the reply had begun and its
 * body stopped before the Content-Length or the last chunk: the link or the device went away.
 */
export class EsclTransferError extends DeskFailure {
  constructor(
    message: string,
    readonly timedOut: boolean,
    readonly aborted: boolean,
    readonly cut: { status: number; received: number; expected?: number; framing: BodyFraming } | undefined,
    cause?: unknown,
  ) {
    super('escl-transfer', scanFailureMessage('offline'), message, { cause, message });
    this.name = 'EsclTransferError';
  }
}

// A connection per exchange: devices close idle connections at their own pace, and a request sent
// on one they have just closed would fail for no reason of its own.
const agents = { http: new http.Agent({ keepAlive: false }), https: new https.Agent({ keepAlive: false }) };

/**
 * Sends one request to an eSCL scanner and reads the whole reply, checking that the body ended the
 * way its headers said it would (Content-Length received in full, or the final chunk), so a page
 * cut short is told apart from one the device sent damaged. Redirects are not followed.
 */
export function requestEscl(url: string, options: EsclRequestOptions): EsclExchange {
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  const method = options.method ?? 'GET';
  const maxBytes = options.maxBytes ?? 512 * 1024 * 1024;
  let open = true;
  let timedOut = false;
  let aborted = false;
  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
  const what = `${method} ${url}`;
  const payload = options.body === undefined ? undefined : Buffer.from(options.body, 'utf8');
  const request = (secure ? https : http).request(target, {
    method,
    agent: secure ? agents.https : agents.http,
    headers: { Accept: '*/*', ...(options.headers ?? {}), ...(payload ? { 'Content-Length': String(payload.length) } : {}) },
  });
  request.on('close', () => resolveClosed());
  let failNow: (reason: string) => void = () => undefined;

  const reply = new Promise<EsclReply>((resolve, reject) => {
    let response: http.IncomingMessage | undefined;
    let received = 0;
    let framing: BodyFraming = 'close';
    let expected: number | undefined;
    const fail = (reason: string, cause?: unknown) => {
      if (!open) return;
      open = false;
      clearTimeout(timer);
      const cut = response && received > 0 ? { status: response.statusCode ?? 0, received, framing, ...(expected === undefined ? {} : { expected }) } : undefined;
      const why = timedOut ? `timed out after ${options.timeoutMs} ms` : reason;
      const counted = cut ? `; ${received}${expected === undefined ? '' : ` of ${expected}`} bytes of the body received (${framing})` : '';
      reject(new EsclTransferError(`${what}: ${why}${counted}`, timedOut, aborted, cut, cause));
      request.destroy();
    };
    failNow = fail;
    const timer = setTimeout(() => {
      timedOut = true;
      fail('timed out');
    }, options.timeoutMs);
    const onAbort = () => {
      aborted = true;
      fail('aborted');
    };
    if (options.signal?.aborted) queueMicrotask(onAbort);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    void closed.then(() => options.signal?.removeEventListener('abort', onAbort));

    request.on('error', (error: NodeJS.ErrnoException) => fail(`${error.message}${error.code ? ` (${error.code})` : ''}`, error));
    request.on('response', (res) => {
      response = res;
      const length = res.headers['content-length'];
      if (length !== undefined && /^\d+$/.test(length)) {
        framing = 'length';
        expected = Number(length);
      } else if (/chunked/i.test(res.headers['transfer-encoding'] ?? '')) framing = 'chunked';
      if (expected !== undefined && expected > maxBytes) return fail(`body of ${expected} bytes is over the limit of ${maxBytes}`);
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > maxBytes) return fail(`body over the limit of ${maxBytes} bytes`);
        chunks.push(chunk);
      });
      res.on('end', () => {
        if (!open) return;
        if (!res.complete || (expected !== undefined && received !== expected)) return fail('the body ended early');
        open = false;
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: new Uint8Array(Buffer.concat(chunks)), framing });
      });
      res.on('error', (error: NodeJS.ErrnoException) => fail(`${error.message}${error.code ? ` (${error.code})` : ''}`, error));
      // A connection closed before the end of the body: Content-Length not reached, or no last chunk.
      res.on('close', () => fail('the connection closed before the end of the body'));
    });
    request.end(payload);
  });

  return {
    reply,
    abort() {
      if (!open) return;
      aborted = true;
      reply.catch(() => undefined);
      // Rejects the reply and closes the socket; `closed` settles once it is closed.
      failNow('aborted by the desk');
    },
    closed,
    get open() {
      return open;
    },
  };
}
