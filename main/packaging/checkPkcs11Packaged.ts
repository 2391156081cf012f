import { openSync, readSync, closeSync, existsSync } from 'node:fs';
import path from 'node:path';

export type Pkcs11PackagingCheck = { ok: true; binary: string } | { ok: false; reason: string };

/** The executable format a platform loads, by the first bytes of the file. */
function formatOf(header: Uint8Array): 'elf' | 'pe' | 'mach-o' | 'unknown' {
  if (header[0] === 0x7f && header[1] === 0x45 && header[2] === 0x4c && header[3] === 0x46) return 'elf';
  if (header[0] === 0x4d && header[1] === 0x5a) return 'pe';
  const magic = Buffer.from(header.subarray(0, 4)).toString('hex');
  if (['cffaedfe', 'cefaedfe', 'feedfacf', 'feedface', 'cafebabe'].includes(magic)) return 'mach-o';
  return 'unknown';
}

const EXPECTED: Record<string, ReturnType<typeof formatOf>> = { linux: 'elf', win32: 'pe', darwin: 'mach-o' };

/**
 * Whether a packaged app carries the signing token's PKCS#11 binding (pkcs11js has no prebuilt
 * binaries: `npm ci` compiles it with node-gyp for the machine it runs on) unpacked from the asar and
 * built for the package's platform. A package without it, or with another OS's binary, could not
 * sign, so packaging refuses it.
 */
export function checkPkcs11Packaged(resourcesDir: string, platform: string): Pkcs11PackagingCheck {
  const binary = path.join(resourcesDir, 'app.asar.unpacked', 'node_modules', 'pkcs11js', 'build', 'Release', 'pkcs11.node');
  const fix = `run \`npm ci\` with a C++ toolchain (node-gyp: Visual Studio Build Tools on Windows, Xcode command line tools on macOS, g++/make/python3 on Linux) on a ${platform} machine, then package there`;
  if (!existsSync(binary)) return { ok: false, reason: `pkcs11js/build/Release/pkcs11.node is not in ${path.join(resourcesDir, 'app.asar.unpacked')}: ${fix}` };
  const header = new Uint8Array(4);
  const fd = openSync(binary, 'r');
  try {
    readSync(fd, header, 0, 4, 0);
  } finally {
    closeSync(fd);
  }
  const found = formatOf(header);
  const expected = EXPECTED[platform];
  if (expected && found !== expected) return { ok: false, reason: `pkcs11.node is an ${found} binary, not ${expected} for ${platform}: ${fix}` };
  return { ok: true, binary };
}
