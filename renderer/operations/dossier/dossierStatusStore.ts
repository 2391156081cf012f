import type { DeskDatabase } from '../../db/database';
import { transitionDossierStatus, type DossierStatusChange } from '../../../preload/shared/domain/dossierStatus';
import { appendAudit } from '../audit/appendAudit';

/** Audit action under which status changes are stored. */
export const STATUS_AUDIT_ACTION = 'dossier-status';

/**
 * A dossier's portal status history, read back from the hash-chained audit log where every change
 * is written (who, when, why). Oldest first; the last entry is the current status.
 */
export async function readStatusHistory(db: DeskDatabase, dossierId: string): Promise<DossierStatusChange[]> {
  const entries = await db.auditLog.where('target').equals(dossierId).filter((entry) => entry.action === STATUS_AUDIT_ACTION).sortBy('seq');
  return entries.map((entry) => {
    const { code: _code, ...change } = JSON.parse(entry.detail ?? '{}') as DossierStatusChange & { code?: string };
    return change;
  });
}

/**
 * Checks a status change against the status machine and records it. Must run inside a transaction
 * over `auditLog` and `dossiers`, so the check and the write see the same history and the dossier's
 * mirrored `portalStatus` never disagrees with it.
 */
export async function recordStatusChange(
  db: DeskDatabase,
  dossierId: string,
  to: number,
  actor: { by: string; at: Date; reason?: string },
  extra: Record<string, string> = {},
): Promise<DossierStatusChange[]> {
  const history = transitionDossierStatus(await readStatusHistory(db, dossierId), to, actor);
  const change = history[history.length - 1]!;
  await appendAudit(db, { at: actor.at.getTime(), actor: change.by, action: STATUS_AUDIT_ACTION, target: dossierId, detail: JSON.stringify({ ...extra, ...change }) });
  await db.dossiers.update(dossierId, { portalStatus: change.to });
  return history;
}
