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
