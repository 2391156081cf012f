import { existsSync } from 'node:fs';
import path from 'node:path';
import { pcscPrebuiltPackage } from '../card/pcscBinding';

/**
 * Prebuilt packages of the PC/SC addon that pcsc-mini 0.1.3 names but the npm registry does not
 * hold: an app packaged for these targets has no chip card reader (the card service says so in
 * Vietnamese), and packaging only warns. Remove an entry once its package installs.
 */
export const UNPUBLISHED_PCSC_PREBUILTS: ReadonlySet<string> = new Set(['@pcsc-mini/macos-x86_64', '@pcsc-mini/macos-aarch64', '@pcsc-mini/linux-aarch64-gnu']);

export type PcscPackagingCheck = { ok: true; binary: string } | { ok: false; fatal: boolean; reason: string };

/**
 * Whether a packaged app (its resources folder) carries the PC/SC binary Electron loads on its
 * target, unpacked from the asar where it can be loaded. Missing is fatal when the binary exists on
 * the registry (the package would silently have no card reader); for an unpublished one it is a
 * warning. `version` is the pinned version of the prebuilt packages, for the fix it names.
 */
export function checkPcscPackaged(resourcesDir: string, platform: string, arch: string, version: string): PcscPackagingCheck {
  const name = pcscPrebuiltPackage(platform, arch, 'electron');
  if (!name) return { ok: false, fatal: false, reason: `there is no prebuilt PC/SC binding for ${platform}-${arch}: the chip card reader will be unavailable in this package` };
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
