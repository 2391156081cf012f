import type { z } from 'zod';
import {
  OfficeDecisionSchema,
  OfficeDeskInfoSchema,
  OfficeDossierPageSchema,
  HubCatalogSchema,
  OfficeFiguresSchema,
  OfficePortalRelaySchema,
  type DeskServices,
  type OfficeFilter,
} from '../../preload/contract';
import { DeskFailure } from '../../preload/shared/errors/DeskFailure';

export interface OfficeServiceOptions {
  /** The desk's sync settings: the office hub's address and this desk's token (kept in main). */
  credentials(): Promise<{ serverUrl: string | null; token: string | null }>;
  fetch?: typeof fetch;
  /** One request gives up after this long (a hung link counts as offline). */
  timeoutMs?: number;
}

const NOT_CONFIGURED = 'Bàn này chưa cấu hình máy chủ văn phòng (Cấu hình bàn → Đồng bộ: địa chỉ và mã truy cập).';
const OFFLINE = 'Không kết nối được máy chủ văn phòng. Kiểm tra mạng rồi thử lại.';
const UNAUTHORIZED = 'Máy chủ văn phòng không nhận mã truy cập của bàn này (sai hoặc đã bị thu hồi). Kiểm tra cấu hình đồng bộ.';
const REFUSED = 'Máy chủ văn phòng từ chối: bàn này không được ghép là bàn lãnh đạo nên không xem được hồ sơ của cả văn phòng.';
const NOT_FOUND = 'Máy chủ văn phòng không có hồ sơ hoặc tệp này (có thể tệp chưa được gửi lên đủ).';
const SERVER_ERROR = 'Máy chủ văn phòng đang gặp lỗi hoặc quá tải. Thử lại sau ít phút.';
const BAD_REPLY = 'Máy chủ văn phòng trả lời không đúng định dạng. Báo quản trị viên kiểm tra phiên bản máy chủ.';

function queryOf(filter: Record<string, string | number | undefined>, names: Record<string, string>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (value !== undefined) params.set(names[key] ?? key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

const FILTER_NAMES: Record<keyof OfficeFilter, string> = { deskId: 'desk', officerId: 'officer', procedureCode: 'procedure', status: 'status', review: 'review', from: 'from', to: 'to' };

/**
 * The supervisor's view across desks, from main: the office hub is asked with the desk's token,
 * which never leaves main, and every outcome is a checked value or a DeskFailure with a Vietnamese
 * message the screen shows as it is (offline, refused, unknown, not configured).
 */
export function createOfficeService(options: OfficeServiceOptions): DeskServices['office'] {
  const fetchImpl = options.fetch ?? fetch.bind(globalThis);
  const timeoutMs = options.timeoutMs ?? 30_000;

  async function request(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Response> {
    const { serverUrl, token } = await options.credentials();
    if (!serverUrl || !token) throw new DeskFailure('office-not-configured', NOT_CONFIGURED);
    let response: Response;
    try {
      response = await fetchImpl(`${serverUrl.replace(/\/+$/, '')}${path}`, {
        method: init.method ?? 'GET',
        headers: { Authorization: `Bearer ${token}`, ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...init.headers },
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new DeskFailure('office-offline', OFFLINE, `${path}: ${(error as Error).message}`);
    }
    if (response.ok || response.status === 416) return response;
    const text = await response.text().catch(() => '');
    let hubMessage: string | undefined;
    try {
      const body = JSON.parse(text) as { message?: unknown };
      if (typeof body.message === 'string') hubMessage = body.message;
    } catch {
      // Not the hub's JSON: the status alone says what happened.
    }
    const detail = `${path}: HTTP ${response.status} ${text.slice(0, 200)}`;
    if (response.status === 401) throw new DeskFailure('office-unauthorized', UNAUTHORIZED, detail);
    if (response.status === 403) throw new DeskFailure('office-refused', REFUSED, detail);
    if (response.status === 404) throw new DeskFailure('office-not-found', hubMessage ?? NOT_FOUND, detail);
    if (response.status >= 500 || response.status === 429) throw new DeskFailure('office-server-error', SERVER_ERROR, detail);
    throw new DeskFailure('office-rejected', hubMessage ?? `Máy chủ văn phòng không nhận yêu cầu (HTTP ${response.status}).`, detail);
  }

  async function json<T>(schema: z.ZodType<T>, path: string, init?: Parameters<typeof request>[1]): Promise<T> {
    const response = await request(path, init);
    let body: unknown;
    try {
      body = await response.json();
    } catch (error) {
      throw new DeskFailure('office-offline', OFFLINE, `${path}: ${(error as Error).message}`);
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new DeskFailure('office-bad-reply', BAD_REPLY, `${path}: ${parsed.error.message.slice(0, 300)}`);
    return parsed.data;
  }

  return {
    async deskInfo() {
      const { serverUrl, token } = await options.credentials();
      if (!serverUrl || !token) return { configured: false, desk: null };
      const desk = await json(OfficeDeskInfoSchema.shape.desk.unwrap(), '/api/v1/desk');
      return { configured: true, desk: { name: desk.name, role: desk.role, slot: desk.slot } };
    },
    figures: (filter) => json(OfficeFiguresSchema, `/api/v1/office/figures${queryOf(filter, FILTER_NAMES)}`),
    catalog: () => json(HubCatalogSchema, '/api/v1/catalog'),
    portalRelay: () => json(OfficePortalRelaySchema, '/api/v1/office/portal-relay'),
    dossiers: (query) => json(OfficeDossierPageSchema, `/api/v1/office/dossiers${queryOf(query, FILTER_NAMES)}`),
    async filePart(part) {
      const path = `/api/v1/office/dossiers/${part.dossierId}/files/${encodeURIComponent(part.name)}`;
      const response = await request(path, { headers: { Range: `bytes=${part.offset}-${part.offset + part.length - 1}` } });
      if (response.status === 416) {
        const total = Number(/^bytes \*\/(\d+)$/.exec(response.headers.get('content-range') ?? '')?.[1]);
        if (!Number.isInteger(total)) throw new DeskFailure('office-bad-reply', BAD_REPLY, `${path}: 416 without a size`);
        return { bytes: new Uint8Array(0), offset: part.offset, total };
      }
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(await response.arrayBuffer());
      } catch (error) {
        // The link broke in the middle of the part: the renderer asks again from what it has.
        throw new DeskFailure('office-offline', OFFLINE, `${path}: ${(error as Error).message}`);
      }
      if (response.status === 206) {
        const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(response.headers.get('content-range') ?? '');
        if (!range || Number(range[1]) !== part.offset || bytes.length !== Number(range[2]) - Number(range[1]) + 1) throw new DeskFailure('office-bad-reply', BAD_REPLY, `${path}: Content-Range ${String(response.headers.get('content-range'))} for ${bytes.length} bytes`);
        return { bytes, offset: part.offset, total: Number(range[3]) };
      }
      // A server that ignores Range sends the whole file: keep the part that was asked for.
      return { bytes: bytes.slice(part.offset, part.offset + part.length), offset: part.offset, total: bytes.length };
    },
    decide: (decision) =>
      json(OfficeDecisionSchema, `/api/v1/office/dossiers/${decision.dossierId}/review`, {
        method: 'POST',
        body: { decisionId: decision.decisionId, decision: decision.decision, reviewer: decision.reviewer, ...(decision.reason ? { reason: decision.reason } : {}) },
      }),
  };
}
