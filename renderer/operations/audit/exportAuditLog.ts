import type { DeskHandle } from '../../db/deskHandle';
import { auditChain } from '../../db/queries/audit';
import { inTransaction } from '../../db/queries/transaction';
import type { AuditVerification } from '../../../preload/contract';
import { formatAuditExport } from '../../../preload/shared/audit/auditChain';
import { getDesk } from '../../platform/desk';
import { DomainError } from '../../../preload/shared/domain/DomainError';
import { appendAudit } from './appendAudit';
import { requireRole } from '../auth/requireRole';

/**
 * Sends the whole audit chain to main, which verifies it, writes it to a file and anchors its head.
 * The export itself is then recorded in the chain (so the next export shows who exported when).
 */
export async function exportAuditLog(db: DeskHandle, now = Date.now()): Promise<{ path: string; verification: AuditVerification }> {
  requireRole('supervisor');
  const entries = await auditChain(db);
  const reply = await getDesk().audit.saveExport(formatAuditExport(entries, now));
  if (!reply.ok) throw new DomainError(reply.error.code, reply.error.message, reply.error.detail);
  await inTransaction(db, ['auditLog'], () =>
    appendAudit(db, { at: Date.now(), actor: '', action: 'audit-exported', target: 'auditLog', detail: JSON.stringify({ count: entries.length, ok: reply.value.verification.ok }) }),
  );
  return reply.value;
}
