import { enqueueDelivery } from '../sync/enqueueDelivery';
import type { DeskHandle } from '../../db/deskHandle';
import { getDossier, updateDossier } from '../../db/queries/dossiers';
import { dossierComponents } from '../../db/queries/components';
import { componentsWithPages } from '../../db/queries/pages';
import { componentFiles as storedComponentFiles, replaceDossierFile } from '../../db/queries/files';
import { inTransaction } from '../../db/queries/transaction';
import { DomainError } from '../../../preload/shared/domain/DomainError';
import { filesFingerprint } from '../../../preload/shared/domain/filesFingerprint';
import type { DossierOcrOutcome } from '../ocr/ocrDossierPages';
import type { PackageComponentResult } from '../ocr/packageDossierComponent';
import { appendAudit } from '../audit/appendAudit';
import { readReceiptSettings } from '../settings/deskSettings';
import { receiptFileRow } from '../forms/generateReceipt';

export interface DigitizeProgress {
  phase: 'ocr' | 'package';
  done: number;
  total: number;
}

/** The heavy steps, run in workers by the app; passed in so tests can run them in other realms. */
export interface DigitizeSteps {
  ocr(dossierId: string, onProgress: (done: number, total: number) => void): Promise<DossierOcrOutcome>;
  packageComponent(componentId: string): Promise<PackageComponentResult>;
  /** Renders the receipt carrying the seal fingerprint; it is stored with the fingerprint, in one step. */
  renderReceipt(dossierId: string, filesFingerprint: string): Promise<Uint8Array<ArrayBuffer>>;
}

export interface DigitizeResult {
  fingerprint: string;
  files: Array<{ componentId: string; sha256: string; pageCount: number }>;
  /** Pages whose OCR failed: packaged without a text layer, retried at the next digitization. */
  ocrFailed: number;
}

/**
 * Turns a sealed dossier's pages into its digitized files: OCR of every page not yet read, then one
 * searchable PDF per component with pages (each stored with its SHA-256), then the seal fingerprint
 * of all files on the dossier, stored together with the receipt that prints it. Each step stores
 * its work as it goes, so an interrupted run resumes where it stopped; `digitizedAt` is set last,
 * which is what the outbox waits for.
 */
export async function digitizeDossier(
  db: DeskHandle,
  dossierId: string,
  steps: DigitizeSteps,
  onProgress: (progress: DigitizeProgress) => void = () => {},
): Promise<DigitizeResult> {
  const dossier = await getDossier(db, dossierId);
  if (!dossier?.code) throw new DomainError('dossier-not-sealed', 'Hồ sơ chưa được tiếp nhận nên chưa thể số hóa.');
  const ocr = await steps.ocr(dossierId, (done, total) => onProgress({ phase: 'ocr', done, total }));

  const components = await dossierComponents(db, dossierId);
  const hasPages = new Set((await componentsWithPages(db, dossierId)).map((entry) => entry.componentId));
  const withPages = components.filter((component) => hasPages.has(component.id));
  const files: DigitizeResult['files'] = [];
  onProgress({ phase: 'package', done: 0, total: withPages.length });
  for (const component of withPages) {
    const packaged = await steps.packageComponent(component.id);
    files.push({ componentId: component.id, sha256: packaged.sha256, pageCount: packaged.pageCount });
    onProgress({ phase: 'package', done: files.length, total: withPages.length });
  }

  const componentFiles = await storedComponentFiles(db, dossierId);
  const fingerprint = await filesFingerprint(componentFiles.map((file) => ({ name: file.name, sha256: file.sha256 })));
  const settings = await readReceiptSettings(db);
  // The receipt with the seal is stored in the same step as the seal itself: whoever sees the
  // fingerprint on screen prints or downloads a receipt that carries it.
  const receipt = await receiptFileRow(dossierId, dossier.code, await steps.renderReceipt(dossierId, fingerprint));
  const now = Date.now();
  await inTransaction(db, ['dossiers', 'auditLog', 'outbox', 'applicants', 'files', 'users', 'reviews'], async () => {
    await updateDossier(db, dossierId, { digitizedAt: now, filesFingerprint: fingerprint, updatedAt: now });
    await replaceDossierFile(db, receipt);
    // Queued in the same transaction: a digitized dossier is never left out of the outbox.
    const fresh = await getDossier(db, dossierId);
    if (fresh) await enqueueDelivery(db, fresh, componentFiles, now);
    await appendAudit(db, {
      at: now,
      actor: settings.officerName,
      action: 'dossier-digitized',
      target: dossierId,
      detail: JSON.stringify({ fingerprint, files: componentFiles.map((file) => ({ name: file.name, sha256: file.sha256 })), ocrFailed: ocr.failed.length }),
    });
  });
  return { fingerprint, files, ocrFailed: ocr.failed.length };
}
