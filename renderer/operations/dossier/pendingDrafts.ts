import type { DeskHandle } from '../../db/deskHandle';
import { ensureDraftDossier } from '../../db/queries/dossiers';
import type { Dossier, DossierComponent } from '../../db/types';

/**
 * A dossier the officer has started (a procedure was chosen) that holds nothing yet. It lives in
 * this window's memory only, so choosing a procedure and walking away leaves no record; the first
 * applicant field with content or the first page makes it a stored draft (`storePendingDraft`).
 * Its ids are fixed up front, so the checklist on screen and the stored one are the same rows.
 */
export interface PendingDraft {
  dossier: Dossier;
  components: DossierComponent[];
}

const pending = new Map<string, PendingDraft>();

/** Keeps a draft that is on screen but not stored, until something is put in it. */
export function rememberPendingDraft(draft: PendingDraft): void {
  pending.set(draft.dossier.id, draft);
}

/** The draft of that id still waiting for content in this window, if any. */
export function pendingDraft(dossierId: string): PendingDraft | undefined {
  return pending.get(dossierId);
}

/**
 * Stores the pending draft of `dossierId` if there is one and it is not stored yet; joins the
 * caller's transaction, which must cover dossiers and components, so the draft is stored together
 * with what was put in it or not at all. The entry stays known (storing again is a no-op): a
 * transaction that fails later must not lose it, and pages of a running scan may still arrive.
 */
export async function storePendingDraft(db: DeskHandle, dossierId: string): Promise<void> {
  const draft = pending.get(dossierId);
  if (draft) await ensureDraftDossier(db, draft.dossier, draft.components);
}
