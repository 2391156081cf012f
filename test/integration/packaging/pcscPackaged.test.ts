/**
 * `npm run dist` as far as it runs without Electron's own binary: electron-builder packs the Linux
 * x64 app (dir target) with electron-builder.yml as it is, around a stand-in Electron executable
 * that carries only a fuse wire. Checks that the PC/SC addon's prebuilt binary for the target is
 * unpacked from the asar and loads (it links the system's libpcsclite), that nothing is rebuilt, and that the afterPack hook refuses a target whose binary is
 * missing. Needs `npm run build` first (dist/main), like the e2e tests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { checkPcscPackaged } from '../../../main/packaging/checkPcscPackaged';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../../..');
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const FUSE_COUNT = 8;

interface AsarEntry {
  files?: Record<string, AsarEntry>;
  unpacked?: boolean;
  size?: number;
}

/** The file tree of an asar archive: a pickled header (sizes, then the JSON tree) before the file data. */
async function asarTree(file: string): Promise<AsarEntry> {
  const bytes = await readFile(file);
  const jsonLength = bytes.readUInt32LE(12);
  return JSON.parse(bytes.subarray(16, 16 + jsonLength).toString('utf8')) as AsarEntry;
}

function entryAt(tree: AsarEntry, relative: string): AsarEntry | undefined {
  let entry: AsarEntry | undefined = tree;
  for (const part of relative.split('/')) entry = entry?.files?.[part];
  return entry;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

let work: string;
let resources: string;
let log: string;
let packagedExecutable: string;

beforeAll(async () => {
  if (!existsSync(path.join(root, 'dist', 'main', 'index.js'))) throw new Error('dist/main is missing: run `npm run build` first');
  work = await mkdtemp(path.join(os.tmpdir(), 'motcua-dist-'));
  const electronDist = path.join(work, 'electron-dist');
  await mkdir(electronDist, { recursive: true });
  // A stand-in for Electron's executable: only the fuse wire electron-builder flips (version 1, 8 fuses, all off).
  const executable = path.join(electronDist, 'electron');
  await writeFile(executable, Buffer.concat([Buffer.from('#!/bin/sh\n# '), Buffer.from(FUSE_SENTINEL), Buffer.from([1, FUSE_COUNT]), Buffer.from('0'.repeat(FUSE_COUNT)), Buffer.from('\n')]));
  await chmod(executable, 0o755);
  await run('npm', ['run', 'build:packaging'], { cwd: root });
  const out = path.join(work, 'release');
  const built = await run(
    path.join(root, 'node_modules', '.bin', 'electron-builder'),
    ['--linux', 'dir', '--x64', '--config', 'electron-builder.yml', `-c.electronDist=${electronDist}`, `-c.directories.output=${out}`, '--publish', 'never'],
    { cwd: root, env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }, maxBuffer: 16 * 1024 * 1024 },
  );
  log = built.stdout + built.stderr;
  resources = path.join(out, 'linux-unpacked', 'resources');
  packagedExecutable = path.join(out, 'linux-unpacked', 'mot-cua-desk');
});

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('packaging the desk for Linux x64', () => {
  it('unpacks the PC/SC binary of the target from the asar, byte for byte the installed one, and rebuilds nothing', async () => {
    const binary = path.join(resources, 'app.asar.unpacked', 'node_modules', '@pcsc-mini', 'linux-x86_64-gnu', 'addon.node');
    expect(sha256(await readFile(binary))).toBe(sha256(await readFile(path.join(root, 'node_modules', '@pcsc-mini', 'linux-x86_64-gnu', 'addon.node'))));
    expect(log).toContain(`PC/SC binding packaged  binary=${binary}`);
    // A rebuild for Electron would have compiled node-hid from source into its build folder.
    expect(existsSync(path.join(root, 'node_modules', 'node-hid', 'build'))).toBe(false);
  });

  it('lists the binary in the asar as unpacked, with its package.json, and keeps the packaging hook out', async () => {
    const tree = await asarTree(path.join(resources, 'app.asar'));
    expect(entryAt(tree, 'node_modules/@pcsc-mini/linux-x86_64-gnu/addon.node')?.unpacked).toBe(true);
    expect(entryAt(tree, 'node_modules/@pcsc-mini/linux-x86_64-gnu/package.json')).toBeDefined();
    // Only the target's build: npm did not install the others on this machine.
    expect(Object.keys(entryAt(tree, 'node_modules/@pcsc-mini')?.files ?? {})).toEqual(['linux-x86_64-gnu']);
    expect(entryAt(tree, 'node_modules/pcsclite')).toBeUndefined();
    expect(entryAt(tree, 'dist/main/index.js')).toBeDefined();
    expect(entryAt(tree, 'dist/packaging')).toBeUndefined();
  });

  it('ships a binary that loads and reaches for the PC/SC service', async () => {
    const unpacked = path.join(resources, 'app.asar.unpacked', 'node_modules', '@pcsc-mini', 'linux-x86_64-gnu');
    const script = `const addon = require(${JSON.stringify(unpacked)}); const client = addon.newClient();
      try { client.start(() => {}, () => {}); console.log('started'); } catch (error) { console.log(error.code); }`;
    const { stdout } = await run(process.execPath, ['-e', script], { env: { ...process.env, PCSCLITE_CSOCK_NAME: path.join(work, 'no-pcscd.comm') } });
    expect(stdout.trim()).toBe('NoService');
  });

  it('flips the fuses of electron-builder.yml in the executable', async () => {
    const bytes = await readFile(packagedExecutable);
    const at = bytes.indexOf(FUSE_SENTINEL) + FUSE_SENTINEL.length;
    // runAsNode, cookie encryption, NODE_OPTIONS, inspector, asar integrity, app only from asar, V8 snapshot, file:// privileges
    expect(bytes.subarray(at + 2, at + 2 + FUSE_COUNT).toString('latin1')).toBe('01001100');
  });

  it('refuses, through the afterPack check, a package that lacks its target binary, naming the fix', () => {
    const windows = checkPcscPackaged(resources, 'win32', 'x64', '0.1.3');
    expect(windows).toMatchObject({ ok: false, fatal: true });
    expect(!windows.ok && windows.reason).toContain('npm install --no-save --force @pcsc-mini/windows-x86_64-electron@0.1.3');
    // macOS binaries are not on the registry: a warning, not a refusal.
    expect(checkPcscPackaged(resources, 'darwin', 'arm64', '0.1.3')).toMatchObject({ ok: false, fatal: false });
    expect(checkPcscPackaged(resources, 'linux', 'x64', '0.1.3')).toMatchObject({ ok: true });
  });
});
