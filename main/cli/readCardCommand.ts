import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { CliCommand } from '../cli';
import { CardKeySource } from '../../preload/contract/card';
import { createCardService } from '../card/createCardService';
import { toDeskError } from '../../preload/shared/errors/DeskFailure';

const USAGE =
  'Cách dùng: npm run cli -- read-card [--reader <tên>] (--mrz <MRZ> | --qr <mã QR> | --doc <số> --birth <YYMMDD> --expiry <YYMMDD>) [--csca <thư mục>] [--face <tệp ảnh>]';

/** The key source named by the flags, or a Vietnamese complaint. */
export function keySourceFromFlags(values: Record<string, string | boolean | undefined>): CardKeySource | string {
  const given = ['mrz', 'qr', 'doc'].filter((flag) => typeof values[flag] === 'string');
  if (given.length !== 1) return `Cần đúng một nguồn khóa: --mrz, --qr hoặc --doc/--birth/--expiry.\n${USAGE}`;
  const candidate =
    typeof values.mrz === 'string'
      ? { kind: 'mrz', text: values.mrz }
      : typeof values.qr === 'string'
        ? { kind: 'qr', payload: values.qr }
        : { kind: 'fields', documentNumber: values.doc, birthDate: values.birth, expiryDate: values.expiry };
  const parsed = CardKeySource.safeParse(candidate);
  return parsed.success ? parsed.data : `Khóa không hợp lệ: số thẻ / số hộ chiếu tối đa 9 chữ và số (có thể có <), ngày dạng YYMMDD.\n${USAGE}`;
}

/**
 * `read-card`: reads a CCCD chip on a PC/SC reader with the same card service as the app and
 * prints the citizen, the authentication result and the face's format as JSON. The face itself is
 * written to --face when asked; it is personal data and is not printed.
 */
export const readCardCommand: CliCommand = {
  summary: 'Đọc chip thẻ CCCD qua đầu đọc PC/SC, in JSON: read-card [--reader tên] --mrz <MRZ> | --qr <mã QR> | --doc --birth --expiry',
  async run(argv) {
    let values: Record<string, string | boolean | undefined>;
    try {
      values = parseArgs({
        args: argv,
        options: {
          reader: { type: 'string' },
          mrz: { type: 'string' },
          qr: { type: 'string' },
          doc: { type: 'string' },
          birth: { type: 'string' },
          expiry: { type: 'string' },
          csca: { type: 'string' },
          face: { type: 'string' },
        },
      }).values;
    } catch (error) {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
      return 2;
    }
    const source = keySourceFromFlags(values);
    if (typeof source === 'string') {
      process.stderr.write(`${source}\n`);
      return 2;
    }
    const dataDir = process.env.MOTCUA_DATA_DIR ?? path.join(os.homedir(), '.mot-cua-desk');
    const service = createCardService({
      trustStoreDir: typeof values.csca === 'string' ? values.csca : path.join(dataDir, 'csca'),
      emit: {
        reader: () => undefined,
        card: () => undefined,
        qr: () => undefined,
        progress: (p) => process.stderr.write(`${JSON.stringify({ progress: p })}\n`),
      },
    });
    try {
      const result = await service.read(typeof values.reader === 'string' ? values.reader : null, source);
      const { face, ...rest } = result;
      if (face && typeof values.face === 'string') await writeFile(values.face, face.data);
      const printed = { ...rest, ...(face ? { face: { mime: face.mime, sourceMime: face.sourceMime, width: face.width, height: face.height, bytes: face.data.length, ...(typeof values.face === 'string' ? { file: values.face } : {}) } } : {}) };
      process.stdout.write(`${JSON.stringify(printed, null, 2)}\n`);
      return 0;
    } catch (error) {
      process.stdout.write(`${JSON.stringify({ error: toDeskError(error) }, null, 2)}\n`);
      return 1;
    } finally {
      service.close();
    }
  },
};
