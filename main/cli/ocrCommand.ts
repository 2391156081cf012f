import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { CliCommand } from '../cli';
import { createNodeOcrEngine } from '../ocr/createNodeOcrEngine';
import type { SegmentationPolicy } from '../../preload/shared/ocr/chooseSegmentation';
import { OcrError } from '../../preload/shared/ocr/OcrError';

const POLICIES: SegmentationPolicy[] = ['auto', 'block', 'fallback'];

/** Parses the shared OCR flags; returns an error message in Vietnamese when they are wrong. */
export function parseOcrFlags(values: { psm?: string | boolean; timeout?: string | boolean; dpi?: string | boolean }): { policy: SegmentationPolicy; timeoutMs: number; dpi?: number } | string {
  const policy = (typeof values.psm === 'string' ? values.psm : 'fallback') as SegmentationPolicy;
  if (!POLICIES.includes(policy)) return `--psm phải là một trong: ${POLICIES.join(', ')}.`;
  const timeoutS = typeof values.timeout === 'string' ? Number(values.timeout) : 120;
  if (!(timeoutS > 0)) return '--timeout phải là số giây dương.';
  const dpi = typeof values.dpi === 'string' ? Number(values.dpi) : undefined;
  if (dpi !== undefined && !(dpi >= 50 && dpi <= 2400)) return '--dpi phải trong khoảng 50–2400.';
  return { policy, timeoutMs: timeoutS * 1000, ...(dpi ? { dpi } : {}) };
}

/**
 * `ocr <images...>`: recognises Vietnamese/English text in page images with the same engine and
 * segmentation policy as the app, offline. Prints text (or JSON with word boxes using --json).
 */
export const ocrCommand: CliCommand = {
  summary: 'Nhận dạng chữ (OCR tiếng Việt) trong ảnh trang: ocr [--json] [--psm auto|block|fallback] [--dpi n] [--timeout giây] <ảnh...>',
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { json: { type: 'boolean' }, psm: { type: 'string' }, timeout: { type: 'string' }, dpi: { type: 'string' } },
    });
    const flags = parseOcrFlags(values);
    if (typeof flags === 'string') {
      process.stderr.write(`${flags}\n`);
      return 2;
    }
    if (positionals.length === 0) {
      process.stderr.write('Cần ít nhất một tệp ảnh: npm run cli -- ocr trang1.jpg trang2.png\n');
      return 2;
    }
    const engine = await createNodeOcrEngine();
    let failed = 0;
    const results: unknown[] = [];
    try {
      for (const file of positionals) {
        try {
          const bytes = new Uint8Array(await readFile(file));
          const page = await engine.recognizer.recognize(bytes, Buffer.from(bytes), flags);
          if (values.json) results.push({ file, ...page });
          else process.stdout.write(`=== ${file} (psm ${page.segmentation}, độ tin cậy ${page.meanConfidence.toFixed(1)})\n${page.text}\n\n`);
        } catch (error) {
          failed += 1;
          const message = error instanceof OcrError ? error.userMessage : error instanceof Error ? error.message : String(error);
          process.stderr.write(`${file}: ${message}\n`);
          if (values.json) results.push({ file, error: message });
        }
      }
    } finally {
      await engine.close();
    }
    if (values.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    return failed ? 1 : 0;
  },
};
