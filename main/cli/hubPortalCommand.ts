import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { DeskFailure } from '../../preload/shared/errors/DeskFailure';
import { createKeyFileCipher } from '../secrets/createKeyFileCipher';
import { createHubPortal, type HubPortal } from '../hub/portal/createHubPortal';
import { hubKeyFile } from '../hub/startHub';
import { PortalAgencyInput, PortalProcedureInput, PortalSettingsInput } from '../hub/portal/PortalSettings';
import { adminCall, administer } from './hubAdministration';

export const PORTAL_USAGE = `  hub portal configure --adapter-url <url> --auth-endpoint <đường dẫn> --integration-endpoint <đường dẫn> --username <tài khoản> --madonvi <mã đơn vị>
        [--password-file <tệp> | biến MOTCUA_PORTAL_PASSWORD] [--dstcode <mã>] [--public-url <địa chỉ máy chủ mà Cổng truy cập>] [--agency-name "<tên đơn vị>"]
        [--timeout-ms n] [--session-ttl-ms n] [--retry-base-ms n] [--retry-max-ms n] [--link-ttl-hours n]
  hub portal procedure --local <mã thủ tục tại đơn vị> --ma-tthc <mã TTHC trên Cổng> --ten-tthc "<tên>" --ma-linh-vuc <mã> --ten-linh-vuc "<tên>"
  hub portal status --local <1–10> --portal <mã trạng thái trên Cổng>
  hub portal agency --agency <mã định danh cơ quan> --madonvi <mã đơn vị trên Cổng> [--name "<tên đơn vị xử lý>"]
  hub portal show | hub portal summary | hub portal requeue [--row <số>]
  hub portal catalog   (lấy danh mục thủ tục từ Cổng; các bàn nhận danh mục này qua máy chủ văn phòng)
`;

const options = {
  data: { type: 'string' },
  database: { type: 'string' },
  'adapter-url': { type: 'string' },
  'auth-endpoint': { type: 'string' },
  'integration-endpoint': { type: 'string' },
  username: { type: 'string' },
  'password-file': { type: 'string' },
  madonvi: { type: 'string' },
  dstcode: { type: 'string' },
  'public-url': { type: 'string' },
  'agency-name': { type: 'string' },
  'timeout-ms': { type: 'string' },
  'session-ttl-ms': { type: 'string' },
  'retry-base-ms': { type: 'string' },
  'retry-max-ms': { type: 'string' },
  'link-ttl-hours': { type: 'string' },
  local: { type: 'string' },
  portal: { type: 'string' },
  'ma-tthc': { type: 'string' },
  'ten-tthc': { type: 'string' },
  'ma-linh-vuc': { type: 'string' },
  'ten-linh-vuc': { type: 'string' },
  agency: { type: 'string' },
  name: { type: 'string' },
  row: { type: 'string' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>['values'];

class UsageError extends Error {}

function numberOf(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isFinite(number)) throw new UsageError(`${flag} phải là một số.`);
  return number;
}

function withoutUndefined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T;
}

/** The password from a file (its last line break dropped) or MOTCUA_PORTAL_PASSWORD, never from the command line (other users see it). */
async function passwordOf(values: Values): Promise<string | undefined> {
  if (values['password-file']) return (await readFile(values['password-file'], 'utf8')).replace(/\r?\n$/, '');
  return process.env.MOTCUA_PORTAL_PASSWORD || undefined;
}

function parsed<T>(schema: { safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } } }, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new UsageError(`Tham số không hợp lệ: ${result.error.issues.map((issue) => `${issue.path.join('.') || '?'}: ${issue.message}`).join('; ')}`);
}

/** The portal on the database alone, when no hub runs (the key file beside the data seals the secrets). */
function portalOn(database: { db: Parameters<typeof createHubPortal>[0] }, dataDir: string): HubPortal {
  return createHubPortal(database.db, createKeyFileCipher(hubKeyFile(dataDir)));
}

async function run(action: string, values: Values): Promise<string> {
  const via = <T>(method: string, route: string, body: unknown, direct: (portal: HubPortal) => Promise<T>) =>
    administer(
      values,
      (admin) => adminCall<T>(admin, method, `portal/${route}`, body),
      (database, dataDir) => direct(portalOn(database, dataDir)),
    );
  if (action === 'configure') {
    const input = parsed(
      PortalSettingsInput,
      withoutUndefined({
        adapterUrl: values['adapter-url'],
        authEndpoint: values['auth-endpoint'],
        integrationEndpoint: values['integration-endpoint'],
        username: values.username,
        password: await passwordOf(values),
        madonvi: values.madonvi,
        dstcode: values.dstcode,
        publicUrl: values['public-url'],
        agencyName: values['agency-name'],
        timeoutMs: numberOf(values['timeout-ms'], '--timeout-ms'),
        sessionTtlMs: numberOf(values['session-ttl-ms'], '--session-ttl-ms'),
        retryBaseMs: numberOf(values['retry-base-ms'], '--retry-base-ms'),
        retryMaxMs: numberOf(values['retry-max-ms'], '--retry-max-ms'),
        linkTtlHours: numberOf(values['link-ttl-hours'], '--link-ttl-hours'),
      }),
    );
    const outcome = await via('PUT', 'config', input, async (portal) => ({ settings: await portal.settings.configure(input) }));
    return `Đã lưu cấu hình kết nối Cổng DVC quốc gia (${outcome.settings.adapterUrl}, tài khoản ${outcome.settings.username}, mã đơn vị ${outcome.settings.madonvi}); mật khẩu được mã hóa bằng khóa của máy chủ.\n`;
  }
  if (action === 'procedure') {
    if (!values.local) throw new UsageError('Thiếu --local <mã thủ tục tại đơn vị>.');
    const input = parsed(PortalProcedureInput, withoutUndefined({ maTTHC: values['ma-tthc'], tenTTHC: values['ten-tthc'], maLinhVuc: values['ma-linh-vuc'], tenLinhVuc: values['ten-linh-vuc'] }));
    const outcome = await via('PUT', `procedures/${encodeURIComponent(values.local)}`, input, (portal) => portal.settings.setProcedure(values.local!, input));
    return `Thủ tục ${values.local} → ${input.maTTHC} (${input.tenTTHC}). Đưa lại vào hàng đợi: ${outcome.requeued} mục.\n`;
  }
  if (action === 'status') {
    const local = numberOf(values.local, '--local');
    if (local === undefined || !values.portal) throw new UsageError('Cần --local <1–10> và --portal <mã trạng thái>.');
    const outcome = await via('PUT', `statuses/${local}`, { portalStatus: values.portal }, (portal) => portal.settings.setStatus(local, values.portal!));
    return `Trạng thái ${local} → ${values.portal}. Đưa lại vào hàng đợi: ${outcome.requeued} mục.\n`;
  }
  if (action === 'agency') {
    if (!values.agency) throw new UsageError('Thiếu --agency <mã định danh cơ quan>.');
    const input = parsed(PortalAgencyInput, withoutUndefined({ madonvi: values.madonvi, name: values.name }));
    const outcome = await via('PUT', `agencies/${encodeURIComponent(values.agency)}`, input, (portal) => portal.settings.setAgency(values.agency!, input));
    return `Cơ quan ${values.agency} → mã đơn vị ${input.madonvi}${input.name ? ` (${input.name})` : ''}. Đưa lại vào hàng đợi: ${outcome.requeued} mục.\n`;
  }
  if (action === 'show') {
    const shown = await administer(
      values,
      async (admin) => ({
        settings: (await adminCall<{ settings: unknown }>(admin, 'GET', 'portal/config')).settings,
        procedures: (await adminCall<{ procedures: unknown }>(admin, 'GET', 'portal/procedures')).procedures,
        statuses: (await adminCall<{ statuses: unknown }>(admin, 'GET', 'portal/statuses')).statuses,
        agencies: (await adminCall<{ agencies: unknown }>(admin, 'GET', 'portal/agencies')).agencies,
      }),
      async (database, dataDir) => {
        const portal = portalOn(database, dataDir);
        return { settings: (await portal.settings.publicSettings()) ?? null, procedures: await portal.settings.procedures(), statuses: Object.fromEntries(await portal.settings.statuses()), agencies: await portal.settings.agencies() };
      },
    );
    return `${JSON.stringify(shown, null, 2)}\n`;
  }
  if (action === 'summary') {
    const summary = await via('GET', 'summary', undefined, (portal) => portal.summary());
    const reasons = summary.heldReasons.map((reason) => `  - ${reason.count} × ${reason.reason}`).join('\n');
    return `${summary.label}${summary.configured ? '' : ' (chưa cấu hình kết nối)'}\n${reasons ? `Lý do giữ lại:\n${reasons}\n` : ''}${JSON.stringify(summary, null, 2)}\n`;
  }
  if (action === 'requeue') {
    const rowId = numberOf(values.row, '--row');
    const outcome = await via('POST', 'requeue', rowId ? { rowId } : {}, (portal) => portal.settings.requeue(rowId ? { rowId } : { all: true }));
    return `Đã đưa lại vào hàng đợi ${outcome.requeued} mục bị giữ lại.\n`;
  }
  if (action === 'catalog') {
    const pulled = await via('POST', 'catalog', {}, (portal) => portal.catalog.pull());
    if (pulled.replaced) return `Đã cập nhật danh mục thủ tục từ Cổng DVC quốc gia: ${pulled.procedures} thủ tục. Các bàn nhận danh mục mới khi cập nhật danh mục từ máy chủ văn phòng.\n`;
    throw new DeskFailure('portal-catalog-invalid', `Không thay đổi danh mục thủ tục: ${pulled.errors.length} lỗi.\n${pulled.errors.map((error) => `  - ${error}`).join('\n')}`);
  }
  throw new UsageError(`Lệnh hub portal không tồn tại: ${action}`);
}

/**
 * `hub portal …`: the administrator's side of the relay to the national portal: the connector's
 * settings, the mapping tables, the relay's summary and "send again" for held rows. Like `hub
 * enrol`, it goes through the running hub's admin API, or opens the database when no hub runs.
 */
export async function hubPortalCommand(argv: string[]): Promise<number> {
  let values: Values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${PORTAL_USAGE}`);
    return 2;
  }
  try {
    process.stdout.write(await run(positionals[0] ?? '', values));
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n\n${PORTAL_USAGE}`);
      return 2;
    }
    if (error instanceof DeskFailure) {
      process.stderr.write(`${error.userMessage}\n${error.detail ? `(${error.detail})\n` : ''}`);
      return 1;
    }
    throw error;
  }
}
