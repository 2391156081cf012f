import { DeskFailure } from '../../preload/shared/errors/DeskFailure';

export type CardFailureKind =
  | 'no-service'
  | 'no-reader'
  | 'no-card'
  | 'wrong-key'
  | 'bad-key-input'
  | 'removed'
  | 'unsupported'
  | 'tampered'
  | 'bad-data'
  | 'secure-channel'
  | 'secure-channel-refused'
  | 'unsupported-document'
  | 'busy'
  | 'io';

const messages: Record<CardFailureKind, string> = {
  'no-service': 'Không tìm thấy dịch vụ đọc thẻ (PC/SC) trên máy này nên chưa đọc được chip. Hãy nhờ quản trị bật dịch vụ thẻ thông minh (Windows: Smart Card; Linux: pcscd) rồi thử lại; trong lúc chờ, hãy dùng mã QR hoặc nhập tay.',
  'no-reader': 'Không tìm thấy đầu đọc thẻ. Hãy cắm đầu đọc thẻ CCCD rồi thử lại.',
  'no-card': 'Chưa có thẻ trên đầu đọc. Hãy đặt thẻ CCCD lên đầu đọc rồi thử lại.',
  'wrong-key': 'Thẻ từ chối khóa truy cập: số thẻ, ngày sinh hoặc ngày hết hạn (MRZ / mã QR) không đúng với thẻ này.',
  'bad-key-input': 'Thông tin để mở chip không hợp lệ. Hãy kiểm tra lại dòng MRZ, mã QR hoặc các ô số thẻ, ngày sinh, ngày hết hạn.',
  removed: 'Thẻ đã bị rút ra trong khi đang đọc. Hãy đặt lại thẻ và giữ yên cho đến khi đọc xong.',
  unsupported: 'Thẻ này không phải thẻ CCCD gắn chip (không có ứng dụng ICAO). Hãy dùng thẻ CCCD gắn chip hoặc nhập tay.',
  tampered: 'Dữ liệu trên chip không khớp chữ ký số của cơ quan cấp: dữ liệu có thể đã bị sửa đổi. Không dùng dữ liệu này; hãy kiểm tra thẻ gốc.',
  'bad-data': 'Dữ liệu trên chip không đúng định dạng, không đọc được. Hãy thử lại hoặc nhập tay.',
  'secure-channel': 'Kênh bảo mật với chip bị gián đoạn. Hãy đặt lại thẻ và đọc lại.',
  'secure-channel-refused': 'Thẻ từ chối kênh bảo mật (dữ liệu bảo mật của lệnh bị thiếu hoặc không đúng), hãy đặt lại thẻ và thử lại.',
  'unsupported-document': 'Phần mềm chưa hỗ trợ loại giấy tờ trên chip này. Hãy nhập tay thông tin người nộp.',
  busy: 'Đầu đọc đang đọc một thẻ khác. Hãy đợi đọc xong.',
  io: 'Lỗi giao tiếp với đầu đọc thẻ. Hãy đặt lại thẻ và thử lại.',
};

/** The Vietnamese message of a card failure kind. */
export function cardFailureMessage(kind: CardFailureKind): string {
  return messages[kind];
}

/** A typed card error: stable code `card-<kind>`, a Vietnamese message, the technical detail. */
export function cardFailure(kind: CardFailureKind, detail?: string, cause?: unknown): DeskFailure {
  return new DeskFailure(`card-${kind}`, messages[kind], detail, cause === undefined ? undefined : { cause });
}
