import { randomBytes } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { CliCommand } from '../cli';
import { startHub } from '../hub/startHub';
import { createHubStore } from '../hub/createHubStore';
import { DeskFailure } from '../../preload/shared/errors/DeskFailure';
import { ADMIN_FILE, adminCall, administer, hubDataDir, runningHub, type AdminFile } from './hubAdministration';
import { hubPortalCommand, PORTAL_USAGE } from './hubPortalCommand';

const USAGE = `Cách dùng:
  hub [--data <thư mục>] [--database <postgres://…>] [--files <thư mục>] [--listen <địa chỉ:cổng>] [--tls-cert <tệp> --tls-key <tệp>]
  hub enrol --desk "<tên bàn>" [--supervisor] [--valid-hours n]
  hub revoke --desk "<tên bàn>"
  hub desks
${PORTAL_USAGE}`;

const options = {
  data: { type: 'string' },
  database: { type: 'string' },
  files: { type: 'string' },
  listen: { type: 'string' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  desk: { type: 'string' },
  supervisor: { type: 'boolean' },
  'valid-hours': { type: 'string' },
} as const;

/**
 * `hub`: runs the office hub (the server desks enrol with and deliver to); `hub enrol`, `hub
 * revoke`, `hub desks` administer it, `hub portal …` its relay to the national portal. Data lives in --data (default ~/.mot-cua-hub): the embedded
 * database unless --database names a PostgreSQL server, and the uploaded files unless --files.
 */
export const hubCommand: CliCommand = {
  summary: 'Máy chủ văn phòng: hub [--database url] [--files dir] [--listen addr]; hub enrol --desk "Bàn 2"; hub revoke; hub desks; hub portal …',
  async run(argv) {
    if (argv[0] === 'portal') return hubPortalCommand(argv.slice(1));
    let parsed;
    try {
      parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    } catch (error) {
      process.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
      return 2;
    }
    const { values, positionals } = parsed;
    const action = positionals[0] ?? 'serve';
    try {
      if (action === 'enrol') {
        if (!values.desk?.trim()) {
          process.stderr.write(`Thiếu tên bàn: --desk "Bàn 2".\n\n${USAGE}`);
          return 2;
        }
        const validHours = values['valid-hours'] === undefined ? undefined : Number(values['valid-hours']);
        if (validHours !== undefined && !(Number.isInteger(validHours) && validHours >= 1 && validHours <= 720)) {
          process.stderr.write('--valid-hours phải là số giờ từ 1 đến 720.\n');
          return 2;
        }
        const request = { deskName: values.desk.trim(), role: values.supervisor ? ('supervisor' as const) : ('desk' as const), ...(validHours ? { validHours } : {}) };
        const made = await administer(
          values,
          (admin) => adminCall<{ code: string; expiresAt: string }>(admin, 'POST', 'enrolment-codes', request),
          async (database) => {
            const result = await createHubStore(database.db).createEnrolmentCode(request);
            return { code: result.code, expiresAt: result.expiresAt.toISOString() };
          },
        );
        process.stdout.write(`Mã ghép cho "${request.deskName}"${values.supervisor ? ' (bàn giám sát)' : ''}: ${made.code}\nHết hạn: ${made.expiresAt}. Nhập mã này ở bàn, mục Cài đặt › Máy chủ văn phòng; mã chỉ dùng được một lần.\n`);
        return 0;
      }
      if (action === 'revoke') {
        if (!values.desk?.trim()) {
          process.stderr.write(`Thiếu tên bàn: --desk "Bàn 2".\n\n${USAGE}`);
          return 2;
        }
        const deskName = values.desk.trim();
        await administer(
          values,
          (admin) => adminCall(admin, 'POST', 'revocations', { deskName }),
          (database) => createHubStore(database.db).revokeDesk(deskName),
        );
        process.stdout.write(`Đã thu hồi bàn "${deskName}": mã truy cập của bàn này không còn dùng được.\n`);
        return 0;
      }
      if (action === 'desks') {
        const desks = await administer(
          values,
          async (admin) => (await adminCall<{ desks: unknown[] }>(admin, 'GET', 'desks')).desks,
          async (database) => createHubStore(database.db).listDesks(),
        );
        process.stdout.write(`${JSON.stringify(desks, null, 2)}\n`);
        return 0;
      }
      if (action !== 'serve') {
        process.stderr.write(`Lệnh hub không tồn tại: ${action}\n\n${USAGE}`);
        return 2;
      }
      const dataDir = hubDataDir(values.data);
      if (await runningHub(dataDir)) {
        process.stderr.write(`Máy chủ văn phòng đang chạy với thư mục ${dataDir}.\n`);
        return 1;
      }
      if (!values['tls-cert'] !== !values['tls-key']) {
        process.stderr.write('Cần cả --tls-cert và --tls-key.\n');
        return 2;
      }
      const tls = values['tls-cert'] && values['tls-key'] ? { cert: await readFile(values['tls-cert']), key: await readFile(values['tls-key']) } : undefined;
      const adminToken = randomBytes(32).toString('base64url');
      const hub = await startHub({
        dataDir,
        listen: values.listen ?? '127.0.0.1:8480',
        adminToken,
        ...(values.database ? { databaseUrl: values.database } : {}),
        ...(values.files ? { filesDir: path.resolve(values.files) } : {}),
        ...(tls ? { tls } : {}),
      });
      const adminFile = path.join(dataDir, ADMIN_FILE);
      const adminUrl = hub.url.replace(/\/\/(0\.0\.0\.0|\[::\])/, '//127.0.0.1');
      await writeFile(adminFile, JSON.stringify({ pid: process.pid, url: adminUrl, token: adminToken } satisfies AdminFile), { mode: 0o600 });
      process.stdout.write(`Máy chủ văn phòng đang chạy: ${hub.url}\nCơ sở dữ liệu: ${hub.database.kind === 'pglite' ? `nhúng (PGlite) tại ${hub.database.location}` : hub.database.location}\nTệp: ${hub.filesDir}\n`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await hub.close();
      await rm(adminFile, { force: true });
      process.stdout.write('Đã dừng máy chủ văn phòng.\n');
      return 0;
    } catch (error) {
      if (error instanceof DeskFailure) {
        process.stderr.write(`${error.userMessage}\n${error.detail ? `(${error.detail})\n` : ''}`);
        return 1;
      }
      throw error;
    }
  },
};
