import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { pcscPrebuiltPackage, UNPUBLISHED_PCSC_PREBUILTS } from '../../../main/packaging/pcscPrebuiltPackage';

const root = path.resolve(__dirname, '../../..');
const requireHere = createRequire(__filename);

/**
 * The package pcsc-mini's own loader (build/addon.node.js, run as shipped) asks for when it runs
 * inside Electron on `platform`-`arch`: its platform detection reads only `process` and, on Linux,
 * /usr/bin/ldd, both given here as a desk of that platform would have them.
 */
function packageThePcscLoaderPicks(platform: string, arch: string): string {
  const source = readFileSync(requireHere.resolve('pcsc-mini/build/addon.node.js'), 'utf8');
  let asked = '';
  const module = { exports: {} };
  const context = {
    module,
    exports: module.exports,
    process: { platform, arch, versions: { node: '22.20.0', electron: '45.4.1' }, report: { getReport: () => ({ header: { glibcVersionRuntime: '2.36' } }) } },
    require: (name: string) => {
      if (name === 'node:fs') return { readFileSync: () => 'ldd (Debian GLIBC 2.36-9) 2.36' };
      asked = name;
      return {};
    },
  };
  vm.runInNewContext(source, context);
  return asked;
}

/** Every prebuilt package name in package-lock.json, i.e. what `npm ci` can install. */
function lockedPrebuilts(): Set<string> {
  const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
  return new Set(Object.keys(lock.packages).filter((key) => key.startsWith('node_modules/@pcsc-mini/')).map((key) => key.slice('node_modules/'.length)));
}

const targets: [string, string][] = [
  ['linux', 'x64'],
  ['linux', 'arm64'],
  ['darwin', 'x64'],
  ['darwin', 'arm64'],
  ['win32', 'x64'],
  ['win32', 'arm64'],
];

describe('the PC/SC binding prebuilt for each packaging target', () => {
  it.each(targets)('names, for %s-%s, the package pcsc-mini loads inside Electron', (platform, arch) => {
    expect(pcscPrebuiltPackage(platform, arch)).toBe(packageThePcscLoaderPicks(platform, arch));
  });

  it('knows which ones npm can install: published ones are in the lockfile, the rest are listed as unpublished', () => {
    const locked = lockedPrebuilts();
    const named = targets.map(([platform, arch]) => pcscPrebuiltPackage(platform, arch)!);
    // The targets electron-builder.yml packages (Windows x64, Linux x64) must be installable.
    expect(locked).toContain('@pcsc-mini/windows-x86_64-electron');
    expect(locked).toContain('@pcsc-mini/linux-x86_64-gnu');
    for (const name of named) expect(locked.has(name) !== UNPUBLISHED_PCSC_PREBUILTS.has(name), name).toBe(true);
  });

  it('has no binary for a platform pcsc-mini does not build', () => {
    expect(pcscPrebuiltPackage('freebsd', 'x64')).toBeUndefined();
    expect(pcscPrebuiltPackage('win32', 'ia32')).toBeUndefined();
  });
});
