import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import type { HubDesk } from '../createHubStore';
import type { OfficeStore } from '../createOfficeStore';
import { parseByteRange } from './parseByteRange';
import type { HubPortal } from '../portal/createHubPortal';

export interface OfficeRouteContext {
  office: OfficeStore;
  /** Folder of the tus file store, where a stored file is kept under its upload id. */
  filesDir: string;
  readJson(req: IncomingMessage): Promise<unknown>;
  json(res: ServerResponse, status: number, body: unknown, headers?: Record<string, string>): void;
  /** The relay to the national portal, for its summary on the supervisor's dashboard. */
  portal?: Pick<HubPortal, 'summary'>;
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** The office-wide list's query string: filters, then paging. */
export const OfficeQuery = z
  .object({
    desk: z.string().regex(new RegExp(`^${UUID}$`)).optional(),
    officer: z.string().min(1).max(100).optional(),
    procedure: z.string().min(1).max(100).optional(),
    status: z.coerce.number().int().min(1).max(10).optional(),
    review: z.enum(['pending', 'accepted', 'rescan']).optional(),
    from: Day.optional(),
    to: Day.optional(),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

/** A supervisor's decision; a send-back needs the reason the officer will read. */
export const ReviewRequest = z
  .object({
    decisionId: z.string().uuid(),
    decision: z.enum(['accepted', 'rescan']),
    reason: z.string().trim().min(5).max(1000).optional(),
    reviewer: z.string().trim().min(1).max(200),
  })
  .strict()
  .refine((value) => value.decision === 'accepted' || value.reason !== undefined, { message: 'a send-back needs a reason', path: ['reason'] });

function filterOf(query: z.infer<typeof OfficeQuery>) {
  return {
    ...(query.desk ? { deskId: query.desk } : {}),
    ...(query.officer ? { officerId: query.officer } : {}),
    ...(query.procedure ? { procedureCode: query.procedure } : {}),
    ...(query.status !== undefined ? { status: query.status } : {}),
    ...(query.review ? { review: query.review } : {}),
    ...(query.from ? { from: query.from } : {}),
    ...(query.to ? { to: query.to } : {}),
  };
}

/**
 * The supervisor's routes across desks (`/api/v1/office/…`): the intake of every desk with filters
 * and paging, its figures, a stored file with HTTP Range so an interrupted download resumes, and
 * the review decision, and the relay to the national portal (waiting and held rows with their
 * reasons). Only a desk enrolled as a supervisor reads office-wide; any other token is
 * refused with 403, whatever the route.
 */
export async function handleOfficeRoute(context: OfficeRouteContext, req: IncomingMessage, res: ServerResponse, url: URL, desk: HubDesk): Promise<void> {
  const { json } = context;
  if (desk.role !== 'supervisor') {
    req.resume();
    return json(res, 403, { error: 'office-wide routes are for a supervisor desk', code: 'hub-not-supervisor', message: 'Chỉ bàn lãnh đạo mới xem được hồ sơ của cả văn phòng.' });
  }
  const file = new RegExp(`^/api/v1/office/dossiers/(${UUID})/files/([^/]+)$`).exec(url.pathname);
  const review = new RegExp(`^/api/v1/office/dossiers/(${UUID})/review$`).exec(url.pathname);

  if ((url.pathname === '/api/v1/office/dossiers' || url.pathname === '/api/v1/office/figures') && req.method === 'GET') {
    const parsed = OfficeQuery.safeParse(Object.fromEntries(url.searchParams));
    if (!parsed.success) return json(res, 400, { error: 'invalid office query', detail: parsed.error.issues.slice(0, 20) });
    if (url.pathname === '/api/v1/office/figures') return json(res, 200, await context.office.figures(filterOf(parsed.data)));
    const page = await context.office.dossiers(filterOf(parsed.data), { offset: parsed.data.offset, limit: parsed.data.limit });
    return json(res, 200, { ...page, offset: parsed.data.offset, limit: parsed.data.limit });
  }

  if (url.pathname === '/api/v1/office/portal-relay' && req.method === 'GET') {
    // "Đồng bộ Cổng DVC quốc gia: chờ n, lỗi n", with the held rows' reasons.
    if (!context.portal) return json(res, 200, { configured: false, waiting: 0, held: 0, heldReasons: [], heldRows: [], label: 'Đồng bộ Cổng DVC quốc gia: chưa cấu hình' });
    return json(res, 200, await context.portal.summary());
  }

  if (file && req.method === 'GET') {
    let name: string;
    try {
      name = decodeURIComponent(file[2]!);
    } catch {
      return json(res, 400, { error: 'bad file name' });
    }
    const stored = await context.office.storedFile(file[1]!, name);
    const location = stored ? path.join(context.filesDir, stored.uploadId) : undefined;
    const size = location ? await stat(location).then((info) => info.size, () => undefined) : undefined;
    if (!stored || !location || size !== stored.size) return json(res, 404, { error: 'no such stored file' });
    const range = parseByteRange(req.headers.range, size);
    const common = { 'Accept-Ranges': 'bytes', ETag: `"${stored.sha256}"`, 'Content-Type': 'application/pdf', 'Access-Control-Allow-Origin': '*' };
    if (range.kind === 'unsatisfiable') return json(res, 416, { error: 'range not satisfiable' }, { ...common, 'Content-Range': `bytes */${size}` });
    // The file never changes once stored, so If-Range with its ETag always matches; anything else gets the whole file.
    const ifRange = req.headers['if-range'];
    const part = range.kind === 'part' && (ifRange === undefined || ifRange === common.ETag) ? range : undefined;
    if (part) res.writeHead(206, { ...common, 'Content-Length': String(part.end - part.start + 1), 'Content-Range': `bytes ${part.start}-${part.end}/${size}` });
    else res.writeHead(200, { ...common, 'Content-Length': String(size) });
    if (size === 0) return void res.end();
    await pipeline(createReadStream(location, part ? { start: part.start, end: part.end } : {}), res);
    return;
  }

  if (review && req.method === 'POST') {
    const parsed = ReviewRequest.safeParse(await context.readJson(req));
    if (!parsed.success) return json(res, 400, { error: 'invalid review decision', detail: parsed.error.issues.slice(0, 20) });
    const decided = await context.office.decide(desk, {
      decisionId: parsed.data.decisionId,
      dossierId: review[1]!,
      state: parsed.data.decision,
      ...(parsed.data.reason ? { reason: parsed.data.reason.replace(/\s+/gu, ' ') } : {}),
      reviewer: parsed.data.reviewer,
    });
    return json(res, decided.replayed ? 200 : 201, { dossierId: review[1], state: parsed.data.decision, feedSeq: decided.seq, decidedAt: decided.decidedAt });
  }
  req.resume();
  return json(res, 404, { error: 'no such route' });
}
