/**
 * The benchmark's anchor: `@tus/server` with `@tus/file-store` and nothing else (no tokens, no
 * database, no checks), as its own process so its memory and CPU are measured apart.
 * Run: node --import tsx test/support/hub/bareTusServer.ts <folder> <port>
 */
import http from 'node:http';
import { Server } from '@tus/server';
import { FileStore } from '@tus/file-store';

const [directory, port] = process.argv.slice(2);
if (!directory || !port) {
  process.stderr.write('usage: bareTusServer.ts <folder> <port>\n');
  process.exit(2);
}
const tus = new Server({ path: '/files', datastore: new FileStore({ directory }), relativeLocation: true });
const server = http.createServer((req, res) => void tus.handle(req, res));
server.listen(Number(port), '127.0.0.1', () => process.stdout.write(`listening http://127.0.0.1:${port}\n`));
process.once('SIGTERM', () => server.close(() => process.exit(0)));
