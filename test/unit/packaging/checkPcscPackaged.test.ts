import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pcscPrebuiltPackage } from '../../../main/card/pcscBinding';
import { checkPcscPackaged, UNPUBLISHED_PCSC_PREBUILTS } from '../../../main/packaging/checkPcscPackaged';

const root = path.resolve(__dirname, '../../..');

interface LockedPackage {
  version: string;
  os?: string[];
  cpu?: string[];
  libc?: string[];
  optional?: boolean;
}

/** The PC/SC prebuilt packages of package-lock.json, i.e. what `npm ci` can install, with the platform each declares. */
function lockedPrebuilts(): Map<string, LockedPackage> {
  const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockedPackage> };
  const found = new Map<string, LockedPackage>();
  for (const [key, value] of Object.entries(lock.packages)) {
    if (key.startsWith('node_modules/@pcsc-mini/')) found.set(key.slice('node_modules/'.length), value);
  }
  return found;
}

const targets: { platform: string; arch: string; libc?: 'glibc' | 'musl' }[] = [
  { platform: 'linux', arch: 'x64' },
  { platform: 'linux', arch: 'x64', libc: 'musl' },
  { platform: 'linux', arch: 'arm64' },
  { platform: 'darwin', arch: 'x64' },
  { platform: 'darwin', arch: 'arm64' },
  { platform: 'win32', arch: 'x64' },
  { platform: 'win32', arch: 'arm64' },
];

describe('the PC/SC addon prebuilt for each platform', () => {
  it.each(targets)('names, for Electron on $platform-$arch $libc, a locked package built for that platform or a known unpublished one', ({ platform, arch, libc }) => {
    const name = pcscPrebuiltPackage(platform, arch, 'electron', libc)!;
    const locked = lockedPrebuilts().get(name);
    if (UNPUBLISHED_PCSC_PREBUILTS.has(name)) {
      expect(locked).toBeUndefined();
      return;
    }
    expect(locked, name).toBeDefined();
    // npm installs it only where the package itself says it runs: the name and the metadata agree.
    expect(locked).toMatchObject({ optional: true, os: [platform], cpu: [arch] });
    if (platform === 'linux') expect(locked!.libc).toEqual([libc ?? 'glibc']);
  });

  it('declares every locked prebuilt package, at one pinned version, and covers what electron-builder.yml packages', () => {
    const declared = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { optionalDependencies: Record<string, string> }).optionalDependencies;
    const locked = lockedPrebuilts();
    expect([...locked.keys()].sort()).toEqual(Object.keys(declared).filter((name) => name.startsWith('@pcsc-mini/')).sort());
    expect(new Set([...locked.values()].map((p) => p.version))).toEqual(new Set([declared['@pcsc-mini/linux-x86_64-gnu']]));
    // win: nsis x64; linux: AppImage and deb on x64.
    expect(locked.has(pcscPrebuiltPackage('win32', 'x64', 'electron')!)).toBe(true);
    expect(locked.has(pcscPrebuiltPackage('linux', 'x64', 'electron')!)).toBe(true);
  });

  it('has no Node build for Windows on the registry, and no binary at all for other platforms', () => {
    expect(lockedPrebuilts().has(pcscPrebuiltPackage('win32', 'x64', 'node')!)).toBe(false);
    expect(pcscPrebuiltPackage('linux', 'x64', 'node')).toBe(pcscPrebuiltPackage('linux', 'x64', 'electron'));
    expect(pcscPrebuiltPackage('freebsd', 'x64', 'electron')).toBeUndefined();
    expect(pcscPrebuiltPackage('win32', 'ia32', 'electron')).toBeUndefined();
  });

  it('accepts a package that holds its binary, refuses one that lacks a published binary, warns for an unpublished one', async () => {
    const resources = await mkdtemp(path.join(os.tmpdir(), 'motcua-resources-'));
    const unpacked = path.join(resources, 'app.asar.unpacked', 'node_modules', '@pcsc-mini', 'linux-x86_64-gnu');
    await mkdir(unpacked, { recursive: true });
    await writeFile(path.join(unpacked, 'addon.node'), 'ELF');
    expect(checkPcscPackaged(resources, 'linux', 'x64', '0.1.3')).toEqual({ ok: true, binary: path.join(unpacked, 'addon.node') });
    const windows = checkPcscPackaged(resources, 'win32', 'x64', '0.1.3');
    expect(windows).toMatchObject({ ok: false, fatal: true });
    expect(!windows.ok && windows.reason).toContain('npm install --no-save --force @pcsc-mini/windows-x86_64-electron@0.1.3');
    expect(checkPcscPackaged(resources, 'darwin', 'arm64', '0.1.3')).toMatchObject({ ok: false, fatal: false });
    expect(checkPcscPackaged(resources, 'freebsd', 'x64', '0.1.3')).toMatchObject({ ok: false, fatal: false });
  });
});
