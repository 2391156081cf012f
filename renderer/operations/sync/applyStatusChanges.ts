import type { DeskHandle } from '../../db/deskHandle';
import { getDossier, updateDossier } from '../../db/queries/dossiers';
import { readStatusHistory, STATUS_AUDIT_ACTION } from '../../db/queries/statusHistory';
import { writeSyncState } from '../../db/queries/syncState';
import { inTransaction } from '../../db/queries/transaction';
import { parsePortalTimestamp } from '../../../preload/shared/domain/calendar/localDate';
import { DomainError } from '../../../preload/shared/domain/DomainError';
import { DOSSIER_STATUS_NAMES, type DossierStatusCode } from '../../../preload/shared/domain/dossierStatus';
import { appendAudit } from '../audit/appendAudit';
import { recordStatusChange } from '../dossier/dossierStatusStore';
import type { StatusChangeReply } from '../../../preload/shared/sync/gatewayReplies';
import { putReview } from '../../db/queries/reviews';

/** Key of the saved pull cursor in `syncState`: only moved after the changes it covers are stored. */
export const STATUS_CURSOR_KEY = 'status-cursor';

/** Who status changes pulled from the ministry system are recorded as. */
export const SYSTEM_ACTOR = 'system';

/**
 * Applies status changes pulled from the ministry system and saves the cursor in the same
 * transaction, so a crash either keeps both or neither. Conflict policy: the ministry system is
 * the authority on a dossier's status once it is delivered. A change the local status machine
 * allows is recorded as usual; one it would refuse (a skipped step, a clock behind the desk's) is
 * still recorded, marked `forced`, because the citizen's dossier is where the ministry says it is.
 * Repeats of the current status and changes of dossiers this desk does not hold are skipped.
 * A change that carries a supervisor's review (made at the office hub) is recorded as the
 * dossier's review, exactly as a review made at this desk ("Cần quét lại: <lý do>" in the list),
 * and leaves the status alone; it counts as decided when it arrives, so only later edits make
 * the dossier wait for review again.
 */
export async function applyStatusChanges(db: DeskHandle, changes: readonly StatusChangeReply[], cursor: number): Promise<number> {
  let applied = 0;
  await inTransaction(db, ['dossiers', 'auditLog', 'syncState', 'reviews'], async () => {
    for (const change of changes) {
      const dossier = await getDossier(db, change.dossierId);
      if (!dossier) continue;
      if (change.review) {
        const decidedAt = Math.max(Date.now(), dossier.updatedAt);
        const reason = change.review.state === 'rescan' ? change.review.reason : undefined;
        await putReview(db, { dossierId: dossier.id, state: change.review.state, ...(reason ? { reason } : {}), reviewerId: `office:${change.review.reviewer ?? ''}`, ...(dossier.officerId ? { officerId: dossier.officerId } : {}), decidedAt });
        await appendAudit(db, { at: decidedAt, actor: SYSTEM_ACTOR, action: 'dossier-reviewed', target: dossier.id, detail: JSON.stringify({ office: true, state: change.review.state, reason, reviewer: change.review.reviewer, seq: String(change.seq) }) });
        applied += 1;
        continue;
      }
      const history = await readStatusHistory(db, dossier.id);
      const current = history[history.length - 1];
      if (current?.to === change.status) continue;
      const at = parsePortalTimestamp(change.at);
      const reason = change.note ?? `Theo Hệ thống thông tin giải quyết TTHC: ${DOSSIER_STATUS_NAMES[change.status as DossierStatusCode]}`;
      try {
        await recordStatusChange(db, dossier.id, change.status, { by: SYSTEM_ACTOR, at, reason }, { seq: String(change.seq) });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        const when = Number.isNaN(at.getTime()) ? new Date() : at;
        const forced = { from: current?.to ?? null, to: change.status, at: when.toISOString(), by: SYSTEM_ACTOR, reason, forced: true, refusedLocally: error.code, seq: String(change.seq) };
        await appendAudit(db, { at: when.getTime(), actor: SYSTEM_ACTOR, action: STATUS_AUDIT_ACTION, target: dossier.id, detail: JSON.stringify(forced) });
        await updateDossier(db, dossier.id, { portalStatus: change.status });
      }
      applied += 1;
    }
    await writeSyncState(db, STATUS_CURSOR_KEY, cursor);
  });
  return applied;
}
