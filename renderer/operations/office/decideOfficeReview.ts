import type { DeskHandle } from '../../db/deskHandle';
import { inTransaction } from '../../db/queries/transaction';
import { getDesk } from '../../platform/desk';
import { DomainError } from '../../../preload/shared/domain/DomainError';
import { DeskFailure } from '../../../preload/shared/errors/DeskFailure';
import type { OfficeDecision } from '../../../preload/contract';
import { requireRole } from '../auth/requireRole';
import { appendAudit } from '../audit/appendAudit';

/**
 * The supervisor decides on another desk's dossier at the office hub: accepted, or sent back for
 * a rescan with the reason its officer will read ("Cần quét lại: <lý do>" on that desk, through its
 * status feed). The hub audits it; this desk's audit log records it too.
 */
export async function decideOfficeReview(db: DeskHandle, dossier: { id: string; code: string }, decision: { decisionId: string; state: 'accepted' | 'rescan'; reason?: string }): Promise<OfficeDecision> {
  const reviewer = requireRole('supervisor');
  const reason = decision.reason?.trim().replace(/\s+/gu, ' ');
  if (decision.state === 'rescan' && (!reason || reason.length < 5)) throw new DomainError('review-reason-missing', 'Hãy ghi lý do trả về để cán bộ biết cần quét lại gì (ít nhất 5 ký tự).');
  const reply = await getDesk().office.decide({ decisionId: decision.decisionId, dossierId: dossier.id, decision: decision.state, reviewer: reviewer.displayName, ...(decision.state === 'rescan' && reason ? { reason } : {}) });
  if (!reply.ok) throw new DeskFailure(reply.error.code, reply.error.message, reply.error.detail);
  await inTransaction(db, ['auditLog'], async () => {
    await appendAudit(db, {
      at: Date.now(),
      actor: reviewer.id,
      action: 'dossier-reviewed',
      target: dossier.id,
      detail: JSON.stringify({ office: true, code: dossier.code, state: decision.state, ...(decision.state === 'rescan' ? { reason } : {}), feedSeq: reply.value.feedSeq }),
    });
  });
  return reply.value;
}
