import type { DeskHandle } from '../../db/deskHandle';
import { replaceProcedures } from '../../db/queries/procedures';
import type { Procedure as StoredProcedure } from '../../db/types';
import { Procedure } from '../../../preload/shared/domain/catalog/procedure';
import type { HubCatalog, Result } from '../../../preload/contract';
import { getDesk } from '../../platform/desk';

export type HubCatalogReplacement =
  | { replaced: true; count: number; kept: number; pulledAt: string }
  | { replaced: false; errors: string[] };

/**
 * Replaces the desk's procedure catalog with the one the office hub pulled from the national
 * portal. Every row is checked first; one bad row (or an empty catalog) replaces nothing and the
 * errors are listed in Vietnamese. Procedures the hub no longer lists are removed, except those a
 * dossier on this desk still refers to (counted as `kept`).
 */
export async function replaceCatalogFromHub(db: DeskHandle, ask: () => Promise<Result<HubCatalog>>): Promise<HubCatalogReplacement> {
  const reply = await ask();
  if (!reply.ok) return { replaced: false, errors: [reply.error.message] };
  const { pulledAt } = reply.value;
  if (!pulledAt || reply.value.procedures.length === 0) return { replaced: false, errors: ['Máy chủ văn phòng chưa có danh mục thủ tục từ Cổng DVC quốc gia (quản trị viên chạy "hub portal catalog").'] };
  const errors: string[] = [];
  const records: StoredProcedure[] = [];
  const codes = new Set<string>();
  for (const [index, row] of reply.value.procedures.entries()) {
    const checked = Procedure.safeParse(row);
    if (!checked.success) {
      errors.push(`Dòng ${index + 1}: ${checked.error.issues.slice(0, 3).map((issue) => `${issue.path.join('.') || 'thủ tục'}: ${issue.message}`).join('; ')}`);
      continue;
    }
    if (codes.has(checked.data.code)) errors.push(`Dòng ${index + 1}: mã thủ tục ${checked.data.code} bị trùng`);
    codes.add(checked.data.code);
    const { code, name, field, agency, processingDays, fee, feeAmount, components, results } = checked.data;
    records.push({ code, name, field, agency, processingDays, ...(fee !== undefined ? { fee } : {}), ...(feeAmount !== undefined ? { feeAmount } : {}), components, ...(results ? { results } : {}), source: `hub:portal:${pulledAt}` });
  }
  if (errors.length > 0) return { replaced: false, errors };
  const kept = await replaceProcedures(db, records);
  return { replaced: true, count: records.length, kept, pulledAt };
}

/** The same, asking the office hub this desk is configured for (through main, with the desk's token). */
export function replaceCatalogFromOfficeHub(db: DeskHandle): Promise<HubCatalogReplacement> {
  return replaceCatalogFromHub(db, () => getDesk().office.catalog());
}
