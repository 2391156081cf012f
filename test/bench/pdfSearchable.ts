/**
 * Searchable PDF from scanned pages: our path (tesseract.js OCR + packageScannedPdf) against
 * `ocrmypdf -l vie` on the same pages and cores: wall time, file size and the CER of the text
 * layer read back by pdftotext, as ratios measured in one run.
 * Run: npx tsx test/bench/pdfSearchable.ts [pages=4] [jobs=os.availableParallelism()]
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createNodeOcrEngine } from '../../main/ocr/createNodeOcrEngine';
import { packageScannedPdf } from '../../preload/shared/pdf/packageScannedPdf';
import type { OcrPage } from '../../preload/shared/ocr/ocrTypes';
import { characterErrorRate } from '../support/ocr/characterErrorRate';
import { mapLimited, writeBenchPages } from '../support/ocr/benchPages';
import { requireTools } from '../support/ocr/requireTools';

const exec = promisify(execFile);

async function layerCer(file: string, truth: string): Promise<number> {
  const { stdout } = await exec('pdftotext', ['-enc', 'UTF-8', file, '-'], { maxBuffer: 16 << 20 });
  return characterErrorRate(truth, stdout);
}

async function main(): Promise<void> {
  requireTools('ocrmypdf', 'pdftotext', 'qpdf');
  const count = Number(process.argv[2] ?? 4);
  const jobs = Number(process.argv[3] ?? os.availableParallelism());
  const dir = await mkdtemp(path.join(os.tmpdir(), 'motcua-bench-searchable-'));
  try {
    const pages = await writeBenchPages(dir, count);
    const truth = pages.map((p) => p.text).join('\n');
    const font = new Uint8Array(await readFile(path.join(__dirname, '..', '..', 'assets', 'fonts', 'NotoSans-Regular.ttf')));

    // Anchor: ocrmypdf on an image-only PDF of the same pages (images passed through, each page
    // sized from its own dpi, which img2pdf cannot do per page from the command line); not timed.
    const input = path.join(dir, 'input.pdf');
    await writeFile(input, (await packageScannedPdf({ pages: pages.map((p) => ({ bytes: p.bytes, dpi: p.dpi })), component: 'input', createdAt: new Date() })).bytes);
    const anchorOut = path.join(dir, 'ocrmypdf.pdf');
    const anchorStart = performance.now();
    await exec('ocrmypdf', ['-l', 'vie', '--jobs', String(jobs), '--output-type', 'pdf', '--quiet', input, anchorOut], { env: { ...process.env, OMP_THREAD_LIMIT: '1' } });
    const anchorMs = performance.now() - anchorStart;
    // Second anchor run without ocrmypdf's lossless JPEG/PNG re-optimisation (-O 0), which is what
    // "images unchanged" means; it separates image optimisation from text-layer overhead.
    const plainOut = path.join(dir, 'ocrmypdf-O0.pdf');
    await exec('ocrmypdf', ['-l', 'vie', '--jobs', String(jobs), '--output-type', 'pdf', '-O', '0', '--quiet', input, plainOut], { env: { ...process.env, OMP_THREAD_LIMIT: '1' } });

    // Ours, engine start included (a cold CLI run).
    const oursStart = performance.now();
    const engines = await Promise.all(Array.from({ length: jobs }, () => createNodeOcrEngine()));
    const free = [...engines];
    const ocr = await mapLimited(pages, jobs, async (page): Promise<OcrPage> => {
      const engine = free.pop()!;
      try {
        return await engine.recognizer.recognize(page.bytes, Buffer.from(page.bytes), { dpi: page.dpi });
      } finally {
        free.push(engine);
      }
    });
    await Promise.all(engines.map((e) => e.close()));
    if (process.env.KEEP) await exec('cp', [input, '/tmp/bench-input.pdf']);
    const packaged = await packageScannedPdf({ pages: pages.map((p, i) => ({ bytes: p.bytes, dpi: p.dpi, ocr: ocr[i]! })), component: 'Tờ khai', createdAt: new Date(), textFont: font });
    const oursOut = path.join(dir, 'ours.pdf');
    await writeFile(oursOut, packaged.bytes);
    const oursMs = performance.now() - oursStart;

    await exec('qpdf', ['--check', oursOut]);
    if (process.env.KEEP) await exec('cp', [oursOut, anchorOut, process.env.KEEP]);
    const oursSize = (await stat(oursOut)).size;
    const anchorSize = (await stat(anchorOut)).size;
    const imagesSize = pages.reduce((sum, p) => sum + p.bytes.length, 0);
    const oursCer = await layerCer(oursOut, truth);
    const anchorCer = await layerCer(anchorOut, truth);
    console.log(`pages: ${pages.length}, jobs: ${jobs}, image bytes: ${imagesSize}`);
    console.log(`ocrmypdf -l vie: ${Math.round(anchorMs)} ms, ${anchorSize} bytes, text layer CER ${anchorCer.toFixed(4)}`);
    console.log(`ours:            ${Math.round(oursMs)} ms, ${oursSize} bytes, text layer CER ${oursCer.toFixed(4)}`);
    console.log(`RATIO time ours/ocrmypdf = ${(oursMs / anchorMs).toFixed(3)} (goal < 1)`);
    console.log(`RATIO size ours/ocrmypdf = ${(oursSize / anchorSize).toFixed(3)} (goal <= 1)`);
    console.log(`RATIO size ours/ocrmypdf -O 0 (images unchanged on both sides) = ${(oursSize / (await stat(plainOut)).size).toFixed(3)}`);
    console.log(`RATIO text-layer CER ours/ocrmypdf = ${(oursCer / anchorCer).toFixed(3)} (goal <= 1)`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
