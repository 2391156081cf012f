import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { CliCommand } from '../cli';
import { verifyAuditExport } from '../audit/verifyAuditExport';

/**
 * `audit verify <export.jsonl>`: checks an export of the audit chain (links, hashes, order) and the
 * anchors kept in the data folder for the same chain. Exit 0: intact; 1: tampered or unreadable.
 */
export const auditCommand: CliCommand = {
  summary: 'Kiểm tra tính toàn vẹn của bản xuất nhật ký: audit verify [--json] [--data-dir thư-mục | --no-anchors] <tệp.jsonl>',
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { json: { type: 'boolean' }, 'data-dir': { type: 'string' }, 'no-anchors': { type: 'boolean' } },
    });
    const [verb, file, ...rest] = positionals;
    if (verb !== 'verify' || !file || rest.length > 0) {
      process.stderr.write(`Cách dùng: ${auditCommand.summary}\n`);
      return 2;
    }
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      process.stderr.write(`Không đọc được tệp ${file}: ${(error as Error).message}\n`);
      return 1;
    }
    const dataDir = values['no-anchors'] ? undefined : (values['data-dir'] ?? process.env.MOTCUA_DATA_DIR ?? path.join(os.homedir(), '.mot-cua-desk'));
    const { verification } = await verifyAuditExport(text, dataDir);
    process.stdout.write(values.json ? `${JSON.stringify(verification, null, 2)}\n` : `${verification.ok ? 'HỢP LỆ' : 'KHÔNG HỢP LỆ'}: ${verification.message}\n`);
    return verification.ok ? 0 : 1;
  },
};
