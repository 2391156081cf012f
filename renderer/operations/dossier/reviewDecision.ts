import type { DeskHandle } from '../../db/deskHandle';
import { getDossier } from '../../db/queries/dossiers';
import { putReview } from '../../db/queries/reviews';
import { inTransaction } from '../../db/queries/transaction';
import type { DossierReview } from '../../db/types';
import { DomainError } from '../../../preload/shared/domain/DomainError';
import { requireRole } from '../auth/requireRole';
import { appendAudit } from '../audit/appendAudit';

/**
 * A supervisor accepts a sealed dossier, or sends it back to its officer for a rescan with the
 * reason the officer will read. The decision and the reason go to the audit log.
 */
export async function decideReview(db: DeskHandle, dossierId: string, decision: { state: DossierReview['state']; reason?: string }, now = Date.now()): Promise<DossierReview> {
  const reviewer = requireRole('supervisor');
  const reason = decision.reason?.trim().replace(/\s+/gu, ' ');
  if (decision.state === 'rescan' && (!reason || reason.length < 5)) throw new DomainError('review-reason-missing', 'Hãy ghi lý do trả về để cán bộ biết cần quét lại gì (ít nhất 5 ký tự).');
  return inTransaction(db, ['dossiers', 'reviews', 'auditLog'], async () => {
    const dossier = await getDossier(db, dossierId);
    if (!dossier) throw new DomainError('dossier-not-found', 'Không tìm thấy hồ sơ.');
    if (!dossier.code) throw new DomainError('review-not-sealed', 'Chỉ kiểm tra được hồ sơ đã tiếp nhận (đã cấp mã).');
    const review: DossierReview = {
      dossierId,
      state: decision.state,
      ...(decision.state === 'rescan' && reason ? { reason } : {}),
      reviewerId: reviewer.id,
      ...(dossier.officerId ? { officerId: dossier.officerId } : {}),
      decidedAt: now,
    };
    await putReview(db, review);
    await appendAudit(db, { at: now, actor: reviewer.id, action: 'dossier-reviewed', target: dossierId, detail: JSON.stringify({ state: review.state, reason: review.reason }) });
    return review;
  });
}

/** True when a dossier sent back was changed afterwards, so it waits for the supervisor again. */
export function isResubmitted(review: DossierReview | undefined, dossierUpdatedAt: number): boolean {
  return review?.state === 'rescan' && dossierUpdatedAt > review.decidedAt;
}
