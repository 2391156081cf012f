import { checkPcscPackaged } from './checkPcscPackaged';
import { checkPkcs11Packaged } from './checkPkcs11Packaged';
import projectPackage from '../../package.json';

/** What electron-builder hands an afterPack hook (the parts used here). */
export interface AfterPackContext {
  appOutDir: string;
  electronPlatformName: string;
  /** electron-builder's Arch enum: 0 ia32, 1 x64, 2 armv7l, 3 arm64, 4 universal. */
  arch: number;
  packager: { getResourcesDir(appOutDir: string): string };
}

const ARCH_NAMES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];

/**
 * electron-builder afterPack hook (built to dist/packaging/afterPack.js by `npm run build:packaging`):
 * refuses a package that lacks the chip card reader's prebuilt binary for its target, or the signing
 * token's PKCS#11 binding compiled for its platform.
 */
export default async function afterPack(context: AfterPackContext): Promise<void> {
  const arch = ARCH_NAMES[context.arch] ?? String(context.arch);
  // The prebuilt packages are published together, under one version.
  const version = projectPackage.optionalDependencies['@pcsc-mini/linux-x86_64-gnu'];
  const check = checkPcscPackaged(context.packager.getResourcesDir(context.appOutDir), context.electronPlatformName, arch, version);
  if (check.ok) console.log(`  • PC/SC binding packaged  binary=${check.binary}`);
  else if (check.fatal) throw new Error(check.reason);
  else console.warn(`  ⚠ ${check.reason}`);
  const signing = checkPkcs11Packaged(context.packager.getResourcesDir(context.appOutDir), context.electronPlatformName);
  if (!signing.ok) throw new Error(signing.reason);
  console.log(`  • PKCS#11 binding packaged  binary=${signing.binary}`);
}
