import type { DeskHandle } from '../../db/deskHandle';
import { appendPages, componentPageKeys, deletePage, getPage, updatePage } from '../../db/queries/pages';
import { addDraftDossier, getDossier, updateDossier } from '../../db/queries/dossiers';
import { getComponent } from '../../db/queries/components';
import { getApplicant, putApplicant } from '../../db/queries/applicants';
import { inTransaction } from '../../db/queries/transaction';
import type { Applicant, Dossier, DossierComponent, Page, Procedure } from '../../db/types';
import type { ImportedImage } from './readImageFile';
import type { ApplicantDraft } from './validateApplicant';
import { getCurrentOfficer } from '../auth/currentOfficer';
import { appendAudit } from '../audit/appendAudit';

/**
 * Intake writes go straight to the database as the officer works: a draft dossier exists from the
 * moment a procedure is chosen and every page is stored as soon as it arrives, so a crash or a
 * closed window loses nothing.
 */

export async function createDraftDossier(db: DeskHandle, procedure: Procedure, training: boolean, now = Date.now()): Promise<string> {
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
  await addDraftDossier(db, dossier, components);
  return dossierId;
}

/**
 * Appends imported images to a component, in the order given, and keeps the dossier's page count
 * true (`appendPages`, the same append scanned pages go through).
 */
export async function addPages(db: DeskHandle, dossierId: string, componentId: string, images: ImportedImage[], source: string): Promise<void> {
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
  await inTransaction(db, ['pages'], async () => {
    const page = await getPage(db, pageId);
    if (page) await updatePage(db, pageId, { rotation: ((page.rotation + 90) % 360) as Page['rotation'] });
  });
}

/** Swaps a page with its neighbour in the same component (-1 earlier, +1 later). */
export async function movePage(db: DeskHandle, pageId: string, direction: -1 | 1): Promise<void> {
  await inTransaction(db, ['pages'], async () => {
    const page = await getPage(db, pageId);
    if (!page) return;
    const siblings = await componentPageKeys(db, page.dossierId, page.componentId);
    const at = siblings.findIndex((p) => p.id === pageId);
    const other = siblings[at + direction];
    if (!other) return;
    await updatePage(db, page.id, { order: other.order });
    await updatePage(db, other.id, { order: page.order });
  });
}

/**
 * Moves a page to another component of the same dossier, or, with `following`, the page and every
 * later page of its component: how a scanned batch is split into components.
 */
export async function assignPages(db: DeskHandle, pageId: string, componentId: string, following = false): Promise<void> {
  await inTransaction(db, ['pages', 'components'], async () => {
    const page = await getPage(db, pageId);
    const component = await getComponent(db, componentId);
    if (!page || !component || component.dossierId !== page.dossierId) return;
    const moving = following ? await componentPageKeys(db, page.dossierId, page.componentId, page.order) : [page];
    for (const p of moving) await updatePage(db, p.id, { componentId });
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

/** Stores the applicant with the dossier and marks the dossier saved. */
export async function saveDossier(db: DeskHandle, dossierId: string, draft: ApplicantDraft): Promise<void> {
  await inTransaction(db, ['dossiers', 'applicants', 'auditLog'], async () => {
    const dossier = await getDossier(db, dossierId);
    if (!dossier) throw new Error(`Không tìm thấy hồ sơ ${dossierId}`);
    const now = Date.now();
    const existing = dossier.applicantId ? await getApplicant(db, dossier.applicantId) : undefined;
    const applicant = applicantFromDraft(existing?.id ?? crypto.randomUUID(), draft, existing?.createdAt ?? now, now);
    await putApplicant(db, applicant);
    await updateDossier(db, dossierId, { applicantId: applicant.id, status: dossier.status === 'draft' ? 'saved' : dossier.status, updatedAt: now });
    // Names of the changed fields only: the audit log must not become a second copy of personal data.
    const fields = (Object.keys(applicant) as Array<keyof Applicant>).filter((key) => key !== 'updatedAt' && key !== 'createdAt' && applicant[key] !== existing?.[key]);
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
