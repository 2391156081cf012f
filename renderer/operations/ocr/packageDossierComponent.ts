import type { DeskHandle } from '../../db/deskHandle';
import { getComponent } from '../../db/queries/components';
import { getDossier } from '../../db/queries/dossiers';
import { getProcedure } from '../../db/queries/procedures';
import { componentPages } from '../../db/queries/pages';
import { replaceComponentFile } from '../../db/queries/files';
import type { StoredFile } from '../../db/types';
import { packageScannedPdf } from '../../../preload/shared/pdf/packageScannedPdf';
import { PackagingError } from '../../../preload/shared/pdf/PackagingError';
import type { PageWithOcr } from './pageOcr';

export interface PackageComponentResult {
  fileId: string;
  sha256: string;
  size: number;
  pageCount: number;
  wordCount: number;
}

function fileName(component: string, dossierCode: string | undefined): string {
  const slug = component
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();
  return `${dossierCode ? `${dossierCode}_` : ''}${slug || 'thanh-phan'}.pdf`;
}

/**
 * Packages one dossier component from the pages stored in the database into a searchable PDF and
 * stores it in `files` with its SHA-256, replacing the component's previous file in the same
 * transaction (a crash leaves either the old file or the new one, never none or both).
 * Pages keep their stored rotation; OCR word boxes become the invisible text layer.
 */
export async function packageDossierComponent(db: DeskHandle, dossierComponentId: string, font: Uint8Array, now: Date = new Date()): Promise<PackageComponentResult> {
  const component = await getComponent(db, dossierComponentId);
  if (!component) throw new PackagingError('package-invalid', 'Không tìm thấy thành phần hồ sơ cần đóng gói.', `component ${dossierComponentId} missing`);
  const dossier = await getDossier(db, component.dossierId);
  if (!dossier) throw new PackagingError('package-invalid', 'Không tìm thấy hồ sơ của thành phần này.', `dossier ${component.dossierId} missing`);
  const procedure = await getProcedure(db, dossier.procedureCode);
  const pages = (await componentPages(db, dossierComponentId)) as PageWithOcr[];
  const inputs = await Promise.all(
    pages.map(async (page) => ({
      bytes: new Uint8Array(await page.image.arrayBuffer()),
      rotation: page.rotation,
      ...(page.dpi ? { dpi: page.dpi } : {}),
      ...(page.ocr ? { ocr: page.ocr } : {}),
    })),
  );
  const packaged = await packageScannedPdf({
    pages: inputs,
    component: component.name,
    createdAt: dossier.receivedAt ? new Date(dossier.receivedAt) : now,
    textFont: font,
    procedureCode: dossier.procedureCode,
    ...(dossier.code ? { dossierCode: dossier.code } : {}),
    ...(procedure?.agency ? { agency: procedure.agency } : {}),
  });
  const file: StoredFile & { componentId: string } = {
    id: crypto.randomUUID(),
    dossierId: dossier.id,
    componentId: dossierComponentId,
    name: fileName(component.name, dossier.code),
    mime: 'application/pdf',
    data: new Blob([packaged.bytes as Uint8Array<ArrayBuffer>], { type: 'application/pdf' }),
    sha256: packaged.sha256,
    createdAt: now.getTime(),
  };
  await replaceComponentFile(db, file);
  return { fileId: file.id, sha256: packaged.sha256, size: packaged.bytes.length, pageCount: packaged.pageCount, wordCount: packaged.wordCount };
}
