import type { DeskHandle } from '../../db/deskHandle';
import { inTransaction } from '../../db/queries/transaction';
import { appendAudit } from './appendAudit';

/** Audit actions for reading and handing out citizen data, besides the writes that log themselves. */
export type AccessAction = 'dossier-viewed' | 'file-exported' | 'report-exported';

/**
 * Records that someone looked at or took away personal data. The detail names files or reports,
 * never the citizen's data itself.
 */
export async function recordAccess(db: DeskHandle, action: AccessAction, target: string, detail?: Record<string, unknown>): Promise<void> {
  await inTransaction(db, ['auditLog'], () =>
    appendAudit(db, { at: Date.now(), actor: '', action, target, ...(detail ? { detail: JSON.stringify(detail) } : {}) }),
  );
}
