import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AuditVerification } from '../../preload/contract';
import { parseAuditExport, verifyAuditChain, type AuditAnchor } from '../../preload/shared/audit/auditChain';

/** A head of one desk's chain, seen at an export; `chain` is the hash of the chain's first entry. */
interface StoredAnchor extends AuditAnchor {
  chain: string;
  at: number;
}

/** File of anchors in a data folder, one JSON object per line, only ever appended. */
export function anchorFile(dataDir: string): string {
  return path.join(dataDir, 'audit-anchors.jsonl');
}

async function readAnchors(file: string): Promise<StoredAnchor[]> {
  try {
    return (await readFile(file, 'utf8'))
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as StoredAnchor);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

function chainId(entries: unknown[]): string | undefined {
  const first = entries[0] as { hash?: unknown } | undefined;
  return typeof first?.hash === 'string' ? first.hash : undefined;
}

/**
 * Verifies the text of an export against its own links and against the anchors this data folder
 * holds for the same chain. Never throws for bad content: a broken file is a failed verification.
 */
export async function verifyAuditExport(text: string, dataDir: string | undefined): Promise<{ verification: AuditVerification; entries: unknown[] }> {
  let entries: unknown[];
  try {
    entries = parseAuditExport(text).entries;
  } catch (error) {
    return { verification: { ok: false, count: 0, message: (error as Error).message, problem: 'unreadable' }, entries: [] };
  }
  const chain = chainId(entries);
  const anchors = dataDir && chain ? (await readAnchors(anchorFile(dataDir))).filter((anchor) => anchor.chain === chain) : [];
  const verdict = await verifyAuditChain(entries, anchors);
  if (verdict.ok) {
    const head = verdict.head ? `; mục cuối số ${verdict.head.seq}, mã băm ${verdict.head.hash.slice(0, 16)}…` : '';
    const checked = anchors.length ? `; khớp ${anchors.length} mốc của các lần xuất trước` : '';
    return { verification: { ok: true, count: verdict.count, message: `Nhật ký toàn vẹn: ${verdict.count} mục${head}${checked}.` }, entries };
  }
  return {
    verification: { ok: false, count: entries.length, message: verdict.message, problem: verdict.problem, ...(verdict.seq === undefined ? {} : { failedSeq: verdict.seq }) },
    entries,
  };
}

/** Records the head of a verified export, so later exports must still contain it. */
export async function recordAnchor(dataDir: string, entries: unknown[], at: number): Promise<void> {
  const chain = chainId(entries);
  const head = entries.at(-1) as AuditAnchor | undefined;
  if (!chain || !head) return;
  await mkdir(dataDir, { recursive: true });
  const anchor: StoredAnchor = { chain, seq: head.seq, hash: head.hash, at };
  await appendFile(anchorFile(dataDir), `${JSON.stringify(anchor)}\n`, { mode: 0o600 });
}
