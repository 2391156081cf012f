import { z } from 'zod';
import { DeskFailure } from '../../preload/shared/errors/DeskFailure';
import type { DeskEnrolment } from '../../preload/contract/sync';

/** What `POST /api/v1/enrol` answers (OpenAPI `EnrolReply`). */
const EnrolReply = z.object({
  deskId: z.string().min(1),
  deskName: z.string(),
  role: z.enum(['desk', 'supervisor']),
  slot: z.number().int().min(1).max(9999),
  token: z.string().regex(/^[A-Za-z0-9_-]{16,128}$/),
});
const HubProblem = z.object({ code: z.string(), message: z.string() }).passthrough();

/** TLS failures of Node's fetch (undici passes OpenSSL's codes on the cause). */
const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS|ERR_SSL|HOSTNAME_MISMATCH/;

const REFUSALS: Record<string, string> = {
  'hub-enrolment-unknown': 'Mã đăng ký không đúng. Kiểm tra lại từng ký tự của mã do quản trị viên máy chủ đơn vị cấp.',
  'hub-enrolment-used': 'Mã đăng ký này đã được dùng. Mỗi mã chỉ đăng ký được một bàn; xin quản trị viên cấp mã mới.',
  'hub-enrolment-expired': 'Mã đăng ký đã hết hạn. Xin quản trị viên máy chủ đơn vị cấp mã mới.',
};

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function causeCode(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && TLS_CODES.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return '';
}

/**
 * Redeems a one-use enrolment code at the office hub and returns the desk's token and identity.
 * The code travels only over TLS, or plain HTTP to a hub on this very machine; every refusal is a
 * DeskFailure with a Vietnamese message the settings screen shows as it is.
 */
export async function enrolWithHub(input: { hubUrl: string; code: string; fetch?: typeof fetch; timeoutMs?: number }): Promise<{ enrolment: DeskEnrolment; token: string }> {
  const base = input.hubUrl.replace(/\/+$/, '');
  const url = new URL(base);
  if (url.protocol !== 'https:' && !isLoopback(url.hostname)) {
    throw new DeskFailure(
      'sync-enrol-tls-required',
      'Máy chủ đơn vị phải dùng kết nối bảo mật: địa chỉ cần bắt đầu bằng https:// (http:// chỉ dùng với máy chủ chạy trên chính máy này).',
      base,
    );
  }
  const fetchImpl = input.fetch ?? fetch;
  let response: Response;
  let text: string;
  try {
    response = await fetchImpl(`${base}/api/v1/enrol`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code: input.code.trim() }),
      signal: AbortSignal.timeout(input.timeoutMs ?? 20_000),
    });
    text = await response.text();
  } catch (error) {
    const tls = causeCode(error);
    if (tls) {
      throw new DeskFailure('sync-enrol-tls-untrusted', 'Không xác minh được chứng thư TLS của máy chủ đơn vị (chứng thư tự ký, hết hạn hoặc không đúng tên máy). Hãy nhờ quản trị viên kiểm tra chứng thư của máy chủ.', `${base}: ${tls}`, { cause: error });
    }
    throw new DeskFailure('sync-enrol-unreachable', `Không kết nối được với máy chủ đơn vị tại ${base}. Kiểm tra địa chỉ, mạng và máy chủ có đang chạy không.`, `${base}: ${(error as Error).message}`, { cause: error });
  }
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (response.status === 201) {
    const reply = EnrolReply.safeParse(json);
    if (!reply.success) throw new DeskFailure('sync-enrol-bad-reply', 'Máy chủ đơn vị trả lời không đúng định dạng khi đăng ký bàn.', `HTTP 201 ${text.slice(0, 200)}`);
    const { token, ...desk } = reply.data;
    return { token, enrolment: { ...desk, enrolledAt: new Date().toISOString() } };
  }
  const problem = HubProblem.safeParse(json);
  if (problem.success && REFUSALS[problem.data.code]) throw new DeskFailure(problem.data.code.replace(/^hub-/, 'sync-'), REFUSALS[problem.data.code]!, `HTTP ${response.status} ${problem.data.code}`);
  if (response.status === 429) {
    const wait = response.headers.get('Retry-After');
    throw new DeskFailure('sync-enrol-throttled', `Đã thử đăng ký quá nhiều lần từ máy này; hãy chờ${wait ? ` ${wait} giây` : ' một lúc'} rồi thử lại.`, `HTTP 429`);
  }
  if (response.status === 404) throw new DeskFailure('sync-enrol-not-a-hub', `Địa chỉ ${base} không phải máy chủ đơn vị (không có chức năng đăng ký bàn). Kiểm tra lại địa chỉ.`, `HTTP 404 ${text.slice(0, 200)}`);
  if (problem.success) throw new DeskFailure('sync-enrol-refused', problem.data.message, `HTTP ${response.status} ${problem.data.code}`);
  throw new DeskFailure('sync-enrol-bad-reply', `Máy chủ đơn vị không nhận đăng ký (HTTP ${response.status}).`, text.slice(0, 200));
}
