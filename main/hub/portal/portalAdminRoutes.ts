import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { HubPortal } from './createHubPortal';
import { PortalAgencyInput, PortalProcedureInput, PortalSettingsInput, PortalStatusInput } from './PortalSettings';

export interface PortalAdminContext {
  portal: HubPortal;
  readJson(req: IncomingMessage): Promise<unknown>;
  json(res: ServerResponse, status: number, body: unknown, headers?: Record<string, string>): void;
}

export const PORTAL_ADMIN_PREFIX = '/api/v1/admin/portal/';
const RequeueRequest = z.object({ rowId: z.number().int().positive().optional() }).strict();

function decoded(part: string): string | undefined {
  try {
    const value = decodeURIComponent(part).trim();
    return value && value.length <= 100 ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The administrator's portal routes (`hub portal …` goes through them while the hub runs, from
 * loopback with the admin token, checked by the caller): the connector's settings (the password
 * is written, never read back), the mapping tables, the relay's summary, and "send again" for held
 * rows, and pulling the procedure catalog from the portal. A change the relay should act on wakes it.
 */
export async function handlePortalAdminRoute(context: PortalAdminContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const { portal, json } = context;
  const route = url.pathname.slice(PORTAL_ADMIN_PREFIX.length);
  const [collection, key, ...rest] = route.split('/');
  const wake = () => portal.relay()?.nudge();
  const body = async <T>(schema: z.ZodType<T>): Promise<T | undefined> => {
    const parsed = schema.safeParse(await context.readJson(req));
    if (parsed.success) return parsed.data;
    json(res, 400, { error: 'invalid portal request', detail: parsed.error.issues.slice(0, 20) });
    return undefined;
  };
  if (rest.length > 0) return json(res, 404, { error: 'no such route' });

  if (collection === 'config' && key === undefined) {
    if (req.method === 'GET') return json(res, 200, { settings: (await portal.settings.publicSettings()) ?? null });
    if (req.method === 'PUT') {
      const input = await body(PortalSettingsInput);
      if (!input) return;
      const settings = await portal.settings.configure(input);
      wake();
      return json(res, 200, { settings });
    }
  }
  if (collection === 'procedures') {
    if (key === undefined && req.method === 'GET') return json(res, 200, { procedures: await portal.settings.procedures() });
    const localCode = key === undefined ? undefined : decoded(key);
    if (localCode && req.method === 'PUT') {
      const input = await body(PortalProcedureInput);
      if (!input) return;
      const outcome = await portal.settings.setProcedure(localCode, input);
      wake();
      return json(res, 200, { localCode, ...input, ...outcome });
    }
  }
  if (collection === 'statuses') {
    if (key === undefined && req.method === 'GET') return json(res, 200, { statuses: Object.fromEntries(await portal.settings.statuses()) });
    const localStatus = Number(key);
    if (key !== undefined && req.method === 'PUT') {
      const input = await body(PortalStatusInput);
      if (!input) return;
      const outcome = await portal.settings.setStatus(localStatus, input.portalStatus);
      wake();
      return json(res, 200, { localStatus, portalStatus: input.portalStatus, ...outcome });
    }
  }
  if (collection === 'agencies') {
    if (key === undefined && req.method === 'GET') return json(res, 200, { agencies: await portal.settings.agencies() });
    const agencyCode = key === undefined ? undefined : decoded(key);
    if (agencyCode && req.method === 'PUT') {
      const input = await body(PortalAgencyInput);
      if (!input) return;
      const outcome = await portal.settings.setAgency(agencyCode, input);
      wake();
      return json(res, 200, { agencyCode, ...input, ...outcome });
    }
  }
  if (collection === 'catalog' && key === undefined) {
    if (req.method === 'GET') return json(res, 200, await portal.catalog.read());
    if (req.method === 'POST') {
      req.resume();
      return json(res, 200, await portal.catalog.pull());
    }
  }
  if (collection === 'summary' && key === undefined && req.method === 'GET') return json(res, 200, await portal.summary());
  if (collection === 'requeue' && key === undefined && req.method === 'POST') {
    const input = await body(RequeueRequest);
    if (!input) return;
    const outcome = await portal.settings.requeue(input.rowId ? { rowId: input.rowId } : { all: true });
    wake();
    return json(res, 200, outcome);
  }
  req.resume();
  return json(res, 404, { error: 'no such route' });
}
