import { getOfficeCache } from '../../db/officeCacheDatabase';
import { readOfficeView, writeOfficeView } from '../../db/queries/officeCache';
import { getDesk } from '../../platform/desk';
import type { DeskApi, OfficeDossierPage, OfficeFigures, OfficeFilter, OfficePageQuery, OfficePortalRelay, Result } from '../../../preload/contract';

/** What a supervisor screen shows of the hub: the fresh answer, or the last one kept, with when it was fetched. */
export interface OfficeViewResult<T> {
  data?: T;
  /** When `data` came from the hub (ms). */
  fetchedAt?: number;
  /** True when `data` was fetched just now. */
  live: boolean;
  /** Vietnamese reason the hub could not answer (offline, refused …). */
  error?: string;
}

/** The key a view is kept under: the question itself, in a stable form. */
function viewKey(kind: string, query: object): string {
  const entries = Object.entries(query)
    .filter(([, value]) => value !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return `${kind}:${JSON.stringify(entries)}`;
}

async function loadView<T>(kind: string, query: object, ask: (office: DeskApi['office']) => Promise<Result<T>>): Promise<OfficeViewResult<T>> {
  const cache = getOfficeCache();
  const key = viewKey(kind, query);
  const reply = await ask(getDesk().office);
  if (reply.ok) {
    const now = Date.now();
    await writeOfficeView(cache, key, reply.value, now);
    return { data: reply.value, fetchedAt: now, live: true };
  }
  const kept = await readOfficeView<T>(cache, key);
  return { ...(kept ? { data: kept.data, fetchedAt: kept.fetchedAt } : {}), live: false, error: reply.error.message };
}

/** The office's figures for a filter (dashboard), kept in IndexedDB so they still show offline. */
export function loadOfficeFigures(filter: OfficeFilter): Promise<OfficeViewResult<OfficeFigures>> {
  return loadView('figures', filter, (office) => office.figures(filter));
}

/** One page of the office's dossiers (review queue), kept like the figures. */
export function loadOfficeDossiers(query: OfficePageQuery): Promise<OfficeViewResult<OfficeDossierPage>> {
  return loadView('dossiers', query, (office) => office.dossiers(query));
}

/** The relay to the national portal (waiting, held and why), kept like the figures. */
export function loadOfficePortalRelay(): Promise<OfficeViewResult<OfficePortalRelay>> {
  return loadView('portal-relay', {}, (office) => office.portalRelay());
}
