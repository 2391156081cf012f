/** What the dashboard counts of a dossier (the stored dossier record has more fields). */
export interface SummarizedDossier {
  code?: string | undefined;
  procedureCode: string;
  officerId?: string | undefined;
  /** `draft` or `saved` at the desk. */
  status: string;
  portalStatus?: number | undefined;
  digitizedAt?: number | undefined;
}

/**
 * Portal statuses while the agency still owes the citizen a result (registered, received,
 * processing, waiting on papers or fees); 3, 7, 8, 9 and 10 are closed.
 */
export const OPEN_STATUSES = [1, 2, 4, 5, 6] as const;

/** Status bucket of a dossier for the dashboard: `draft`, `saved`, or `portal-<code>`. */
export function statusBucket(dossier: Pick<SummarizedDossier, 'status' | 'portalStatus'>): string {
  return dossier.portalStatus ? `portal-${dossier.portalStatus}` : dossier.status;
}

export interface IntakeSummary {
  total: number;
  /** Sealed: a dossier code was issued. */
  received: number;
  digitized: number;
  byProcedure: Map<string, number>;
  /** Key '' for dossiers without an owner (made before accounts existed). */
  byOfficer: Map<string, number>;
  byStatus: Map<string, number>;
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** Counts one day's dossiers; pure, so the numbers are tested apart from the database. */
export function summarizeDossiers(dossiers: Iterable<SummarizedDossier>): IntakeSummary {
  const summary: IntakeSummary = { total: 0, received: 0, digitized: 0, byProcedure: new Map(), byOfficer: new Map(), byStatus: new Map() };
  for (const dossier of dossiers) {
    summary.total++;
    if (dossier.code) summary.received++;
    if (dossier.code && dossier.digitizedAt) summary.digitized++;
    bump(summary.byProcedure, dossier.procedureCode);
    bump(summary.byOfficer, dossier.officerId ?? '');
    bump(summary.byStatus, statusBucket(dossier));
  }
  return summary;
}

/** Share of received dossiers that are digitized, 0–1 (0 when nothing was received). */
export function digitizationRate(summary: Pick<IntakeSummary, 'received' | 'digitized'>): number {
  return summary.received === 0 ? 0 : summary.digitized / summary.received;
}
