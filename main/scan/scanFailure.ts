import { DeskFailure } from '../../preload/shared/errors/DeskFailure';

export type ScanFailureKind =
  | 'feeder-empty'
  | 'jammed'
  | 'cover-open'
  | 'mispick'
  | 'feeder-fault'
  | 'stopped'
  | 'connection-lost'
  | 'busy'
  | 'offline'
  | 'cancelled'
  | 'bad-response'
  | 'io'
  | 'unsupported'
  | 'no-device'
  | 'bad-file'
  | 'folder-empty'
  | 'list-failed'
  | 'folder-unreadable';

const messages: Record<ScanFailureKind, string> = {
  'feeder-empty': 'Khay nạp giấy đang trống. Hãy đặt tài liệu vào khay rồi quét lại.',
  jammed: 'Máy quét bị kẹt giấy. Hãy gỡ tờ bị kẹt, đặt lại các trang chưa quét rồi quét tiếp.',
  'cover-open': 'Nắp máy quét đang mở. Hãy đóng nắp rồi quét lại.',
  mispick: 'Máy quét kéo giấy bị lỗi (không kéo được tờ, hoặc kéo nhiều tờ một lúc). Hãy xếp lại giấy trong khay rồi quét tiếp; các trang đã quét được giữ lại.',
  'feeder-fault': 'Khay nạp giấy của máy quét báo lỗi. Hãy xem màn hình của máy quét, xử lý rồi quét tiếp; các trang đã quét được giữ lại.',
  stopped: 'Máy quét đã dừng lệnh quét mà không cho biết lý do. Các trang đã quét được giữ lại; hãy xem màn hình của máy quét rồi quét tiếp.',
  'connection-lost': 'Mất kết nối với máy quét giữa chừng một trang. Các trang nhận đủ trước đó đã được giữ lại; hãy kiểm tra nguồn điện và mạng của máy quét rồi quét tiếp.',
  busy: 'Máy quét đang bận với một lệnh khác. Hãy đợi giây lát rồi thử lại.',
  offline: 'Không kết nối được với máy quét. Hãy kiểm tra nguồn điện, cáp hoặc mạng của máy quét.',
  cancelled: 'Đã hủy lượt quét. Các trang đã quét được giữ lại.',
  'bad-response': 'Máy quét trả về dữ liệu không hợp lệ. Các trang đã quét được giữ lại; hãy thử quét lại.',
  io: 'Lỗi truyền dữ liệu với máy quét. Các trang đã quét được giữ lại; hãy thử quét lại.',
  unsupported: 'Máy quét không hỗ trợ thiết lập đã chọn.',
  'no-device': 'Không tìm thấy máy quét đã chọn.',
  'bad-file': 'Tệp bị hỏng, chưa ghi xong hoặc không phải ảnh quét nên không nhập được. Tệp gốc được giữ nguyên; các trang đã nhập vẫn được giữ lại.',
  'folder-empty': 'Chưa có tệp quét nào trong thư mục. Hãy quét bằng phần mềm của máy quét (lưu vào thư mục đã chọn) rồi thử lại.',
  'list-failed': 'Không liệt kê được máy quét (phần mềm máy quét không trả lời hoặc báo lỗi). Các máy quét khác vẫn dùng được; hãy kiểm tra cài đặt rồi bấm «Tìm lại máy quét».',
  'folder-unreadable': 'Không đọc được một thư mục quét đã cấu hình (đường dẫn không phải thư mục hoặc không có quyền đọc). Hãy kiểm tra tệp hot-folders.json trong thư mục dữ liệu.',
};

/** The Vietnamese message of a scanner failure kind. */
export function scanFailureMessage(kind: ScanFailureKind): string {
  return messages[kind];
}

/**
 * A typed scanner error: stable code `scanner-<kind>`, a Vietnamese message, and the technical detail.
 * `userMessage` replaces the kind's standard message when more is known (the page, the device's words).
 */
export function scanFailure(kind: ScanFailureKind, detail?: string, cause?: unknown, userMessage?: string): DeskFailure {
  return new DeskFailure(`scanner-${kind}`, userMessage ?? messages[kind], detail, cause === undefined ? undefined : { cause });
}

/** The kind of a scanner failure, if the error is one. */
export function scanFailureKind(error: unknown): ScanFailureKind | undefined {
  if (error instanceof DeskFailure && error.code.startsWith('scanner-')) return error.code.slice('scanner-'.length) as ScanFailureKind;
  return undefined;
}
