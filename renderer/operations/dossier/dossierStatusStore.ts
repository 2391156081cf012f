import type { DeskHandle } from '../../db/deskHandle';
import { updateDossier } from '../../db/queries/dossiers';
import { readStatusHistory, STATUS_AUDIT_ACTION } from '../../db/queries/statusHistory';
import { transitionDossierStatus, type DossierStatusChange } from '../../../preload/shared/domain/dossierStatus';
import { appendAudit } from '../audit/appendAudit';

/**
 * Checks a status change against the status machine and records it. Must run inside a transaction
 * over `auditLog` and `dossiers`, so the check and the write see the same history and the dossier's
 * mirrored `portalStatus` never disagrees with it.
 */
export async function recordStatusChange(
  db: DeskHandle,
  dossierId: string,
  to: number,
  actor: { by: string; at: Date; reason?: string },
  extra: Record<string, string> = {},
): Promise<DossierStatusChange[]> {
  const history = transitionDossierStatus(await readStatusHistory(db, dossierId), to, actor);
  const change = history[history.length - 1]!;
  await appendAudit(db, { at: actor.at.getTime(), actor: change.by, action: STATUS_AUDIT_ACTION, target: dossierId, detail: JSON.stringify({ ...extra, ...change }) });
  await updateDossier(db, dossierId, { portalStatus: change.to });
  return history;
}
