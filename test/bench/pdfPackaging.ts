/**
 * Packaging of 100 scanned pages (no OCR) against img2pdf on the same files: wall time, file size
 * and peak memory (both as child processes measured by /usr/bin/time), as ratios in one run.
 * Run: npx tsx test/bench/pdfPackaging.ts [pages=100]
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { writeBenchPages } from '../support/ocr/benchPages';
import { requireTools } from '../support/ocr/requireTools';

const exec = promisify(execFile);

async function timed(command: string, args: string[]): Promise<{ wallMs: number; maxRssKb: number; stdout: string }> {
  const { stdout, stderr } = await exec('/usr/bin/time', ['-f', 'TIME %e %M', command, ...args], { maxBuffer: 16 << 20 });
  const match = /TIME ([\d.]+) (\d+)/.exec(stderr);
  if (!match) throw new Error(`no timing from /usr/bin/time: ${stderr}`);
  return { wallMs: Number(match[1]) * 1000, maxRssKb: Number(match[2]), stdout };
}

async function main(): Promise<void> {
  requireTools('img2pdf', 'qpdf');
  const count = Number(process.argv[2] ?? 100);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'motcua-bench-pack-'));
  try {
    // Four distinct pages (colour JPEG 300/200 dpi, 1-bit PNG 300 dpi), repeated to `count` files.
    const distinct = await writeBenchPages(path.join(dir, 'src'), 4);
    const files: Array<{ file: string; dpi: number }> = [];
    for (let i = 0; i < count; i += 1) {
      const source = distinct[i % distinct.length]!;
      const file = path.join(dir, `p${String(i).padStart(3, '0')}${path.extname(source.file)}`);
      await copyFile(source.file, file);
      files.push({ file, dpi: source.dpi });
    }
    const imageBytes = (await Promise.all(files.map((f) => stat(f.file)))).reduce((sum, s) => sum + s.size, 0);

    const anchorOut = path.join(dir, 'img2pdf.pdf');
    const anchor = await timed('img2pdf', [...files.map((f) => f.file), '-o', anchorOut]);
    // Bundled like the app's main build, so Node starts it as fast as Python starts img2pdf.
    const workload = path.join(dir, 'workload.cjs');
    await build({ entryPoints: [path.join(__dirname, 'pdfPackagingWorkload.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile: workload, logLevel: 'silent' });
    const anchorSize = (await stat(anchorOut)).size;
    await exec('qpdf', ['--check', anchorOut]);
    console.log(`pages: ${count}, image bytes: ${imageBytes}`);
    console.log(`img2pdf: ${Math.round(anchor.wallMs)} ms wall, ${anchorSize} bytes, peak RSS ${Math.round(anchor.maxRssKb / 1024)} MiB`);
    // The app's default deflates JPEG streams (smaller uploads); the other mode carries them as img2pdf does.
    for (const [label, flags] of [
      ['default (JPEG deflated when smaller)', []],
      ['JPEG as-is, like img2pdf', ['--no-jpeg-flate']],
    ] as const) {
      const oursOut = path.join(dir, 'ours.pdf');
      const ours = await timed(process.execPath, [workload, oursOut, ...flags, ...files.map((f) => `${f.dpi}:${f.file}`)]);
      const inner = JSON.parse(ours.stdout.trim().split('\n').pop()!) as { ms: number; maxRssKb: number };
      await exec('qpdf', ['--check', oursOut]);
      const oursSize = (await stat(oursOut)).size;
      console.log(`ours, ${label}: ${Math.round(ours.wallMs)} ms wall (${Math.round(inner.ms)} ms inside the process, the rest is Node start), ${oursSize} bytes, peak RSS ${Math.round(ours.maxRssKb / 1024)} MiB`);
      console.log(`  RATIO time ours/img2pdf (wall, both with process start) = ${(ours.wallMs / anchor.wallMs).toFixed(3)} (goal <= 1.5)`);
      console.log(`  RATIO time ours in-process/img2pdf wall = ${(inner.ms / anchor.wallMs).toFixed(3)}`);
      console.log(`  RATIO size ours/img2pdf = ${(oursSize / anchorSize).toFixed(4)} (goal <= 1.01)`);
      console.log(`  RATIO peak memory ours/img2pdf = ${(ours.maxRssKb / anchor.maxRssKb).toFixed(3)}; ours/(image bytes) = ${((ours.maxRssKb * 1024) / imageBytes).toFixed(2)}`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
