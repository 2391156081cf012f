/**
 * Runs the benchmarks one after another, each in its own process so their memory figures do not mix:
 * `npm run bench` runs all, `npm run bench -- pdfPackaging ocrEngines` runs those named, and numbers
 * after a name are that benchmark's own arguments (`npm run bench -- syncDrain 20 10`).
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
// `hub 4 10 1 syncDrain 20 10`: a name starts a benchmark, what follows it up to the next name is its arguments.
const runs: Array<{ name: string; args: string[] }> = [];
const unknown: string[] = [];
for (const word of process.argv.slice(2)) {
  if (available.includes(word)) runs.push({ name: word, args: [] });
  else if (runs.length > 0 && !/^[A-Za-z]/.test(word)) runs.at(-1)!.args.push(word);
  else unknown.push(word);
}
if (unknown.length > 0) {
  process.stderr.write(`Không có benchmark: ${unknown.join(', ')}. Có: ${available.join(', ')} (mỗi tên có thể kèm các số của nó, ví dụ: syncDrain 20 10)\n`);
  process.exit(2);
}
let failed = 0;
for (const { name, args } of runs.length > 0 ? runs : available.map((name) => ({ name, args: [] }))) {
  process.stdout.write(`\n=== ${name}${args.length > 0 ? ` ${args.join(' ')}` : ''} ===\n`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, `${name}.ts`), ...args], { stdio: 'inherit' });
  if (result.status !== 0) failed += 1;
}
process.exit(failed > 0 ? 1 : 0);
