/**
 * Headless entry for admins, benchmarks and scripted runs: `npm run cli -- <command> [options]`.
 * It uses the same service registry as the app, so what works here works at the desk.
 */
import { parseArgs } from 'node:util';
import os from 'node:os';
import path from 'node:path';
import { createServices } from './services/createServices';
import { createIpcRouter } from './ipc/createIpcRouter';
import packageJson from '../package.json';
import { ocrCommand } from './cli/ocrCommand';
import { packageCommand } from './cli/packageCommand';
import { createSyncCommand } from './cli/syncCommand';
import { readCardCommand } from './cli/readCardCommand';
import { auditCommand } from './cli/auditCommand';
import { scanCommand } from './cli/scanCommand';
import { hubCommand } from './cli/hubCommand';
import { verifyPdfCommand } from './cli/verifyPdfCommand';

export interface CliCommand {
  summary: string;
  run(argv: string[]): Promise<number>;
}

function defaultServices() {
  return createServices({
    dataDir: process.env.MOTCUA_DATA_DIR ?? path.join(os.homedir(), '.mot-cua-desk'),
    version: packageJson.version,
    mode: process.env.MOTCUA_MODE === 'production' ? 'production' : 'training',
    host: 'cli',
    sink: (channel, payload) => process.stderr.write(`${JSON.stringify({ event: channel, payload })}\n`),
  });
}

/** Commands by name; later capabilities register theirs here. */
export const commands: Record<string, CliCommand> = {
  ocr: ocrCommand,
  package: packageCommand,
  sync: createSyncCommand(defaultServices),
  'read-card': readCardCommand,
  audit: auditCommand,
  scan: scanCommand,
  hub: hubCommand,
  'verify-pdf': verifyPdfCommand,
  info: {
    summary: 'In thông tin phiên bản và chế độ chạy (JSON).',
    async run() {
      const router = createIpcRouter(defaultServices());
      const reply = await router.handle('desk:app:getInfo', []);
      process.stdout.write(`${JSON.stringify(reply.ok ? reply.value : reply.error, null, 2)}\n`);
      return reply.ok ? 0 : 1;
    },
  },
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, command]) => `  ${name.padEnd(12)} ${command.summary}`);
  return `Cách dùng: npm run cli -- <lệnh> [tùy chọn]\n\nCác lệnh:\n${lines.join('\n')}\n`;
}

export async function main(argv: string[]): Promise<number> {
  const { positionals } = parseArgs({ args: argv.slice(0, 1), allowPositionals: true, strict: false });
  const name = positionals[0];
  if (!name || name === 'help' || name === '--help') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`Lệnh không tồn tại: ${name}\n\n${usage()}`);
    return 2;
  }
  return command.run(argv.slice(1));
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`Lỗi: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
