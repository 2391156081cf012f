import { DISK_FULL_RETRY_AFTER_SECONDS, diskFullFailure } from './createDiskGuard';
import { HubFailure } from './HubFailure';

export interface RetryableRefusal {
  failure: HubFailure;
  /** Sent as `Retry-After`. */
  retryAfterSeconds: number;
}

/** Node's codes of a database link that broke or could not be made. */
const LINK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTCONN']);
/** PostgreSQL's SQLSTATEs of a server shutting down or starting up (class 57P) and of a lost connection (class 08). */
const SERVER_GONE = /^(57P0[1-4]|08\d{3})$/;

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Failures that are a passing state of the hub, not of the request: the database server is
 * restarting or unreachable, or the disk is full. They are answered 503/507 with `Retry-After`
 * and a Problem code, so the desk keeps the dossier queued and tries again (nothing was
 * acknowledged, every step is idempotent). Anything else is not classified here.
 */
export function retryableRefusalOf(error: unknown, diskFullRetryAfterSeconds = DISK_FULL_RETRY_AFTER_SECONDS): RetryableRefusal | undefined {
  if (error instanceof HubFailure && error.code === 'hub-disk-full') return { failure: error, retryAfterSeconds: diskFullRetryAfterSeconds };
  const code = codeOf(error);
  const message = error instanceof Error ? error.message : '';
  if (code === 'ENOSPC' || code === 'EDQUOT') return { failure: diskFullFailure(message), retryAfterSeconds: diskFullRetryAfterSeconds };
  if ((code && (LINK_CODES.has(code) || SERVER_GONE.test(code))) || /Connection terminated|connection error|terminating connection|the database system is (starting up|shutting down)/i.test(message)) {
    return {
      failure: new HubFailure('hub-database-unavailable', 'Cơ sở dữ liệu của máy chủ văn phòng tạm thời không trả lời. Hồ sơ vẫn nằm trong hàng đợi và sẽ được gửi lại.', `${code ?? ''} ${message}`.trim(), 503),
      retryAfterSeconds: 5,
    };
  }
  return undefined;
}
