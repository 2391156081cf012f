import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** A private pcscd with one vsmartcard vpcd reader, for tests. */
export interface PcscdPeer {
  /** TCP port the virtual card connects to (vpcd slot 0; slot 1 is port + 1). */
  port: number;
  /** pcscd's client socket; the PC/SC library finds it through PCSCLITE_CSOCK_NAME. */
  socket: string;
  /** Reader names pcscd gives the two vpcd slots. */
  readerNames: [string, string];
  log(): string;
  stop(): Promise<void>;
}

const VPCD_CONF = '/etc/reader.conf.d/vpcd';

function waitFor(check: () => boolean, what: string, timeoutMs: number, log: () => string): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (check()) return resolve();
      if (Date.now() - started > timeoutMs) return reject(new Error(`${what} did not happen within ${timeoutMs} ms\n${log()}`));
      setTimeout(tick, 50);
    };
    tick();
  });
}

function socketAccepts(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const client = net.connect(socket);
    client.once('connect', () => {
      client.destroy();
      resolve(true);
    });
    client.once('error', () => resolve(false));
  });
}

/**
 * The client socket the peer named `name` listens on once started: known in advance, so a client
 * can be pointed at it while no daemon is there yet.
 */
export function pcscdSocketPath(name: string): string {
  return path.join(os.tmpdir(), `motcua-pcscd-${name}`, 'run', 'pcscd.comm');
}

/**
 * Starts pcscd in the foreground with a reader configuration of its own (vpcd listening on
 * `port`), in a private mount namespace so its socket does not collide with a system daemon or a
 * test of another tier. Fails, never skips, when pcscd or vsmartcard-vpcd is missing.
 */
export async function startPcscdPeer(name: string, port: number): Promise<PcscdPeer> {
  if (!existsSync('/usr/sbin/pcscd')) throw new Error('pcscd is not installed (Debian package pcscd)');
  if (!existsSync(VPCD_CONF)) throw new Error(`${VPCD_CONF} is missing (Debian package vsmartcard-vpcd)`);
  const libpath = /LIBPATH\s+(\S+)/u.exec(readFileSync(VPCD_CONF, 'utf8'))?.[1];
  if (!libpath || !existsSync(libpath)) throw new Error(`vpcd driver not found (LIBPATH in ${VPCD_CONF})`);
  const dir = path.join(os.tmpdir(), `motcua-pcscd-${name}`);
  rmSync(dir, { recursive: true, force: true });
  const runDir = path.join(dir, 'run');
  const confDir = path.join(dir, 'reader.conf.d');
  mkdirSync(runDir, { recursive: true });
  mkdirSync(confDir, { recursive: true });
  const hex = `0x${port.toString(16).toUpperCase()}`;
  writeFileSync(path.join(confDir, 'vpcd'), `FRIENDLYNAME "Virtual PCD"\nDEVICENAME   /dev/null:${hex}\nLIBPATH      ${libpath}\nCHANNELID    ${hex}\n`);
  mkdirSync('/run/pcscd', { recursive: true });
  let output = '';
  const child: ChildProcess = spawn(
    'unshare',
    ['--mount', 'sh', '-c', `mount --bind "${runDir}" /run/pcscd && exec /usr/sbin/pcscd --foreground --info -c "${confDir}"`],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let exited = false;
  child.once('exit', () => (exited = true));
  const socket = pcscdSocketPath(name);
  const log = () => output;
  await waitFor(() => exited || existsSync(socket), 'pcscd socket', 10_000, log);
  if (exited) throw new Error(`pcscd exited at start:\n${output}`);
  let accepting = false;
  await waitFor(() => {
    if (!accepting) void socketAccepts(socket).then((ok) => (accepting = ok));
    return accepting || exited;
  }, 'pcscd accepting clients', 10_000, log);
  if (exited) throw new Error(`pcscd exited at start:\n${output}`);
  return {
    port,
    socket,
    readerNames: ['Virtual PCD 00 00', 'Virtual PCD 00 01'],
    log,
    async stop() {
      if (!exited) {
        const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await done;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
