import { tables, type DeskHandle } from '../database';
import type { Applicant } from '../types';

/** Queries of the `applicants` table; personal fields are sealed at rest, so each read opens them. */

export function getApplicant(handle: DeskHandle, applicantId: string): Promise<Applicant | undefined> {
  return tables(handle).applicants.get(applicantId);
}

export function applicantsByIds(handle: DeskHandle, applicantIds: readonly string[]): Promise<Array<Applicant | undefined>> {
  return tables(handle).applicants.bulkGet([...applicantIds]);
}

export async function putApplicant(handle: DeskHandle, applicant: Applicant): Promise<void> {
  await tables(handle).applicants.put(applicant);
}
