import type { DeskDatabase } from '../../db/database';
import type { AuditVerification } from '../../../preload/contract';
import { formatAuditExport, type ChainedAuditEntry } from '../../../preload/shared/audit/auditChain';
import { getDesk } from '../../platform/desk';
import { DomainError } from '../../../preload/shared/domain/DomainError';
import { appendAudit } from './appendAudit';
import { requireRole } from '../auth/requireRole';

/**
 * Sends the whole audit chain to main, which verifies it, writes it to a file and anchors its head.
 * The export itself is then recorded in the chain (so the next export shows who exported when).
 */
export async function exportAuditLog(db: DeskDatabase, now = Date.now()): Promise<{ path: string; verification: AuditVerification }> {
  requireRole('supervisor');
  const entries = (await db.auditLog.orderBy('seq').toArray()) as ChainedAuditEntry[];
  const reply = await getDesk().audit.saveExport(formatAuditExport(entries, now));
  if (!reply.ok) throw new DomainError(reply.error.code, reply.error.message, reply.error.detail);
  await db.transaction('rw', db.auditLog, () =>
    appendAudit(db, { at: Date.now(), actor: '', action: 'audit-exported', target: 'auditLog', detail: JSON.stringify({ count: entries.length, ok: reply.value.verification.ok }) }),
  );
  return reply.value;
}
