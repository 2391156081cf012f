import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { CliCommand } from '../cli';
import { createNodeOcrEngine } from '../ocr/createNodeOcrEngine';
import { parseOcrFlags } from './ocrCommand';
import { packageScannedPdf, type ScannedPageInput } from '../../preload/shared/pdf/packageScannedPdf';
import { PackagingError } from '../../preload/shared/pdf/PackagingError';
import { readScanImageSize } from '../../preload/shared/image/readScanImageSize';
import { OcrError } from '../../preload/shared/ocr/OcrError';

/** The Vietnamese text-layer font shipped in assets (same path from main/cli under tsx and from dist/main). */
export function textLayerFontPath(): string {
  return path.resolve(__dirname, '..', '..', 'assets', 'fonts', 'NotoSans-Regular.ttf');
}

/**
 * `package --component <name> <images...> --out x.pdf`: one searchable component PDF from scanned
 * pages (OCR unless --no-ocr), with dossier metadata; prints the SHA-256 and facts as JSON.
 * Nothing is written when any page is bad.
 */
export const packageCommand: CliCommand = {
  summary: 'Đóng gói ảnh trang thành PDF tìm kiếm được: package --component <tên> [--dossier mã] [--procedure mã] [--agency tên] [--dpi n] [--no-ocr] <ảnh...> --out x.pdf',
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        component: { type: 'string' },
        out: { type: 'string' },
        dossier: { type: 'string' },
        procedure: { type: 'string' },
        agency: { type: 'string' },
        dpi: { type: 'string' },
        psm: { type: 'string' },
        timeout: { type: 'string' },
        'no-ocr': { type: 'boolean' },
      },
    });
    if (!values.component || !values.out || positionals.length === 0) {
      process.stderr.write('Cách dùng: npm run cli -- package --component "Tờ khai" trang1.jpg trang2.jpg --out to-khai.pdf\n');
      return 2;
    }
    const flags = parseOcrFlags(values);
    if (typeof flags === 'string') {
      process.stderr.write(`${flags}\n`);
      return 2;
    }
    try {
      const pages: ScannedPageInput[] = [];
      for (const file of positionals) {
        const bytes = new Uint8Array(await readFile(file));
        try {
          readScanImageSize(bytes);
        } catch (error) {
          if (error instanceof PackagingError) throw new PackagingError(error.code, `${path.basename(file)}: ${error.message}`, error.detail);
          throw error;
        }
        pages.push({ bytes, ...(flags.dpi ? { dpi: flags.dpi } : {}) });
      }
      if (!values['no-ocr']) {
        const engine = await createNodeOcrEngine();
        try {
          for (const [i, page] of pages.entries()) {
            page.ocr = await engine.recognizer.recognize(page.bytes, Buffer.from(page.bytes), flags);
            process.stderr.write(`OCR ${i + 1}/${pages.length}\n`);
          }
        } finally {
          await engine.close();
        }
      }
      const result = await packageScannedPdf({
        pages,
        component: values.component,
        createdAt: new Date(),
        textFont: new Uint8Array(await readFile(textLayerFontPath())),
        ...(values.dossier ? { dossierCode: values.dossier } : {}),
        ...(values.procedure ? { procedureCode: values.procedure } : {}),
        ...(values.agency ? { agency: values.agency } : {}),
        ...(flags.dpi ? { defaultDpi: flags.dpi } : {}),
      });
      await writeFile(values.out, result.bytes);
      const { bytes: _bytes, ...facts } = result;
      process.stdout.write(`${JSON.stringify({ out: values.out, size: result.bytes.length, ...facts }, null, 2)}\n`);
      return 0;
    } catch (error) {
      if (error instanceof PackagingError || error instanceof OcrError) {
        process.stderr.write(`${error.userMessage}\n`);
        return 1;
      }
      throw error;
    }
  },
};
