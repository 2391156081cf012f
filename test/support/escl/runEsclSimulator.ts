/**
 * Runs the eSCL simulator in a process of its own (for benchmarks, so its memory and CPU are not
 * counted as the app's): prints `READY <eSCL root URL>` and serves until stdin closes.
 * Options are reset over HTTP: POST <origin>/__sim/reset with the options as JSON.
 */
import { createEsclSimulator } from './createEsclSimulator';

void createEsclSimulator(JSON.parse(process.argv[2] ?? '{}')).then((sim) => {
  process.stdout.write(`READY ${sim.url}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => void sim.close().then(() => process.exit(0)));
});
