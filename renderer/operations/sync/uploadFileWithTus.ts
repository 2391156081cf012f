import { DeskFailure } from '../../../preload/shared/errors/DeskFailure';
import { Upload, type DetailedError, type HttpResponse } from 'tus-js-client';
import { SyncFailure } from '../../../preload/shared/sync/SyncFailure';
import { BUSY_STATUSES, serverBusyFailure, serverMessageOf } from '../../../preload/shared/sync/serverBusyFailure';

export interface TusFileUpload {
  /** The upload URL created (and stored) beforehand: tus resumes from the offset the server has. */
  uploadUrl: string;
  data: Blob;
  name: string;
  token?: string | null;
  onProgress(sent: number, total: number): void;
  signal: AbortSignal;
}

/** Quick in-place retries of one PATCH; anything longer is the outbox's backoff. */
const PATCH_RETRY_DELAYS = [0, 250, 1_000];

function statusOf(error: unknown): number | undefined {
  return (error as DetailedError).originalResponse?.getStatus();
}

/** 4xx answers that are a wait or a clash of requests, never a sign the upload is gone. */
const PASSING_4XX: ReadonlySet<number> = new Set([408, 409, 423, 429]);

/**
 * Whether an answer says the server no longer has the upload, so it must be created again: 404/410
 * on any request, or another refusal of the client (4xx) to the HEAD that resumes it. A 5xx there
 * (the database away, the disk full) says nothing about the upload: it is still there with its
 * offset, and the next attempt resumes it.
 */
function isUploadGone(status: number, error: Error): boolean {
  if (status === 404 || status === 410) return true;
  // tus-js-client's words when the HEAD that resumes an upload is not 2xx and it has no endpoint to create one at.
  return /unable to resume upload/.test(error.message) && status >= 400 && status < 500 && !PASSING_4XX.has(status);
}

/**
 * Sends one file with the tus resumable protocol (tus-js-client) to an upload URL that already
 * exists. A dropped link resumes from the server's offset, so bytes are not sent twice. The
 * gateway answers 460 when the finished file's SHA-256 is not the declared one: the upload is then
 * gone and must be created again (`checksum`); 404/410 mean it expired (UploadGone). A busy server
 * (503/507/429, on the HEAD or a PATCH) is `server-busy` with its own reason and `Retry-After`, and
 * the stored upload URL stays, so the next attempt goes on from the offset the server has.
 */
export function uploadFileWithTus(file: TusFileUpload): Promise<void> {
  return new Promise((resolve, reject) => {
    const upload = new Upload(file.data, {
      uploadUrl: file.uploadUrl,
      headers: file.token ? { Authorization: `Bearer ${file.token}` } : {},
      chunkSize: 16 * 1024 * 1024,
      retryDelays: PATCH_RETRY_DELAYS,
      storeFingerprintForResuming: false,
      removeFingerprintOnSuccess: false,
      onShouldRetry(error) {
        const status = statusOf(error);
        // A server that said how long to wait is not asked again at once: the outbox waits that long.
        if (status !== undefined && BUSY_STATUSES.has(status) && error.originalResponse?.getHeader('Retry-After')) return false;
        return status === undefined || status === 409 || status === 423 || status >= 500;
      },
      onProgress(sent, total) {
        file.onProgress(sent, total);
      },
      onSuccess() {
        file.signal.removeEventListener('abort', onAbort);
        resolve();
      },
      onError(error) {
        file.signal.removeEventListener('abort', onAbort);
        const status = statusOf(error);
        const response = (error as DetailedError).originalResponse;
        if (status === 460) reject(new SyncFailure('checksum', `${file.name}: ${error.message}`));
        else if (status === 401 || status === 403) reject(new SyncFailure('unauthorized', `${file.name}: HTTP ${status}`));
        else if (status === undefined || !response) reject(new SyncFailure('offline', `${file.name}: ${error.message}`));
        else if (isUploadGone(status, error)) reject(new UploadGone(`${file.name}: ${error.message}`));
        else if (BUSY_STATUSES.has(status)) reject(serverBusyFailure(`${file.name}: HTTP ${status} ${error.message}`, { status, body: bodyOf(response), retryAfter: response.getHeader('Retry-After') }, Date.now()));
        else if (status >= 500) reject(new SyncFailure('server-error', `${file.name}: ${error.message}`, serverMessageOf(bodyOf(response))));
        else reject(new SyncFailure('bad-reply', `${file.name}: HTTP ${status} ${error.message}`));
      },
    });
    const onAbort = () => {
      void upload.abort();
      reject(new SyncFailure('offline', `${file.name}: stopped`));
    };
    file.signal.addEventListener('abort', onAbort, { once: true });
    upload.start();
  });
}

/** The answer's body as text (a HEAD has none); a stack that cannot give it gives nothing. */
function bodyOf(response: HttpResponse): string | undefined {
  try {
    const body: unknown = response.getBody();
    return typeof body === 'string' ? body : undefined;
  } catch {
    return undefined;
  }
}

/** The stored upload URL is no longer known to the server (expired or discarded): create a new one. */
export class UploadGone extends DeskFailure {
  constructor(detail: string) {
    super('sync-upload-gone', 'Máy chủ không còn giữ phần tệp đã gửi dở; phần mềm sẽ gửi lại tệp từ đầu.', detail, { message: detail });
    this.name = 'UploadGone';
  }
}
