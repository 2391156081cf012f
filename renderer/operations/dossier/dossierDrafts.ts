import type { DeskHandle } from '../../db/deskHandle';
import { appendPages, componentPageKeys, deletePage, getPage, markPagesChanged, updatePage } from '../../db/queries/pages';
import { ensureDraftDossier, getDossier, updateDossier } from '../../db/queries/dossiers';
import { dossierComponents, getComponent } from '../../db/queries/components';
import { getApplicant, putApplicant } from '../../db/queries/applicants';
import { inTransaction } from '../../db/queries/transaction';
import type { Applicant, Dossier, DossierComponent, Page, Procedure } from '../../db/types';
import type { ImportedImage } from './readImageFile';
import type { ApplicantDraft } from './validateApplicant';
import { getCurrentOfficer } from '../auth/currentOfficer';
import { appendAudit } from '../audit/appendAudit';
import { pendingDraft, rememberPendingDraft, storePendingDraft, type PendingDraft } from './pendingDrafts';

/**
 * Intake writes go straight to the database as the officer works, but only once there is something
 * to keep: choosing a procedure plans a draft in memory (`planDraftDossier`), and the first
 * applicant field with content or the first page stores it. From then on every page is stored as
 * soon as it arrives and the applicant's fields as they are typed, so a crash or a closed window
 * loses nothing, and walking away from an empty intake leaves no empty draft in the list.
 */

/** A draft of the procedure, with its checklist and fixed ids, not yet stored. */
export function planDraftDossier(procedure: Procedure, training: boolean, now = Date.now()): PendingDraft {
  const dossierId = crypto.randomUUID();
  const officerId = getCurrentOfficer()?.id;
  const dossier: Dossier = {
    id: dossierId,
    procedureCode: procedure.code,
    status: 'draft',
    training,
    createdAt: now,
    updatedAt: now,
    pageCount: 0,
    // The signed-in officer owns the dossier (dashboard "by officer", the review queue's send-backs).
    ...(officerId ? { officerId } : {}),
  };
  const components: DossierComponent[] = procedure.components.map((component, order) => ({
    id: crypto.randomUUID(),
    dossierId,
    componentId: component.id,
    name: component.name,
    form: component.form,
    required: component.required,
    order,
  }));
  return { dossier, components };
}

/** Plans a draft and stores it at once (imports and tests that start from a stored draft). */
export async function createDraftDossier(db: DeskHandle, procedure: Procedure, training: boolean, now = Date.now()): Promise<string> {
  const { dossier, components } = planDraftDossier(procedure, training, now);
  await ensureDraftDossier(db, dossier, components);
  return dossier.id;
}

/**
 * Starts a draft on screen: remembered in this window so that the first content stores it, and
 * nothing stored before that.
 */
export function startDraftDossier(procedure: Procedure, training: boolean): PendingDraft {
  const draft = planDraftDossier(procedure, training);
  rememberPendingDraft(draft);
  return draft;
}

/** The checklist of a dossier: the stored one, or the planned one of a draft not stored yet. */
export async function draftComponents(db: DeskHandle, dossierId: string): Promise<DossierComponent[]> {
  const stored = await dossierComponents(db, dossierId);
  return stored.length > 0 ? stored : (pendingDraft(dossierId)?.components ?? []);
}

/**
 * Appends imported images to a component, in the order given, and keeps the dossier's page count
 * true (`appendPages`, the same append scanned pages go through).
 */
export async function addPages(db: DeskHandle, dossierId: string, componentId: string, images: ImportedImage[], source: string): Promise<void> {
  if (images.length === 0) return;
  // A draft still only on screen is stored with its first pages, in the same transaction.
  await inTransaction(db, ['dossiers', 'components', 'pages'], async () => {
    await storePendingDraft(db, dossierId);
    await appendPages(
      db,
      dossierId,
      images.map((image) => ({
        id: crypto.randomUUID(),
        componentId,
        image: image.blob,
        mime: image.mime,
        ...(image.width ? { width: image.width, height: image.height } : {}),
        source,
      })),
    );
  });
}

export async function removePage(db: DeskHandle, pageId: string): Promise<void> {
  await inTransaction(db, ['pages', 'dossiers', 'auditLog'], async () => {
    const now = Date.now();
    const page = await deletePage(db, pageId, now);
    if (!page) return;
    await appendAudit(db, { at: now, actor: '', action: 'page-deleted', target: page.dossierId, detail: JSON.stringify({ pageId, componentId: page.componentId, order: page.order }) });
  });
}

/** Turns a page a quarter turn clockwise (applied when shown and when packaged). */
export async function rotatePage(db: DeskHandle, pageId: string): Promise<void> {
  await inTransaction(db, ['pages', 'dossiers'], async () => {
    const page = await getPage(db, pageId);
    if (!page) return;
    await updatePage(db, pageId, { rotation: ((page.rotation + 90) % 360) as Page['rotation'] });
    await markPagesChanged(db, page.dossierId);
  });
}

/** Swaps a page with its neighbour in the same component (-1 earlier, +1 later). */
export async function movePage(db: DeskHandle, pageId: string, direction: -1 | 1): Promise<void> {
  await inTransaction(db, ['pages', 'dossiers'], async () => {
    const page = await getPage(db, pageId);
    if (!page) return;
    const siblings = await componentPageKeys(db, page.dossierId, page.componentId);
    const at = siblings.findIndex((p) => p.id === pageId);
    const other = siblings[at + direction];
    if (!other) return;
    await updatePage(db, page.id, { order: other.order });
    await updatePage(db, other.id, { order: page.order });
    await markPagesChanged(db, page.dossierId);
  });
}

/**
 * Moves a page to another component of the same dossier, or, with `following`, the page and every
 * later page of its component: how a scanned batch is split into components.
 */
export async function assignPages(db: DeskHandle, pageId: string, componentId: string, following = false): Promise<void> {
  await inTransaction(db, ['pages', 'components', 'dossiers'], async () => {
    const page = await getPage(db, pageId);
    const component = await getComponent(db, componentId);
    if (!page || !component || component.dossierId !== page.dossierId) return;
    const moving = following ? await componentPageKeys(db, page.dossierId, page.componentId, page.order) : [page];
    for (const p of moving) await updatePage(db, p.id, { componentId });
    await markPagesChanged(db, page.dossierId);
  });
}

function applicantFromDraft(id: string, draft: ApplicantDraft, createdAt: number, now: number): Applicant {
  const optional = (value: string) => (value.trim() ? value.trim() : undefined);
  const applicant: Applicant = {
    id,
    idNumber: draft.idNumber.trim(),
    fullName: draft.fullName.trim().replace(/\s+/gu, ' '),
    source: draft.source ?? 'manual',
    createdAt,
    updatedAt: now,
  };
  const birthDate = optional(draft.birthDate);
  if (birthDate) applicant.birthDate = birthDate;
  if (draft.gender) applicant.gender = draft.gender;
  const address = optional(draft.address);
  if (address) applicant.address = address;
  const phone = optional(draft.phone);
  if (phone) applicant.phone = phone.replace(/[\s.]/g, '');
  const email = optional(draft.email);
  if (email) applicant.email = email;
  if (applicant.source === 'chip' && draft.chipAuthentication) applicant.chipAuthentication = draft.chipAuthentication;
  if (draft.documentType && draft.documentType !== 'cccd') applicant.documentType = draft.documentType;
  return applicant;
}

/** True when the officer has put anything in the applicant's fields (a source alone is not content). */
export function hasApplicantContent(draft: ApplicantDraft): boolean {
  return [draft.idNumber, draft.fullName, draft.birthDate, draft.gender, draft.address, draft.phone, draft.email].some((value) => value.trim() !== '');
}

/** Names of the applicant's fields that differ from `before` (all fields with a value when there is none). */
function changedApplicantFields(applicant: Applicant, before: Applicant | undefined): Array<keyof Applicant> {
  return (Object.keys(applicant) as Array<keyof Applicant>).filter((key) => key !== 'id' && key !== 'updatedAt' && key !== 'createdAt' && applicant[key] !== before?.[key]);
}

/**
 * Stores the applicant's fields as they are typed, before the officer saves: the first field with
 * content stores a draft that was only on screen, a value that did not change writes nothing.
 * The applicant record is encrypted at rest like any other. Edits of a dossier that was already
 * saved are audit-logged (field names only) as they are stored; a draft's fields are logged when
 * it is first saved. Returns true when something was written.
 */
export async function storeApplicantDraft(db: DeskHandle, dossierId: string, draft: ApplicantDraft, now = Date.now()): Promise<boolean> {
  return inTransaction(db, ['dossiers', 'components', 'applicants', 'auditLog'], async () => {
    if (!(await getDossier(db, dossierId))) {
      if (!hasApplicantContent(draft)) return false;
      await storePendingDraft(db, dossierId);
    }
    const dossier = await getDossier(db, dossierId);
    if (!dossier) return false;
    const existing = dossier.applicantId ? await getApplicant(db, dossier.applicantId) : undefined;
    if (!existing && !hasApplicantContent(draft)) return false;
    const applicant = applicantFromDraft(existing?.id ?? crypto.randomUUID(), draft, existing?.createdAt ?? now, now);
    const fields = changedApplicantFields(applicant, existing);
    if (fields.length === 0) return false;
    await putApplicant(db, applicant);
    await updateDossier(db, dossierId, { applicantId: applicant.id, updatedAt: now });
    if (dossier.status !== 'draft') await appendAudit(db, { at: now, actor: '', action: 'dossier-edited', target: dossierId, detail: JSON.stringify({ fields }) });
    return true;
  });
}

/** Stores the applicant with the dossier and marks the dossier saved. */
export async function saveDossier(db: DeskHandle, dossierId: string, draft: ApplicantDraft): Promise<void> {
  await inTransaction(db, ['dossiers', 'components', 'applicants', 'auditLog'], async () => {
    await storePendingDraft(db, dossierId);
    const dossier = await getDossier(db, dossierId);
    if (!dossier) throw new Error(`Không tìm thấy hồ sơ ${dossierId}`);
    const now = Date.now();
    const existing = dossier.applicantId ? await getApplicant(db, dossier.applicantId) : undefined;
    const applicant = applicantFromDraft(existing?.id ?? crypto.randomUUID(), draft, existing?.createdAt ?? now, now);
    await putApplicant(db, applicant);
    await updateDossier(db, dossierId, { applicantId: applicant.id, status: dossier.status === 'draft' ? 'saved' : dossier.status, updatedAt: now });
    // Names of the changed fields only: the audit log must not become a second copy of personal data.
    // A draft's first save names every field it holds (what was stored while typing was not logged).
    const fields = changedApplicantFields(applicant, dossier.status === 'draft' ? undefined : existing);
    await appendAudit(db, { at: now, actor: '', action: 'dossier-edited', target: dossierId, detail: JSON.stringify({ fields }) });
  });
}

/** Loads a dossier's applicant back into form fields (for resuming a draft). */
export function draftFromApplicant(applicant: Applicant | undefined): ApplicantDraft {
  return {
    idNumber: applicant?.idNumber ?? '',
    fullName: applicant?.fullName ?? '',
    birthDate: applicant?.birthDate ?? '',
    gender: applicant?.gender ?? '',
    address: applicant?.address ?? '',
    phone: applicant?.phone ?? '',
    email: applicant?.email ?? '',
    source: applicant?.source ?? 'manual',
    ...(applicant?.chipAuthentication ? { chipAuthentication: applicant.chipAuthentication } : {}),
    ...(applicant?.documentType ? { documentType: applicant.documentType } : {}),
  };
}
