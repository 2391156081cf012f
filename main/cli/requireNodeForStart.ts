/**
 * First step of `npm start`: stops with a clear message, before anything is built, when the running
 * Node.js is older than this package's `engines.node` (the range the pinned Electron declares).
 * Kept apart from main/cli.ts so that it loads nothing but package.json.
 */
import packageJson from '../../package.json';
import { checkNodeVersion } from './checkNodeVersion';

const check = checkNodeVersion(process.version, packageJson.engines.node);
if (!check.ok) {
  process.stderr.write(`${check.message}\n`);
  process.exitCode = 1;
}
