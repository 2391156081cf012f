import { DomainError } from './DomainError';
import { formatPortalTimestamp } from './calendar/localDate';

/**
 * The dossier status machine, using the status codes of the national portal synchronisation
 * (1 Mới đăng ký … 10 Đã trả kết quả). Every change goes through {@link transitionDossierStatus}, which
 * refuses illegal moves with a Vietnamese message and returns the new history with who and when,
 * so the history is the audit trail and the current status is always its last entry.
 */

export const DossierStatusCode = {
  registered: 1,
  received: 2,
  notReceived: 3,
  processing: 4,
  supplementRequested: 5,
  financialObligationRequested: 6,
  withdrawn: 7,
  stopped: 8,
  processed: 9,
  resultReturned: 10,
} as const;
export type DossierStatusCode = (typeof DossierStatusCode)[keyof typeof DossierStatusCode];

/** Vietnamese names exactly as the portal lists them. */
export const DOSSIER_STATUS_NAMES: Record<DossierStatusCode, string> = {
  1: 'Mới đăng ký',
  2: 'Được tiếp nhận',
  3: 'Không được tiếp nhận',
  4: 'Đang xử lý',
  5: 'Yêu cầu bổ sung giấy tờ',
  6: 'Yêu cầu thực hiện nghĩa vụ tài chính',
  7: 'Công dân yêu cầu rút hồ sơ',
  8: 'Dừng xử lý',
  9: 'Đã xử lý xong',
  10: 'Đã trả kết quả',
};

/** Allowed next statuses. Terminal statuses (3, 7, 8, 10) have none. */
const ALLOWED: Record<DossierStatusCode, readonly DossierStatusCode[]> = {
  1: [2, 3, 7],
  2: [4, 5, 6, 7, 8, 9],
  3: [],
  4: [5, 6, 7, 8, 9],
  5: [4, 7, 8],
  6: [4, 7, 8],
  7: [],
  8: [],
  9: [10],
  10: [],
};

/** Moves that must say why (refusal, supplement, obligation, withdrawal, stop): the citizen is told. */
const REASON_REQUIRED: ReadonlySet<DossierStatusCode> = new Set([3, 5, 6, 7, 8]);

/** One recorded change of status. */
export interface DossierStatusChange {
  from: DossierStatusCode | null;
  to: DossierStatusCode;
  /** ISO 8601 instant. */
  at: string;
  /** Officer account (or `system` for changes pulled from the ministry system). */
  by: string;
  reason?: string;
}

/** Whether `to` may follow `from`. */
export function canTransition(from: DossierStatusCode, to: DossierStatusCode): boolean {
  return ALLOWED[from].includes(to);
}

/** The statuses that may follow `from`, for menus. */
export function nextStatuses(from: DossierStatusCode): readonly DossierStatusCode[] {
  return ALLOWED[from];
}

/** The current status: the last change of the history (or undefined for an empty history). */
export function currentStatus(history: readonly DossierStatusChange[]): DossierStatusCode | undefined {
  return history[history.length - 1]?.to;
}

function isStatusCode(value: unknown): value is DossierStatusCode {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 10;
}

/**
 * Appends a change to the history. The first change must create the dossier as 1 (registered
 * online) or 2 (received at the desk). Refuses unknown codes, illegal moves, a missing actor, a
 * missing reason where the citizen must be told why, and time running backwards.
 */
export function transitionDossierStatus(
  history: readonly DossierStatusChange[],
  to: number,
  actor: { by: string; at: Date; reason?: string },
): DossierStatusChange[] {
  if (!isStatusCode(to)) throw new DomainError('invalid-status', `Mã trạng thái ${to} không thuộc danh mục trạng thái hồ sơ (1–10).`);
  const by = actor.by.trim();
  if (!by) throw new DomainError('status-actor-missing', 'Phải ghi rõ người chuyển trạng thái hồ sơ.');
  if (Number.isNaN(actor.at.getTime())) throw new DomainError('status-time-invalid', 'Thời điểm chuyển trạng thái không hợp lệ.');
  const from = currentStatus(history);
  if (from === undefined) {
    if (to !== 1 && to !== 2) {
      throw new DomainError('illegal-status-transition', `Hồ sơ mới chỉ có thể bắt đầu ở trạng thái «${DOSSIER_STATUS_NAMES[1]}» hoặc «${DOSSIER_STATUS_NAMES[2]}».`);
    }
  } else if (!canTransition(from, to)) {
    const allowed = ALLOWED[from];
    const hint = allowed.length === 0 ? 'Hồ sơ đã kết thúc, không thể chuyển tiếp.' : `Chỉ có thể chuyển sang: ${allowed.map((code) => `«${DOSSIER_STATUS_NAMES[code]}»`).join(', ')}.`;
    throw new DomainError('illegal-status-transition', `Không thể chuyển hồ sơ từ «${DOSSIER_STATUS_NAMES[from]}» sang «${DOSSIER_STATUS_NAMES[to]}». ${hint}`, `${from}->${to}`);
  }
  const reason = actor.reason?.trim();
  if (REASON_REQUIRED.has(to) && !reason) {
    throw new DomainError('status-reason-missing', `Chuyển sang «${DOSSIER_STATUS_NAMES[to]}» phải ghi rõ lý do.`);
  }
  const last = history[history.length - 1];
  if (last && Date.parse(last.at) > actor.at.getTime()) {
    throw new DomainError('status-time-invalid', 'Thời điểm chuyển trạng thái sớm hơn lần chuyển trước; kiểm tra lại đồng hồ máy.');
  }
  const change: DossierStatusChange = { from: from ?? null, to, at: actor.at.toISOString(), by };
  if (reason) change.reason = reason;
  return [...history, change];
}

/** A status change as the portal synchronisation expects it (dates as yyyyMMddHHmmss, Asia/Ho_Chi_Minh). */
export function toPortalStatus(change: DossierStatusChange): { TrangThaiHoSo: DossierStatusCode; NgayCapNhat: string; NguoiCapNhat: string; GhiChu?: string } {
  const portal: { TrangThaiHoSo: DossierStatusCode; NgayCapNhat: string; NguoiCapNhat: string; GhiChu?: string } = {
    TrangThaiHoSo: change.to,
    NgayCapNhat: formatPortalTimestamp(new Date(change.at)),
    NguoiCapNhat: change.by,
  };
  if (change.reason) portal.GhiChu = change.reason;
  return portal;
}
