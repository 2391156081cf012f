import { tables, type DeskHandle } from '../database';
import type { Procedure } from '../types';

/** Queries of the `procedures` table (the procedure catalog). */

export function getProcedure(handle: DeskHandle, code: string): Promise<Procedure | undefined> {
  return tables(handle).procedures.get(code);
}

export function proceduresByCodes(handle: DeskHandle, codes: readonly string[]): Promise<Array<Procedure | undefined>> {
  return tables(handle).procedures.bulkGet([...codes]);
}

/** The catalog sorted by procedure code (the catalog screen) or by name (the procedure picker). */
export function catalogProcedures(handle: DeskHandle, sortBy: 'code' | 'name'): Promise<Procedure[]> {
  return tables(handle).procedures.orderBy(sortBy).toArray();
}

/** Stores procedures, replacing those with the same code. */
export async function putProcedures(handle: DeskHandle, procedures: readonly Procedure[]): Promise<void> {
  await tables(handle).procedures.bulkPut([...procedures]);
}

/**
 * Replaces the catalog with `procedures` in one transaction: entries not among them are removed
 * unless a dossier refers to them. Resolves with how many such entries were kept.
 */
export async function replaceProcedures(handle: DeskHandle, procedures: readonly Procedure[]): Promise<number> {
  const db = tables(handle);
  const codes = new Set(procedures.map((procedure) => procedure.code));
  let kept = 0;
  await db.transaction('rw', db.procedures, db.dossiers, async () => {
    const stale = (await db.procedures.toCollection().primaryKeys()).filter((code) => !codes.has(code));
    for (const code of stale) {
      if ((await db.dossiers.where('procedureCode').equals(code).count()) > 0) kept += 1;
      else await db.procedures.delete(code);
    }
    await db.procedures.bulkPut([...procedures]);
  });
  return kept;
}
