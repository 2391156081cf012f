/**
 * Runs the benchmarks one after another, each in its own process so their memory figures do not mix:
 * `npm run bench` runs all, `npm run bench -- pdfPackaging ocrEngines` runs those named.
 * Every benchmark prints its figures as ratios against an anchor measured in the same run.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

// Modules here that are run by a benchmark, not benchmarks themselves.
const NOT_BENCHMARKS = new Set(['run', 'pdfPackagingWorkload', 'benchPage']);

const here = __dirname;
const available = readdirSync(here)
  .filter((file) => file.endsWith('.ts'))
  .map((file) => file.slice(0, -3))
  .filter((name) => !NOT_BENCHMARKS.has(name))
  .sort();
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !available.includes(name));
if (unknown.length > 0) {
  process.stderr.write(`Không có benchmark: ${unknown.join(', ')}. Có: ${available.join(', ')}\n`);
  process.exit(2);
}
let failed = 0;
for (const name of wanted.length > 0 ? wanted : available) {
  process.stdout.write(`\n=== ${name} ===\n`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, `${name}.ts`)], { stdio: 'inherit' });
  if (result.status !== 0) failed += 1;
}
process.exit(failed > 0 ? 1 : 0);
