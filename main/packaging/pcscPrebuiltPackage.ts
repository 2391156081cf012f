import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The prebuilt package of the PC/SC binding (pcsc-mini) that the packaged app loads on each
 * platform and architecture, as pcsc-mini itself picks it when running inside Electron (on Windows
 * the Electron build differs from the Node one; on Linux the desks are glibc systems).
 */
const ELECTRON_PREBUILTS: Record<string, string> = {
  'linux-x64': '@pcsc-mini/linux-x86_64-gnu',
  'linux-arm64': '@pcsc-mini/linux-aarch64-gnu',
  'darwin-x64': '@pcsc-mini/macos-x86_64',
  'darwin-arm64': '@pcsc-mini/macos-aarch64',
  'win32-x64': '@pcsc-mini/windows-x86_64-electron',
  'win32-arm64': '@pcsc-mini/windows-aarch64-electron',
};

/**
 * Prebuilt packages pcsc-mini 0.1.3 declares but the registry does not hold: an app packaged for
 * these targets has no chip card reader (the card service says so in Vietnamese), and packaging
 * only warns. Remove an entry once its package installs.
 */
export const UNPUBLISHED_PCSC_PREBUILTS: ReadonlySet<string> = new Set(['@pcsc-mini/macos-x86_64', '@pcsc-mini/macos-aarch64', '@pcsc-mini/linux-aarch64-gnu']);

/** The pcsc-mini prebuilt package an Electron app for `platform`-`arch` loads, if there is one. */
export function pcscPrebuiltPackage(platform: string, arch: string): string | undefined {
  return ELECTRON_PREBUILTS[`${platform}-${arch}`];
}

export type PcscPackagingCheck = { ok: true; binary: string } | { ok: false; fatal: boolean; reason: string };

/**
 * Whether a packaged app (its resources folder) carries the PC/SC binary for its target, unpacked
 * from the asar where Electron can load it. Missing is fatal when the binary exists on the registry
 * (the package would silently have no card reader); for an unpublished one it is a warning.
 */
export function checkPcscPackaged(resourcesDir: string, platform: string, arch: string, version: string): PcscPackagingCheck {
  const name = pcscPrebuiltPackage(platform, arch);
  if (!name) return { ok: false, fatal: false, reason: `pcsc-mini has no prebuilt binary for ${platform}-${arch}: the chip card reader will be unavailable in this package` };
  const binary = path.join(resourcesDir, 'app.asar.unpacked', 'node_modules', ...name.split('/'), 'addon.node');
  if (existsSync(binary)) return { ok: true, binary };
  if (UNPUBLISHED_PCSC_PREBUILTS.has(name)) {
    return { ok: false, fatal: false, reason: `${name} is not published on the npm registry: the chip card reader will be unavailable in this package` };
  }
  return {
    ok: false,
    fatal: true,
    reason:
      `${name}/addon.node is not in ${path.join(resourcesDir, 'app.asar.unpacked')}: npm installs only the prebuilt binary of the machine it runs on. ` +
      `Package ${platform}-${arch} on a ${platform} machine after \`npm ci\`, or add it first with ` +
      `\`npm install --no-save --force ${name}@${version}\`.`,
  };
}
