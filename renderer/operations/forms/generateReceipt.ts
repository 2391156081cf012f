import type { DeskHandle } from '../../db/deskHandle';
import { getDossier } from '../../db/queries/dossiers';
import { getProcedure } from '../../db/queries/procedures';
import { getApplicant } from '../../db/queries/applicants';
import { dossierComponents } from '../../db/queries/components';
import { componentsWithPages } from '../../db/queries/pages';
import { replaceDossierFile } from '../../db/queries/files';
import { inTransaction } from '../../db/queries/transaction';
import type { StoredFile } from '../../db/types';
import { DomainError } from '../../../preload/shared/domain/DomainError';
import type { ControlSheetData, ReceiptData } from '../../../preload/shared/domain/forms/formTypes';
import { actingOfficerName, readReceiptSettings } from '../settings/deskSettings';
import { renderFormInWorker } from './renderFormInWorker';
import { sha256Hex } from '../../../preload/shared/bytes/sha256Hex';

/** File name of a dossier's receipt in the `files` table and when downloaded. */
export function receiptFileName(code: string): string {
  return `giay-tiep-nhan-${code}.pdf`;
}

/**
 * What Mẫu 01 of a sealed dossier says, from what is stored (so it can be printed again at any
 * time). `filesFingerprint` stands in for the stored one while digitization is about to store it.
 */
async function receiptData(db: DeskHandle, dossierId: string, filesFingerprint?: string): Promise<ReceiptData> {
  const dossier = await getDossier(db, dossierId);
  if (!dossier?.code || !dossier.receivedAt || !dossier.dueAt) throw new DomainError('dossier-not-sealed', 'Hồ sơ chưa được tiếp nhận nên chưa có giấy hẹn.');
  const [procedure, applicant, components, pageComponents, settings] = await Promise.all([
    getProcedure(db, dossier.procedureCode),
    dossier.applicantId ? getApplicant(db, dossier.applicantId) : undefined,
    dossierComponents(db, dossierId),
    componentsWithPages(db, dossierId),
    readReceiptSettings(db),
  ]);
  if (!procedure || !applicant) throw new DomainError('dossier-incomplete', 'Thiếu thủ tục hoặc người nộp của hồ sơ.');
  const catalogComponents = new Map(procedure.components.map((component) => [component.id, component]));
  const withPages = new Set(pageComponents.map((entry) => entry.componentId));
  const fingerprint = filesFingerprint ?? dossier.filesFingerprint;
  const data: ReceiptData = {
    agency: settings.agency,
    dossierCode: dossier.code,
    applicant: {
      name: applicant.fullName,
      ...(applicant.address ? { address: applicant.address } : {}),
      ...(applicant.phone ? { phone: applicant.phone } : {}),
      ...(applicant.email ? { email: applicant.email } : {}),
    },
    requestContent: `${procedure.name} (mã thủ tục ${procedure.code})`,
    // The receipt lists what was handed in: components with pages.
    components: components
      .filter((component) => withPages.has(component.id))
      .map((component) => ({ name: component.name, form: component.form, copies: catalogComponents.get(component.componentId)?.copies ?? 1 })),
    setCount: 1,
    processingDays: procedure.processingDays,
    receivedAt: new Date(dossier.receivedAt),
    dueAt: new Date(dossier.dueAt),
    resultPlace: settings.resultPlace,
    officerName: actingOfficerName(settings),
    ...(fingerprint ? { filesFingerprint: fingerprint } : {}),
    training: dossier.training,
  };
  return data;
}

/** Renders Mẫu 01 of a sealed dossier, with `filesFingerprint` in place of the stored one if given. */
export async function renderReceipt(db: DeskHandle, dossierId: string, filesFingerprint?: string): Promise<Uint8Array<ArrayBuffer>> {
  return renderFormInWorker({ kind: 'receipt', data: await receiptData(db, dossierId, filesFingerprint) });
}

/** The `files` row of a receipt, hashed ahead so it can be stored inside another transaction. */
export async function receiptFileRow(dossierId: string, code: string, pdf: Uint8Array<ArrayBuffer>): Promise<StoredFile> {
  const sha256 = await sha256Hex(pdf);
  return { id: crypto.randomUUID(), dossierId, name: receiptFileName(code), mime: 'application/pdf', data: new Blob([pdf], { type: 'application/pdf' }), sha256, createdAt: Date.now() };
}

/** Builds Mẫu 01 and keeps the PDF in the `files` table with its SHA-256, replacing an earlier copy. */
export async function generateReceipt(db: DeskHandle, dossierId: string): Promise<Uint8Array<ArrayBuffer>> {
  const data = await receiptData(db, dossierId);
  const pdf = await renderFormInWorker({ kind: 'receipt', data });
  const row = await receiptFileRow(dossierId, data.dossierCode, pdf);
  await inTransaction(db, ['files'], () => replaceDossierFile(db, row));
  return pdf;
}

/**
 * The control sheet (Phiếu kiểm soát quá trình giải quyết hồ sơ) that travels with the paper
 * dossier: the first hand-over goes from the desk to the procedure's handling agency, with empty
 * rows for the later ones, written by hand.
 */
export async function generateControlSheet(db: DeskHandle, dossierId: string): Promise<Uint8Array<ArrayBuffer>> {
  const dossier = await getDossier(db, dossierId);
  if (!dossier?.code || !dossier.receivedAt || !dossier.dueAt) throw new DomainError('dossier-not-sealed', 'Hồ sơ chưa được tiếp nhận nên chưa có phiếu kiểm soát.');
  const [procedure, applicant, settings] = await Promise.all([
    getProcedure(db, dossier.procedureCode),
    dossier.applicantId ? getApplicant(db, dossier.applicantId) : undefined,
    readReceiptSettings(db),
  ]);
  if (!procedure || !applicant) throw new DomainError('dossier-incomplete', 'Thiếu thủ tục hoặc người nộp của hồ sơ.');
  const data: ControlSheetData = {
    agency: settings.agency,
    dossierCode: dossier.code,
    applicant: { name: applicant.fullName },
    requestContent: `${procedure.name} (mã thủ tục ${procedure.code})`,
    receivedAt: new Date(dossier.receivedAt),
    dueAt: new Date(dossier.dueAt),
    steps: [{ from: settings.agency.unitName, to: procedure.agency }],
    blankRows: 4,
    training: dossier.training,
  };
  return renderFormInWorker({ kind: 'controlSheet', data });
}
