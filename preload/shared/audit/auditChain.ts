/**
 * The audit log's hash chain, shared by the renderer (which appends to it in IndexedDB) and main
 * (which verifies exports of it): every entry's hash covers the previous entry's hash and its own
 * fields, so editing, deleting, inserting or reordering an entry breaks every later link.
 */
export interface ChainedAuditEntry {
  seq: number;
  at: number;
  actor: string;
  action: string;
  target: string;
  detail?: string;
  prevHash: string;
  hash: string;
}

/** A head of the chain seen earlier (at export time); a later export must still contain it. */
export interface AuditAnchor {
  seq: number;
  hash: string;
}

export type AuditChainProblem =
  | 'not-an-entry'
  | 'hash-mismatch'
  | 'broken-link'
  | 'sequence-order'
  | 'anchor-missing';

export type AuditChainVerdict =
  | { ok: true; count: number; head: AuditAnchor | undefined }
  | { ok: false; problem: AuditChainProblem; index: number; seq: number | undefined; message: string };

async function sha256HexOfText(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  let hex = '';
  for (const byte of digest) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/** The hash of one entry given the previous entry's hash ('' for the first entry). */
export function auditEntryHash(prevHash: string, entry: Pick<ChainedAuditEntry, 'at' | 'actor' | 'action' | 'target' | 'detail'>): Promise<string> {
  return sha256HexOfText(JSON.stringify([prevHash, entry.at, entry.actor, entry.action, entry.target, entry.detail ?? '']));
}

function isEntry(value: unknown): value is ChainedAuditEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  return (
    Number.isSafeInteger(entry.seq) &&
    Number.isFinite(entry.at) &&
    typeof entry.actor === 'string' &&
    typeof entry.action === 'string' &&
    typeof entry.target === 'string' &&
    (entry.detail === undefined || typeof entry.detail === 'string') &&
    typeof entry.prevHash === 'string' &&
    typeof entry.hash === 'string'
  );
}

/**
 * Checks a whole chain from its first entry, in the order given. The first failure is reported
 * with its position, so the officer can be told which entry was touched. Anchors (heads recorded
 * at earlier exports) catch an export whose tail was cut off, which the links alone cannot.
 */
export async function verifyAuditChain(entries: readonly unknown[], anchors: readonly AuditAnchor[] = []): Promise<AuditChainVerdict> {
  let prevHash = '';
  let prevSeq: number | undefined;
  const bySeq = new Map<number, string>();
  for (let index = 0; index < entries.length; index++) {
    const entry = entries[index];
    if (!isEntry(entry)) return { ok: false, problem: 'not-an-entry', index, seq: undefined, message: `Dòng nhật ký thứ ${index + 1} không đúng định dạng.` };
    const fail = (problem: AuditChainProblem, message: string): AuditChainVerdict => ({ ok: false, problem, index, seq: entry.seq, message });
    if (entry.prevHash !== prevHash) return fail('broken-link', `Mục số ${entry.seq} không nối tiếp mục trước: nhật ký đã bị xóa, chèn hoặc đảo thứ tự.`);
    if ((await auditEntryHash(prevHash, entry)) !== entry.hash) return fail('hash-mismatch', `Mục số ${entry.seq} đã bị sửa: mã băm không khớp nội dung.`);
    if (prevSeq !== undefined && entry.seq <= prevSeq) return fail('sequence-order', `Số thứ tự mục ${entry.seq} không tăng dần sau mục ${prevSeq}.`);
    prevSeq = entry.seq;
    prevHash = entry.hash;
    bySeq.set(entry.seq, entry.hash);
  }
  for (const anchor of anchors) {
    if (bySeq.get(anchor.seq) !== anchor.hash) {
      return {
        ok: false,
        problem: 'anchor-missing',
        index: entries.length,
        seq: anchor.seq,
        message: `Nhật ký không còn chứa mục số ${anchor.seq} đã ghi nhận ở lần xuất trước: phần cuối đã bị cắt hoặc thay thế.`,
      };
    }
  }
  const last = entries.at(-1) as ChainedAuditEntry | undefined;
  return { ok: true, count: entries.length, head: last ? { seq: last.seq, hash: last.hash } : undefined };
}

export const AUDIT_EXPORT_FORMAT = 'mot-cua-desk/audit-log';

/** One export file: a header line, then one entry per line (JSON Lines). */
export function formatAuditExport(entries: readonly ChainedAuditEntry[], exportedAt: number): string {
  const head = entries.at(-1);
  const header = { format: AUDIT_EXPORT_FORMAT, version: 1, exportedAt, count: entries.length, head: head ? { seq: head.seq, hash: head.hash } : null };
  return [JSON.stringify(header), ...entries.map((entry) => JSON.stringify(entry))].join('\n') + '\n';
}

/** Parses an export file; throws with a Vietnamese message when it is not one. */
export function parseAuditExport(text: string): { header: { exportedAt: number; count: number }; entries: unknown[] } {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const parseLine = (line: string, number: number): unknown => {
    try {
      return JSON.parse(line);
    } catch {
      throw new Error(`Dòng ${number} của tệp nhật ký không phải JSON.`);
    }
  };
  const header = parseLine(lines[0] ?? '', 1) as { format?: unknown; exportedAt?: unknown; count?: unknown } | null;
  if (!header || header.format !== AUDIT_EXPORT_FORMAT) throw new Error('Tệp không phải bản xuất nhật ký kiểm tra của Một Cửa Desk.');
  const entries = lines.slice(1).map((line, i) => parseLine(line, i + 2));
  if (header.count !== entries.length) throw new Error(`Tệp nhật ký ghi ${String(header.count)} mục nhưng có ${entries.length} mục: tệp bị cắt hoặc bị chèn.`);
  return { header: { exportedAt: Number(header.exportedAt), count: entries.length }, entries };
}
