import { DeskFailure } from '../../../preload/shared/errors/DeskFailure';
import { Upload, type DetailedError } from 'tus-js-client';
import { SyncFailure } from '../../../preload/shared/sync/SyncFailure';

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

/**
 * Sends one file with the tus resumable protocol (tus-js-client) to an upload URL that already
 * exists. A dropped link resumes from the server's offset, so bytes are not sent twice. The
 * gateway answers 460 when the finished file's SHA-256 is not the declared one: the upload is then
 * gone and must be created again (`checksum`); 404/410 mean it expired (`rejected` of this URL).
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
        if (status === 460) reject(new SyncFailure('checksum', `${file.name}: ${error.message}`));
        else if (status === 401 || status === 403) reject(new SyncFailure('unauthorized', `${file.name}: HTTP ${status}`));
        else if (status === 404 || status === 410 || /unable to resume/.test(error.message)) reject(new UploadGone(`${file.name}: ${error.message}`));
        else if (status === undefined) reject(new SyncFailure('offline', `${file.name}: ${error.message}`));
        else if (status >= 500) reject(new SyncFailure('server-error', `${file.name}: ${error.message}`));
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

/** The stored upload URL is no longer known to the server (expired or discarded): create a new one. */
export class UploadGone extends DeskFailure {
  constructor(detail: string) {
    super('sync-upload-gone', 'Máy chủ không còn giữ phần tệp đã gửi dở; phần mềm sẽ gửi lại tệp từ đầu.', detail, { message: detail });
    this.name = 'UploadGone';
  }
}
