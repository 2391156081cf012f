import { DeskFailure } from '../errors/DeskFailure';

/** Why a delivery step did not go through; decides whether the outbox retries or gives up. */
export type SyncFailureKind = 'offline' | 'server-error' | 'server-busy' | 'bad-reply' | 'unauthorized' | 'rejected' | 'conflict' | 'file-missing' | 'checksum' | 'not-configured' | 'revoked' | 'blocks-refused';

const messages: Record<SyncFailureKind, string> = {
  offline: 'Không kết nối được với máy chủ. Hồ sơ vẫn nằm trong hàng đợi và sẽ được gửi khi có mạng.',
  'server-error': 'Máy chủ đang gặp lỗi. Hồ sơ vẫn nằm trong hàng đợi; phần mềm sẽ tự thử lại.',
  'server-busy': 'Máy chủ đang bận nên tạm thời chưa nhận dữ liệu. Hồ sơ vẫn nằm trong hàng đợi; phần mềm sẽ tự thử lại.',
  'bad-reply': 'Máy chủ trả lời không đúng định dạng. Hồ sơ vẫn nằm trong hàng đợi; phần mềm sẽ tự thử lại.',
  unauthorized: 'Máy chủ từ chối mã truy cập của bàn tiếp nhận. Hãy kiểm tra mã truy cập trong Cài đặt.',
  rejected: 'Máy chủ từ chối hồ sơ.',
  conflict: 'Mã định danh của hồ sơ đã được gửi với nội dung khác; cần cán bộ kiểm tra trước khi gửi lại.',
  'file-missing': 'Không tìm thấy tệp số hóa của hồ sơ trong máy; hãy số hóa lại hồ sơ.',
  checksum: 'Tệp bị sai lệch trên đường truyền (SHA-256 không khớp); phần mềm sẽ gửi lại.',
  'not-configured': 'Chưa cấu hình máy chủ đồng bộ. Hồ sơ được giữ trong hàng đợi.',
  'blocks-refused': 'Máy chủ đơn vị không cấp thêm dải số hồ sơ.',
  revoked:
    'Bàn này đã bị thu hồi khỏi máy chủ đơn vị nên máy chủ không nhận hồ sơ từ bàn nữa. Các hồ sơ chờ gửi vẫn được giữ nguyên trong máy; hãy xin quản trị viên mã đăng ký mới và đăng ký lại bàn trong "Cấu hình bàn".',
};

/** Failures a later attempt can fix by itself; the others wait for an officer. */
const RETRYABLE: ReadonlySet<SyncFailureKind> = new Set(['offline', 'server-error', 'server-busy', 'bad-reply', 'unauthorized', 'checksum', 'not-configured', 'revoked']);

export interface SyncFailureOptions {
  /**
   * The server's own Vietnamese reason for the officer (an office hub's Problem `message`): shown
   * instead of the desk's text for the kind, since it says what is really going on (a full disk,
   * its database away) and already tells the officer what happens next.
   */
  serverMessage?: string;
  /** How long the server asked the desk to wait (`Retry-After`): the next attempt is no sooner. */
  retryAfterMs?: number;
}

/** A typed sync error: a Vietnamese message for the officer and a technical detail for the log. */
export class SyncFailure extends DeskFailure {
  readonly kind: SyncFailureKind;
  declare readonly detail: string;
  readonly retryable: boolean;
  /** Set when the server said how long to wait before the next attempt. */
  readonly retryAfterMs: number | undefined;

  constructor(kind: SyncFailureKind, detail: string, extra?: string, options: SyncFailureOptions = {}) {
    super(`sync-${kind}`, options.serverMessage ?? (extra ? `${messages[kind]} ${extra}` : messages[kind]), detail);
    this.name = 'SyncFailure';
    this.kind = kind;
    this.retryable = RETRYABLE.has(kind);
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** Anything thrown during a delivery, as a SyncFailure; unknown errors are retried, never dropped. */
export function toSyncFailure(error: unknown): SyncFailure {
  if (error instanceof SyncFailure) return error;
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new SyncFailure('server-error', detail);
}
