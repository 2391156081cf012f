import { tables, type DeskHandle } from '../database';
import type { DossierReview } from '../types';

/** Queries of the `reviews` table (a supervisor's decision per sealed dossier). */

export function getReview(handle: DeskHandle, dossierId: string): Promise<DossierReview | undefined> {
  return tables(handle).reviews.get(dossierId);
}

export function reviewsOf(handle: DeskHandle, dossierIds: readonly string[]): Promise<Array<DossierReview | undefined>> {
  return tables(handle).reviews.bulkGet([...dossierIds]);
}

/** Every dossier sent back for a rescan (whether or not it was changed since). */
export function rescanReviews(handle: DeskHandle): Promise<DossierReview[]> {
  return tables(handle).reviews.where('state').equals('rescan').toArray();
}

export async function putReview(handle: DeskHandle, review: DossierReview): Promise<void> {
  await tables(handle).reviews.put(review);
}
