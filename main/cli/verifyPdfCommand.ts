import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { CliCommand } from '../cli';
import { loadTrustStore } from '../card/loadTrustStore';

/**
 * `verify-pdf <file>`: every signature of a PDF checked against the trust roots in
 * `<dataDir>/trust` (signer, chain, time, changes after signing, revocation data), printed in
 * Vietnamese (or as JSON). Exit 0: every signature valid and trusted; 1: anything else; 2: usage.
 */
export const verifyPdfCommand: CliCommand = {
  summary: 'Kiểm tra chữ ký số trong tệp PDF: verify-pdf [--json] [--data-dir thư-mục] <tệp.pdf>',
  async run(argv) {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean' }, 'data-dir': { type: 'string' } } });
    const [file, ...rest] = positionals;
    if (!file || rest.length > 0) {
      process.stderr.write(`Cách dùng: ${verifyPdfCommand.summary}\n`);
      return 2;
    }
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(file));
    } catch (error) {
      process.stderr.write(`Không đọc được tệp ${file}: ${(error as Error).message}\n`);
      return 1;
    }
    const dataDir = values['data-dir'] ?? process.env.MOTCUA_DATA_DIR ?? path.join(os.homedir(), '.mot-cua-desk');
    // Loaded here, not at start-up: the CMS and PDF readers are heavy for the CLI's other commands.
    const { verifyPdfSignatures } = await import('../signing/verify/verifyPdfSignatures');
    const { describeVerification } = await import('../signing/verify/describeVerification');
    const trust = await loadTrustStore(path.join(dataDir, 'trust'));
    for (const problem of trust.problems) process.stderr.write(`Bỏ qua chứng thư gốc không đọc được: ${problem}\n`);
    const verification = await verifyPdfSignatures(bytes, trust.certificates);
    process.stdout.write(values.json ? `${JSON.stringify(verification, null, 2)}\n` : describeVerification(file, verification));
    return verification.verdict === 'valid' ? 0 : 1;
  },
};
