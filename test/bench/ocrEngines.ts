/**
 * tesseract.js (our engine, vie+eng, packaged data) against native tesseract 5 (Debian
 * tesseract-ocr + tesseract-ocr-vie, OMP_THREAD_LIMIT=1) on the same generated pages and the same
 * number of parallel engines: pages per minute and character error rate, as ratios in one run.
 * Run: npx tsx test/bench/ocrEngines.ts [pages=4] [engines=os.availableParallelism()]
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { writeFile } from 'node:fs/promises';
import { createNodeOcrEngine, languageDataDir } from '../../main/ocr/createNodeOcrEngine';
import { characterErrorRate } from '../support/ocr/characterErrorRate';
import { mapLimited, writeBenchPages } from '../support/ocr/benchPages';
import { requireTools } from '../support/ocr/requireTools';

const exec = promisify(execFile);

async function main(): Promise<void> {
  requireTools('tesseract');
  const count = Number(process.argv[2] ?? 4);
  const engines = Number(process.argv[3] ?? os.availableParallelism());
  const dir = await mkdtemp(path.join(os.tmpdir(), 'motcua-bench-ocr-'));
  try {
    const pages = await writeBenchPages(dir, count);

    // Native anchor: one single-threaded process per page, `engines` at a time; first with Debian's
    // own models (tessdata_fast for vie), then with exactly the models tesseract.js loads.
    const sameModels = path.join(dir, 'tessdata');
    await exec('mkdir', ['-p', sameModels]);
    for (const lang of ['vie', 'eng'] as const) {
      await writeFile(path.join(sameModels, `${lang}.traineddata`), gunzipSync(await readFile(path.join(languageDataDir(lang), `${lang}.traineddata.gz`))));
    }
    const runNative = async (tessdata?: string) => {
      const start = performance.now();
      const texts = await mapLimited(pages, engines, async (page) => {
        const args = [page.file, '-', '-l', 'vie+eng', '--psm', '3', '--dpi', String(page.dpi), ...(tessdata ? ['--tessdata-dir', tessdata] : [])];
        const { stdout } = await exec('tesseract', args, { env: { ...process.env, OMP_THREAD_LIMIT: '1' }, maxBuffer: 16 << 20 });
        return stdout;
      });
      return { texts, ms: performance.now() - start };
    };
    const native = await runNative();
    const nativeSame = await runNative(sameModels);
    const nativeTexts = native.texts;
    const nativeMs = native.ms;

    // Ours: `engines` tesseract.js workers, started before timing (the app keeps them warm).
    const pool = await Promise.all(Array.from({ length: engines }, () => createNodeOcrEngine()));
    const warm = new Uint8Array(await readFile(path.join(__dirname, '..', 'unit', 'pdf', 'fixtures', 'small.jpg')));
    const startupStart = performance.now();
    await Promise.all(pool.map((engine) => engine.recognizer.recognize(warm, Buffer.from(warm), { policy: 'auto' })));
    const startupMs = performance.now() - startupStart;
    const free = [...pool];
    const jsStart = performance.now();
    const jsTexts = await mapLimited(pages, engines, async (page) => {
      const engine = free.pop()!;
      try {
        return (await engine.recognizer.recognize(page.bytes, Buffer.from(page.bytes), { dpi: page.dpi })).text;
      } finally {
        free.push(engine);
      }
    });
    const jsMs = performance.now() - jsStart;
    await Promise.all(pool.map((engine) => engine.close()));

    const perMin = (ms: number) => (pages.length * 60_000) / ms;
    console.log(`pages: ${pages.length}, parallel engines: ${engines}, cores: ${os.availableParallelism()}`);
    console.log('page | CER native (Debian models) | CER native (same models) | CER tesseract.js');
    let nativeCer = 0;
    let sameCer = 0;
    let jsCer = 0;
    pages.forEach((page, i) => {
      const n = characterErrorRate(page.text, nativeTexts[i]!);
      const m = characterErrorRate(page.text, nativeSame.texts[i]!);
      const j = characterErrorRate(page.text, jsTexts[i]!);
      nativeCer += n;
      sameCer += m;
      jsCer += j;
      console.log(`${page.label} | ${n.toFixed(4)} | ${m.toFixed(4)} | ${j.toFixed(4)}`);
    });
    nativeCer /= pages.length;
    sameCer /= pages.length;
    jsCer /= pages.length;
    console.log(`native tesseract, Debian models:      ${perMin(nativeMs).toFixed(2)} pages/min, mean CER ${nativeCer.toFixed(4)}`);
    console.log(`native tesseract, tesseract.js models: ${perMin(nativeSame.ms).toFixed(2)} pages/min, mean CER ${sameCer.toFixed(4)}`);
    console.log(`tesseract.js:     ${perMin(jsMs).toFixed(2)} pages/min, mean CER ${jsCer.toFixed(4)} (engine start ${Math.round(startupMs)} ms, not counted)`);
    console.log(`RATIO throughput tesseract.js/native = ${(nativeMs / jsMs).toFixed(3)} (goal >= 0.75)`);
    console.log(`RATIO CER tesseract.js/native = ${(jsCer / nativeCer).toFixed(3)} (goal <= 1)`);
    console.log(`RATIO throughput tesseract.js/native with the same models = ${(nativeSame.ms / jsMs).toFixed(3)}; CER ratio ${(jsCer / sameCer).toFixed(3)}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
