/**
 * A replica of the national public-service portal's synchronisation interface (Cổng DVC quốc gia,
 * the adapter a one-stop system sends dossiers to), as a real HTTP server for tests. The official
 * technical document is not public; each behaviour says where it comes from:
 *
 * From the public client OpenCPS v2 (`VietOpenCPS/opencps-v2`, `DVCQGIntegrationActionImpl.java`,
 * `DVCQGIntegrationActionTerm.java`):
 * - login: POST {auth_endpoint} `{"username","password"}` → `{"session","error_code":0}`
 *   (`getAccessToken`: success when both are present and error_code is 0);
 * - every call: POST {integration_endpoint} with `session`, `madonvi`, `service` beside the payload
 *   (`syncData`, `getSharingData`), an optional `dstcode` header;
 * - services `DongBoHoSoMC` (`isUpdating` "True"/"False", `data: [item]`), `CapNhatTienDoHoSoMC`
 *   (`data: [entry]`), `TraCuuHoSo` (`mahoso`) answering `result: [...]` (non-empty when found,
 *   `hasSyncDossier`);
 * - the item's field names, which ones the client marks optional ("ko bb"), every value a string,
 *   dates `yyyyMMddHHmmss` in Asia/Ho_Chi_Minh, `IsDeleted` "True"/"False", TaiLieuNop's
 *   `DuongDanTaiTepTin` a URL the portal fetches (files are not uploaded);
 * - answers `{"error_code", "message"}` (`createResponseMessage`); the success code compared as a
 *   number: the replica answers it as 0, "0" and "00" on different services, the forms seen.
 * From other public clients of the portal: `LoaiDoiTuong` 1–4, `HinhThuc`
 * 0/1, `GhiChu` refused past 2 000 characters, TaiLieuNop's DuocSoHoa/DuocTaiSuDung/DuocLayTuKhoDMQG
 * flags "0"/"1", a 10-minute session.
 * Ours (not public, chosen so the hub's recognition is tested): a refused session, a duplicate
 * first send and a malformed item are HTTP 200 with `error_code` -1 and a message that says so
 * ("Phiên làm việc … hết hạn (session expired)", "… đã tồn tại (duplicate …)", "Dữ liệu không hợp lệ:
 * …"); a request that is not JSON is HTTP 400; an update of a dossier it does not have is refused;
 * the MaTTHC must be in its catalog; a progress entry is keyed by MaHoSo, ThoiDiemXuLy, TrangThai and
 * NoiDungXuLy, so the same entry sent twice is kept once (and counted).
 *
 * Catalog services (`LayDanhSachTTHC` listing the MaTTHC codes, `LayThuTuc` with `maTTHC` answering
 * one upper-case row in `result`): field names from the public client; the `result` wrapper and the
 * SOBANCHINH/SOBANSAO counts are ours (see main/hub/portal/parsePortalCatalog.ts).
 *
 * Faults for tests: down (connections refused) and up again on the same port, sessions expired at
 * once, an answer delayed, never given, or dropped after the request was applied, raw answers
 * (HTML, wrong types, huge bodies). Everything received is recorded.
 */
import { createHash, randomBytes } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ReplicaProcedure {
  TENTTHC: string;
  MALINHVUC: string;
  TENLINHVUC: string;
}

export interface PortalReplicaOptions {
  username?: string;
  password?: string;
  /** The agency codes (madonvi) the account may send for. */
  madonvi?: string[];
  catalog?: Record<string, ReplicaProcedure>;
  /**
   * The procedures `LayThuTuc` answers with, by MaTTHC (`LayDanhSachTTHC` lists their codes), as
   * upper-case rows in the nesting the public client reads (see portalCatalogFixture.ts).
   */
  procedureDetails?: Record<string, unknown>;
  sessionTtlMs?: number;
  port?: number;
}

export type ReplicaFault =
  | { kind: 'slow'; ms: number; apply?: boolean }
  | { kind: 'hang'; apply?: boolean }
  | { kind: 'drop-after-apply' }
  /** Every session ends just before this request is handled (a session expiring mid-batch). */
  | { kind: 'expire-sessions' }
  /** Nothing: holds a place in the queue of faults, so the next fault meets a later request. */
  | { kind: 'none' }
  | { kind: 'raw'; status: number; contentType: string; body: string | Buffer };

export interface ReplicaCall {
  path: string;
  service: string | null;
  body: unknown;
  /** What the replica answered (undefined when it did not answer). */
  answer?: { status: number; body: unknown };
  fault?: ReplicaFault['kind'];
  at: number;
}

export interface ReplicaDossier {
  item: Record<string, unknown>;
  creates: number;
  updates: number;
  /** Every version received, in order. */
  versions: Array<Record<string, unknown>>;
  madonvi: string;
}

const REQUIRED_FILLED = ['MaHoSo', 'MaTTHC', 'TenTTHC', 'MaLinhVuc', 'TenLinhVuc', 'LoaiDoiTuong', 'NgayTiepNhan', 'NgayHenTra', 'TrangThaiHoSo', 'HinhThuc', 'DonViXuLy'];
/** Not marked optional in the public client, but sent empty by it when the dossier has none. */
const REQUIRED_PRESENT = ['Email', 'SoDienThoai', 'TrichYeuHoSo'];
const OPTIONAL_STRINGS = ['ChuHoSo', 'MaDoiTuong', 'ThongTinKhac', 'Fax', 'ThongTinTra', 'KenhThucHien', 'HoSoCoThanhPhanSoHoa', 'SoBienNhan'];
const OPTIONAL_DATES = ['NgayTra', 'NgayKetThucXuLy'];
const LISTS = ['TaiLieuNop', 'DanhSachGiayToKetQua', 'DanhSachLePhi', 'DanhSachTepDinhKemKhac', 'DanhSachHoSoBoSung'];
const PROGRESS_FILLED = ['MaHoSo', 'NguoiXuLy', 'ThoiDiemXuLy', 'NoiDungXuLy', 'TrangThai'];
const PROGRESS_OPTIONAL = ['ChucDanh', 'PhongBanXuLy', 'NgayBatDau', 'NgayKetThucTheoQuyDinh'];

/** A real `yyyyMMddHHmmss` instant. */
export function isPortalDate(value: unknown): boolean {
  if (typeof value !== 'string' || !/^\d{14}$/.test(value)) return false;
  const [year, month, day, hour, minute, second] = [value.slice(0, 4), value.slice(4, 6), value.slice(6, 8), value.slice(8, 10), value.slice(10, 12), value.slice(12, 14)].map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day && hour < 24 && minute < 60 && second < 60 && year >= 2000;
}

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/** Why the portal would refuse one DongBoHoSoMC item, or undefined when it is well-formed. */
export function refusalOfDossierItem(item: unknown, catalog: Record<string, ReplicaProcedure>): string | undefined {
  if (!item || typeof item !== 'object' || Array.isArray(item)) return 'phần tử data không phải đối tượng';
  const record = item as Record<string, unknown>;
  for (const key of REQUIRED_FILLED) if (typeof record[key] !== 'string' || !(record[key] as string).trim()) return `thiếu trường bắt buộc ${key}`;
  for (const key of REQUIRED_PRESENT) if (typeof record[key] !== 'string') return `thiếu trường bắt buộc ${key}`;
  for (const key of OPTIONAL_STRINGS) if (key in record && typeof record[key] !== 'string') return `trường ${key} phải là chuỗi`;
  if (!isPortalDate(record.NgayTiepNhan)) return 'NgayTiepNhan sai định dạng yyyyMMddHHmmss';
  if (!isPortalDate(record.NgayHenTra)) return 'NgayHenTra sai định dạng yyyyMMddHHmmss';
  for (const key of OPTIONAL_DATES) if (key in record && record[key] !== '' && !isPortalDate(record[key])) return `${key} sai định dạng yyyyMMddHHmmss`;
  if (!/^([1-9]|10)$/.test(record.TrangThaiHoSo as string)) return 'TrangThaiHoSo phải từ 1 đến 10';
  if (!/^[1-4]$/.test(record.LoaiDoiTuong as string)) return 'LoaiDoiTuong phải từ 1 đến 4';
  if (!/^[01]$/.test(record.HinhThuc as string)) return 'HinhThuc phải là 0 hoặc 1';
  if (typeof record.GhiChu === 'string' && record.GhiChu.length > 2_000) return 'GhiChu quá 2000 ký tự';
  if (!catalog[record.MaTTHC as string]) return `MaTTHC ${String(record.MaTTHC)} không tồn tại trong CSDL TTHC`;
  for (const key of LISTS) if (key in record && !Array.isArray(record[key])) return `${key} phải là danh sách`;
  for (const [index, file] of ((record.TaiLieuNop as unknown[] | undefined) ?? []).entries()) {
    if (!file || typeof file !== 'object') return `TaiLieuNop[${index}] không phải đối tượng`;
    const entry = file as Record<string, unknown>;
    for (const key of ['TepDinhKemId', 'TenTepDinhKem', 'MaThanhPhanHoSo', 'DuongDanTaiTepTin']) if (typeof entry[key] !== 'string') return `TaiLieuNop[${index}] thiếu ${key}`;
    if (!['True', 'False'].includes(entry.IsDeleted as string)) return `TaiLieuNop[${index}].IsDeleted phải là True hoặc False`;
    if (!isHttpUrl(entry.DuongDanTaiTepTin)) return `TaiLieuNop[${index}].DuongDanTaiTepTin không phải địa chỉ http(s)`;
    for (const key of ['DuocSoHoa', 'DuocTaiSuDung', 'DuocLayTuKhoDMQG']) if (key in entry && !['0', '1'].includes(entry[key] as string)) return `TaiLieuNop[${index}].${key} phải là 0 hoặc 1`;
  }
  for (const [index, result] of ((record.DanhSachGiayToKetQua as unknown[] | undefined) ?? []).entries()) {
    const entry = (result ?? {}) as Record<string, unknown>;
    for (const key of ['TenGiayTo', 'MaThanhPhanHoSo', 'GiayToId', 'DuongDanTepTinKetQua']) if (typeof entry[key] !== 'string') return `DanhSachGiayToKetQua[${index}] thiếu ${key}`;
  }
  return undefined;
}

/** Why the portal would refuse one CapNhatTienDoHoSoMC entry. */
export function refusalOfProgressItem(item: unknown): string | undefined {
  if (!item || typeof item !== 'object' || Array.isArray(item)) return 'phần tử data không phải đối tượng';
  const record = item as Record<string, unknown>;
  for (const key of PROGRESS_FILLED) if (typeof record[key] !== 'string' || !(record[key] as string).trim()) return `thiếu trường bắt buộc ${key}`;
  for (const key of PROGRESS_OPTIONAL) if (key in record && typeof record[key] !== 'string') return `trường ${key} phải là chuỗi`;
  if (!isPortalDate(record.ThoiDiemXuLy)) return 'ThoiDiemXuLy sai định dạng yyyyMMddHHmmss';
  for (const key of ['NgayBatDau', 'NgayKetThucTheoQuyDinh']) if (record[key] !== undefined && record[key] !== '' && !isPortalDate(record[key])) return `${key} sai định dạng yyyyMMddHHmmss`;
  if (!/^([1-9]|10)$/.test(record.TrangThai as string)) return 'TrangThai phải từ 1 đến 10';
  return undefined;
}

const refuse = (message: string) => ({ error_code: -1, message });

export async function startPortalReplica(options: PortalReplicaOptions = {}) {
  const username = options.username ?? 'motcua.hub';
  const password = options.password ?? 'mật-khẩu-Cổng-2026';
  const madonvi = new Set(options.madonvi ?? ['000.00.16.H27']);
  const catalog = options.catalog ?? {};
  const procedureDetails = new Map<string, unknown>(Object.entries(options.procedureDetails ?? {}));
  let sessionTtlMs = options.sessionTtlMs ?? 10 * 60_000;
  const sessions = new Map<string, number>();
  const dossiers = new Map<string, ReplicaDossier>();
  const progress = new Map<string, Array<Record<string, unknown>>>();
  const calls: ReplicaCall[] = [];
  const faults: Array<{ service?: string; fault: ReplicaFault }> = [];
  const counters = { logins: 0, duplicateCreates: 0, progressReceipts: 0, progressRepeats: 0 };
  const sockets = new Set<Socket>();
  const hanging = new Set<ServerResponse>();

  const takeFault = (service: string | null): ReplicaFault | undefined => {
    const index = faults.findIndex((entry) => entry.service === undefined || entry.service === service);
    return index < 0 ? undefined : faults.splice(index, 1)[0]!.fault;
  };

  /** Applies one call and says what the portal answers. */
  const apply = (path: string, body: Record<string, unknown>): { status: number; body: unknown } => {
    if (path === '/auth') {
      counters.logins += 1;
      if (body.username !== username || body.password !== password) return { status: 200, body: refuse('Sai tên đăng nhập hoặc mật khẩu') };
      const session = randomBytes(24).toString('base64url');
      sessions.set(session, Date.now() + sessionTtlMs);
      return { status: 200, body: { session, error_code: 0, message: 'Đăng nhập thành công' } };
    }
    const expiry = typeof body.session === 'string' ? sessions.get(body.session) : undefined;
    if (expiry === undefined || expiry <= Date.now()) return { status: 200, body: refuse('Phiên làm việc không hợp lệ hoặc đã hết hạn (session expired)') };
    if (typeof body.madonvi !== 'string' || !madonvi.has(body.madonvi)) return { status: 200, body: refuse(`Mã đơn vị ${String(body.madonvi)} không được phép kết nối`) };
    switch (body.service) {
      case 'TraCuuHoSo': {
        const known = typeof body.mahoso === 'string' ? dossiers.get(body.mahoso) : undefined;
        return { status: 200, body: { error_code: 0, message: 'Thành công', result: known ? [{ MaHoSo: known.item.MaHoSo, TrangThaiHoSo: known.item.TrangThaiHoSo, MaTTHC: known.item.MaTTHC }] : [] } };
      }
      case 'DongBoHoSoMC': {
        if (body.isUpdating !== 'True' && body.isUpdating !== 'False') return { status: 200, body: refuse('Dữ liệu không hợp lệ: isUpdating phải là True hoặc False') };
        if (!Array.isArray(body.data) || body.data.length === 0) return { status: 200, body: refuse('Dữ liệu không hợp lệ: data phải là danh sách hồ sơ') };
        for (const item of body.data) {
          const refusal = refusalOfDossierItem(item, catalog);
          if (refusal) return { status: 200, body: refuse(`Dữ liệu không hợp lệ: ${refusal}`) };
        }
        const items = body.data as Array<Record<string, unknown>>;
        for (const item of items) {
          const known = dossiers.get(item.MaHoSo as string);
          if (body.isUpdating === 'False' && known) {
            counters.duplicateCreates += 1;
            return { status: 200, body: refuse(`Hồ sơ ${String(item.MaHoSo)} đã tồn tại (duplicate MaHoSo)`) };
          }
          if (body.isUpdating === 'True' && !known) return { status: 200, body: refuse(`Hồ sơ ${String(item.MaHoSo)} chưa có trên Cổng, không cập nhật được`) };
        }
        for (const item of items) {
          const known = dossiers.get(item.MaHoSo as string);
          if (known) {
            known.item = item;
            known.updates += 1;
            known.versions.push(item);
          } else dossiers.set(item.MaHoSo as string, { item, creates: 1, updates: 0, versions: [item], madonvi: body.madonvi });
        }
        return { status: 200, body: { error_code: '0', message: 'Đồng bộ thành công' } };
      }
      case 'CapNhatTienDoHoSoMC': {
        if (!Array.isArray(body.data) || body.data.length === 0) return { status: 200, body: refuse('Dữ liệu không hợp lệ: data phải là danh sách') };
        for (const entry of body.data) {
          const refusal = refusalOfProgressItem(entry);
          if (refusal) return { status: 200, body: refuse(`Dữ liệu không hợp lệ: ${refusal}`) };
          if (!dossiers.has((entry as Record<string, unknown>).MaHoSo as string)) return { status: 200, body: refuse(`Hồ sơ ${String((entry as Record<string, unknown>).MaHoSo)} chưa có trên Cổng`) };
        }
        for (const entry of body.data as Array<Record<string, unknown>>) {
          counters.progressReceipts += 1;
          const list = progress.get(entry.MaHoSo as string) ?? [];
          const key = (value: Record<string, unknown>) => JSON.stringify([value.ThoiDiemXuLy, value.TrangThai, value.NoiDungXuLy]);
          if (list.some((known) => key(known) === key(entry))) counters.progressRepeats += 1;
          else list.push(entry);
          progress.set(entry.MaHoSo as string, list);
        }
        return { status: 200, body: { error_code: '00', message: 'Cập nhật tiến độ thành công' } };
      }
      case 'LayDanhSachTTHC':
        return { status: 200, body: { error_code: 0, message: 'Thành công', result: [...procedureDetails.keys()].map((code) => ({ MATTHC: code, TENTTHC: (procedureDetails.get(code) as { TENTTHC?: unknown } | null)?.TENTTHC ?? '' })) } };
      case 'LayThuTuc': {
        const code = typeof body.maTTHC === 'string' ? body.maTTHC : '';
        if (!procedureDetails.has(code)) return { status: 200, body: refuse(`Không tìm thấy thủ tục ${code}`) };
        return { status: 200, body: { error_code: '0', message: 'Thành công', result: [procedureDetails.get(code)] } };
      }
      default:
        return { status: 200, body: refuse(`Dịch vụ ${String(body.service)} không tồn tại`) };
    }
  };

  const answer = (res: ServerResponse, status: number, body: unknown) => {
    if (res.destroyed || res.writableEnded) return;
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };

  const listener = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = new URL(req.url ?? '/', 'http://portal').pathname;
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      body = undefined;
    }
    const service = body && typeof body === 'object' && typeof (body as { service?: unknown }).service === 'string' ? (body as { service: string }).service : null;
    const call: ReplicaCall = { path, service, body, at: Date.now() };
    calls.push(call);
    if (req.method !== 'POST' || (path !== '/auth' && path !== '/integration')) return answer(res, 404, { error_code: 404, message: 'not found' });
    const fault = takeFault(path === '/auth' ? 'login' : service);
    if (fault) call.fault = fault.kind;
    if (fault?.kind === 'expire-sessions') sessions.clear();
    if (fault?.kind === 'raw') {
      res.writeHead(fault.status, { 'Content-Type': fault.contentType });
      res.end(fault.body);
      return;
    }
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      call.answer = { status: 400, body: refuse('malformed JSON request') };
      return answer(res, 400, call.answer.body);
    }
    const applies = !fault || fault.kind === 'drop-after-apply' || fault.kind === 'expire-sessions' || fault.kind === 'none' || fault.apply !== false;
    const outcome = applies ? apply(path, body as Record<string, unknown>) : undefined;
    if (fault?.kind === 'drop-after-apply') return void req.socket.destroy();
    if (fault?.kind === 'hang') {
      hanging.add(res);
      return;
    }
    if (fault?.kind === 'slow') await new Promise((resolve) => setTimeout(resolve, fault.ms));
    call.answer = outcome;
    if (outcome) answer(res, outcome.status, outcome.body);
  };

  const server = http.createServer((req, res) => {
    listener(req, res).catch(() => res.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
  const port = await listen(options.port ?? 0);
  const shut = async () => {
    for (const res of hanging) res.destroy();
    hanging.clear();
    for (const socket of sockets) socket.destroy();
    if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
  };

  return {
    url: `http://127.0.0.1:${port}`,
    authEndpoint: '/auth',
    integrationEndpoint: '/integration',
    username,
    password,
    calls,
    dossiers,
    progress,
    counters,
    catalog,
    /** What LayThuTuc answers, by MaTTHC: change it to change the portal's catalog. */
    procedureDetails,
    /** Calls of one service, in order. */
    callsOf: (service: string) => calls.filter((call) => call.service === service),
    /** The next request for `service` (any when omitted; `login` for the login) meets `fault`. */
    fault(fault: ReplicaFault, service?: string, times = 1) {
      for (let index = 0; index < times; index += 1) faults.push({ ...(service ? { service } : {}), fault });
    },
    clearFaults: () => void faults.splice(0),
    /** Every session ends now, as when the portal's sessions time out mid-batch. */
    expireSessions: () => sessions.clear(),
    setSessionTtl: (ms: number) => void (sessionTtlMs = ms),
    /** Connections refused from now on (the port stays free for `up`). */
    down: shut,
    async up() {
      if (!server.listening) await listen(port);
    },
    /** Fetches every TaiLieuNop link of a dossier as the portal would, with the SHA-256 of what came. */
    async fetchDocuments(maHoSo: string): Promise<Array<{ name: string; url: string; deleted: boolean; status: number; sha256: string; size: number }>> {
      const known = dossiers.get(maHoSo);
      const files = ((known?.item.TaiLieuNop ?? []) as Array<Record<string, string>>);
      const fetched = [];
      for (const file of files) {
        const response = await fetch(file.DuongDanTaiTepTin!);
        const bytes = Buffer.from(await response.arrayBuffer());
        fetched.push({ name: file.TenTepDinhKem!, url: file.DuongDanTaiTepTin!, deleted: file.IsDeleted === 'True', status: response.status, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length });
      }
      return fetched;
    },
    close: shut,
  };
}

export type PortalReplica = Awaited<ReturnType<typeof startPortalReplica>>;
