import type { DeskHandle } from '../database';
import type { DossierStatusChange } from '../../../preload/shared/domain/dossierStatus';
import { auditEntriesOf } from './audit';

/** Audit action under which status changes are stored. */
export const STATUS_AUDIT_ACTION = 'dossier-status';

/**
 * A dossier's portal status history, read back from the hash-chained audit log where every change
 * is written (who, when, why). Oldest first; the last entry is the current status.
 */
export async function readStatusHistory(handle: DeskHandle, dossierId: string): Promise<DossierStatusChange[]> {
  const entries = await auditEntriesOf(handle, dossierId, STATUS_AUDIT_ACTION);
  return entries.map((entry) => {
    const { code: _code, ...change } = JSON.parse(entry.detail ?? '{}') as DossierStatusChange & { code?: string };
    return change;
  });
}
