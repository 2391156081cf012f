import { tables, type DeskHandle } from '../database';
import type { Applicant, Dossier, DossierComponent, OutboxItem, Procedure } from '../types';

/** Queries of the `dossiers` table. Dossier records hold no sealed field: reading them opens nothing. */

export function getDossier(handle: DeskHandle, dossierId: string): Promise<Dossier | undefined> {
  return tables(handle).dossiers.get(dossierId);
}

export function dossiersByIds(handle: DeskHandle, dossierIds: readonly string[]): Promise<Array<Dossier | undefined>> {
  return tables(handle).dossiers.bulkGet([...dossierIds]);
}

/** Changes stored fields of a dossier; a dossier that does not exist is left absent. */
export async function updateDossier(handle: DeskHandle, dossierId: string, changes: Partial<Omit<Dossier, 'id'>>): Promise<void> {
  await tables(handle).dossiers.update(dossierId, changes);
}

/**
 * Stores a draft dossier with its checklist unless it is stored already: how a draft that was only
 * on screen becomes a record once something is put in it. Joins the caller's transaction.
 */
export async function ensureDraftDossier(handle: DeskHandle, dossier: Dossier, components: readonly DossierComponent[]): Promise<boolean> {
  const db = tables(handle);
  return db.transaction('rw', db.dossiers, db.components, async () => {
    if ((await db.dossiers.where(':id').equals(dossier.id).count()) > 0) return false;
    await db.dossiers.add(dossier);
    await db.components.bulkAdd([...components]);
    return true;
  });
}

/** How many dossiers are still drafts (never saved), through the status index. */
export function countDraftDossiers(handle: DeskHandle): Promise<number> {
  return tables(handle).dossiers.where('status').equals('draft').count();
}

/** Dossiers received in `[start, end)`, through the receivedAt index. */
export function dossiersReceivedBetween(handle: DeskHandle, start: number, end: number): Promise<Dossier[]> {
  return tables(handle).dossiers.where('receivedAt').between(start, end, true, false).toArray();
}

/** The sealed dossiers (a code was issued) received in `[start, end)`: a day's review queue or a report period. */
export async function sealedDossiersOfPeriod(handle: DeskHandle, start: number, end: number): Promise<Dossier[]> {
  return (await dossiersReceivedBetween(handle, start, end)).filter((dossier) => dossier.code);
}

/** Dossiers started in `[start, end)` and not received (yet), through the createdAt index. */
export function draftsStartedBetween(handle: DeskHandle, start: number, end: number): Promise<Dossier[]> {
  return tables(handle).dossiers.where('createdAt').between(start, end, true, false).filter((dossier) => dossier.receivedAt === undefined).toArray();
}

/**
 * The dossiers of one desk day, as the dashboard counts them: a dossier belongs to the day it was
 * received; a draft not yet received, to the day it was started.
 */
export async function dossiersOfDay(handle: DeskHandle, start: number, end: number): Promise<{ received: Dossier[]; started: Dossier[] }> {
  const [received, started] = await Promise.all([dossiersReceivedBetween(handle, start, end), draftsStartedBetween(handle, start, end)]);
  return { received, started };
}

/** Dossiers whose portal status is one of `statuses`, one equality read per status (getAll under the hood, rather than a cursor). */
export async function dossiersWithStatus(handle: DeskHandle, statuses: readonly number[]): Promise<Dossier[]> {
  const db = tables(handle);
  return (await Promise.all(statuses.map((status) => db.dossiers.where('portalStatus').equals(status).toArray()))).flat();
}

/** Ids of sealed dossiers whose digitization has not finished (and that were not refused). */
export function dossiersAwaitingDigitization(handle: DeskHandle): Promise<string[]> {
  return tables(handle)
    .dossiers.where('receivedAt')
    .above(0)
    .filter((dossier) => Boolean(dossier.code) && !dossier.digitizedAt && dossier.portalStatus !== 3)
    .primaryKeys();
}

export interface DossierListRow {
  dossier: Dossier;
  applicant: Applicant | undefined;
  procedure: Procedure | undefined;
  delivery: OutboxItem | undefined;
}

/**
 * The dossier list: the most recently changed dossiers with their applicant, procedure and
 * delivery; with `drafts: false`, dossiers never saved are left out before the limit applies.
 */
export async function dossierListRows(handle: DeskHandle, limit = 500, { drafts = true }: { drafts?: boolean } = {}): Promise<DossierListRow[]> {
  const db = tables(handle);
  const newest = db.dossiers.orderBy('updatedAt').reverse();
  const dossiers = await (drafts ? newest : newest.filter((dossier) => dossier.status !== 'draft')).limit(limit).toArray();
  const applicants = await db.applicants.bulkGet(dossiers.map((d) => d.applicantId ?? ''));
  const procedures = await db.procedures.bulkGet(dossiers.map((d) => d.procedureCode));
  const deliveries = await db.outbox.bulkGet(dossiers.map((d) => d.id));
  return dossiers.map((dossier, i) => ({ dossier, applicant: applicants[i], procedure: procedures[i], delivery: deliveries[i] }));
}
