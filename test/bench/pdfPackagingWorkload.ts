/**
 * Child process of the packaging benchmark: packages the given images (no OCR) into one PDF and
 * prints JSON with the in-process time and peak resident memory.
 * Usage: tsx test/bench/pdfPackagingWorkload.ts <out.pdf> [--no-jpeg-flate] <dpi:file>...
 */
import { readFile, writeFile } from 'node:fs/promises';
import { packageScannedPdf } from '../../preload/shared/pdf/packageScannedPdf';

async function main(): Promise<void> {
  const [out, ...rest] = process.argv.slice(2);
  const jpegFlate = !rest.includes('--no-jpeg-flate');
  const specs = rest.filter((arg) => arg !== '--no-jpeg-flate');
  const start = performance.now();
  const pages = await Promise.all(
    specs.map(async (spec) => {
      const [dpi, file] = spec.split(':', 2) as [string, string];
      return { bytes: new Uint8Array(await readFile(file)), dpi: Number(dpi) };
    }),
  );
  const result = await packageScannedPdf({ pages, component: 'Benchmark', createdAt: new Date(), jpegFlate });
  await writeFile(out!, result.bytes);
  const ms = performance.now() - start;
  process.stdout.write(`${JSON.stringify({ ms, maxRssKb: process.resourceUsage().maxRSS, sha256: result.sha256 })}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
