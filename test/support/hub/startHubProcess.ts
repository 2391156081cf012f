import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');

export interface HubProcessOptions {
  dataDir: string;
  /** Fixed so a restarted hub comes back on the address its desks know; 0 for any free one. */
  port: number;
  /** Host to listen on (default 127.0.0.1). */
  host?: string;
  databaseUrl?: string;
  filesDir?: string;
  /** More `hub` options (e.g. `--tls-cert`, `--tls-key`). */
  extraArgs?: string[];
}

export interface HubProcess {
  url: string;
  child: ChildProcess;
  /** What the hub printed (stdout and stderr). */
  output(): string;
  /** SIGKILL: no cleanup of any kind, as a power cut of the process. */
  kill(): Promise<void>;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * `npm run cli -- hub` as one Node process (tsx as a loader, not its own wrapper process, so a
 * signal reaches the hub itself), started on the given data and port; resolves once it serves.
 */
export async function startHubProcess(options: HubProcessOptions): Promise<HubProcess> {
  const args = ['--import', 'tsx', 'main/cli.ts', 'hub', '--data', options.dataDir, '--listen', `${options.host ?? '127.0.0.1'}:${options.port}`];
  if (options.databaseUrl) args.push('--database', options.databaseUrl);
  if (options.filesDir) args.push('--files', options.filesDir);
  args.push(...(options.extraArgs ?? []));
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hub did not start: ${output}`)), 90_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /đang chạy: (\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`hub exited ${code ?? signal}: ${output}`));
    });
  });
  return {
    url,
    child,
    output: () => output,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Enrols a desk through the running hub's admin route (as `hub enrol` does) and redeems its code. */
export async function enrolDesk(hub: { url: string }, dataDir: string, deskName: string, role: 'desk' | 'supervisor' = 'desk'): Promise<{ token: string; slot: number }> {
  const admin = JSON.parse(await readFile(path.join(dataDir, 'hub-admin.json'), 'utf8')) as { token: string };
  const made = await fetch(`${hub.url}/api/v1/admin/enrolment-codes`, { method: 'POST', headers: { Authorization: `Bearer ${admin.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ deskName, role }) });
  if (made.status !== 201) throw new Error(`enrolment code for ${deskName}: HTTP ${made.status} ${await made.text()}`);
  const { code } = (await made.json()) as { code: string };
  const redeemed = await fetch(`${hub.url}/api/v1/enrol`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code }) });
  if (redeemed.status !== 201) throw new Error(`enrol ${deskName}: HTTP ${redeemed.status} ${await redeemed.text()}`);
  return (await redeemed.json()) as { token: string; slot: number };
}
