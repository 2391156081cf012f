import type { DeskHandle } from '../../db/deskHandle';
import { putProcedures } from '../../db/queries/procedures';
import type { Procedure as StoredProcedure } from '../../db/types';
import type { Procedure } from '../../../preload/shared/domain/catalog/procedure';

/**
 * Stores validated procedures, replacing entries with the same code (a newer export wins) and
 * marking where they came from. Procedures not in the file are kept: dossiers may refer to them.
 */
export async function storeImportedProcedures(db: DeskHandle, procedures: readonly Procedure[], fileName: string): Promise<number> {
  const records: StoredProcedure[] = procedures.map((procedure) => {
    const record: StoredProcedure = {
      code: procedure.code,
      name: procedure.name,
      field: procedure.field,
      agency: procedure.agency,
      processingDays: procedure.processingDays,
      components: procedure.components.map((component) => ({ ...component })),
      source: `import:${fileName}`,
    };
    if (procedure.fee !== undefined) record.fee = procedure.fee;
    return record;
  });
  await putProcedures(db, records);
  return records.length;
}
