import { parseArgs } from 'node:util';
import type { CliCommand } from '../cli';
import type { HostServices } from '../services/createServices';
import { DeskFailure } from '../../preload/shared/errors/DeskFailure';
import { createGatewayClient } from '../../preload/shared/sync/createGatewayClient';
import { SyncFailure } from '../../preload/shared/sync/SyncFailure';
import { ServerUrl, SyncEnrolRequest } from '../../preload/contract/sync';

/**
 * `sync enrol <url> <code>`: the desk's settings screen "Đăng ký bàn" from a shell. The desk token
 * goes to main's secret store as the screen's would; the desk's name, role and slot are printed.
 */
async function enrol(services: () => HostServices, argv: string[]): Promise<number> {
  const { positionals } = parseArgs({ args: argv, options: {}, allowPositionals: true, strict: true });
  const [hubUrl, ...codeParts] = positionals;
  const request = SyncEnrolRequest.safeParse({ hubUrl: hubUrl ?? '', code: codeParts.join('') });
  if (!request.success) {
    process.stderr.write(`${request.error.issues[0]?.message ?? 'Thiếu địa chỉ hoặc mã đăng ký.'}\nCách dùng: sync enrol <địa chỉ máy chủ đơn vị> <mã đăng ký>\n`);
    return 2;
  }
  try {
    const config = await services().sync.enrol(request.data);
    process.stdout.write(`${JSON.stringify({ server: config.serverUrl, token: config.hasToken, protection: config.protection, desk: config.enrolment }, null, 2)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof DeskFailure) {
      process.stderr.write(`${error.userMessage}\n(${error.detail ?? ''})\n`);
      return 1;
    }
    throw error;
  }
}

/**
 * `sync --server <url>`: points this desk at the ministry gateway (the same settings the desk's
 * screen writes; the token is read from MOTCUA_SYNC_TOKEN so it never lands in shell history),
 * checks the server answers the protocol, and lists the status changes it holds after a cursor.
 * The outbox itself lives in the desk's IndexedDB and is delivered by the app's sync worker.
 */
export function createSyncCommand(services: () => HostServices): CliCommand {
  return {
    summary:
      'Cấu hình và kiểm tra máy chủ đồng bộ: sync [--server <url>] [--concurrency n] [--cursor n] (mã truy cập lấy từ biến MOTCUA_SYNC_TOKEN); sync enrol <địa chỉ máy chủ đơn vị> <mã đăng ký> đăng ký bàn với máy chủ đơn vị',
    async run(argv) {
      if (argv[0] === 'enrol') return enrol(services, argv.slice(1));
      const { values } = parseArgs({ args: argv, options: { server: { type: 'string' }, concurrency: { type: 'string' }, cursor: { type: 'string' } }, strict: true });
      const sync = services().sync;
      const concurrency = values.concurrency === undefined ? undefined : Number(values.concurrency);
      if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= 8)) {
        process.stderr.write('--concurrency phải là số nguyên từ 1 đến 8.\n');
        return 2;
      }
      const cursor = Number(values.cursor ?? 0);
      if (!(Number.isInteger(cursor) && cursor >= 0)) {
        process.stderr.write('--cursor phải là số nguyên không âm.\n');
        return 2;
      }
      try {
        if (values.server !== undefined || concurrency !== undefined || process.env.MOTCUA_SYNC_TOKEN) {
          const current = await sync.getConfig();
          const server = values.server ?? current.serverUrl;
          if (server !== null && !ServerUrl.safeParse(server).success) {
            process.stderr.write(`Địa chỉ máy chủ không hợp lệ: ${server}\n`);
            return 2;
          }
          await sync.setConfig({ serverUrl: server, ...(process.env.MOTCUA_SYNC_TOKEN ? { token: process.env.MOTCUA_SYNC_TOKEN } : {}), ...(concurrency ? { concurrency } : {}) });
        }
        const credentials = await sync.credentials();
        if (!credentials.serverUrl) {
          process.stderr.write('Chưa cấu hình máy chủ đồng bộ: dùng --server <url>.\n');
          return 1;
        }
        const client = createGatewayClient({ serverUrl: credentials.serverUrl, token: credentials.token, timeoutMs: 20_000 });
        await client.health();
        const page = await client.pullStatus(cursor, 200);
        process.stdout.write(`${JSON.stringify({ server: credentials.serverUrl, reachable: true, token: credentials.token !== null, concurrency: credentials.concurrency, cursor: page.cursor, changes: page.changes }, null, 2)}\n`);
        return 0;
      } catch (error) {
        if (error instanceof SyncFailure || error instanceof DeskFailure) {
          process.stderr.write(`${error.userMessage}\n(${error.detail ?? ''})\n`);
          return 1;
        }
        throw error;
      }
    },
  };
}
