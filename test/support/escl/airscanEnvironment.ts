import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A private SANE configuration that enables only the sane-airscan backend, with one eSCL device at
 * `url` named `name` (SANE device `airscan:e0:<name>`) and network discovery off, so scanimage
 * talks to the simulator alone. Missing scanimage or sane-airscan is a failure, not a skip.
 */
export function airscanEnvironment(url: string, name = 'Sim'): { SANE_CONFIG_DIR: string } {
  try {
    execFileSync('scanimage', ['--version'], { stdio: 'ignore' });
  } catch {
    throw new Error('Thiếu scanimage: cài gói Debian "sane-utils" (xem .ci/apt-packages.txt).');
  }
  const backend = ['/usr/lib/x86_64-linux-gnu/sane/libsane-airscan.so.1', '/usr/lib/aarch64-linux-gnu/sane/libsane-airscan.so.1', '/usr/lib/sane/libsane-airscan.so.1'];
  if (!backend.some((file) => existsSync(file))) throw new Error('Thiếu sane-airscan: cài gói Debian "sane-airscan" (xem .ci/apt-packages.txt).');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'motcua-airscan-conf-'));
  writeFileSync(path.join(dir, 'dll.conf'), 'airscan\n');
  writeFileSync(path.join(dir, 'airscan.conf'), `[devices]\n"${name}" = ${url}, eSCL\n\n[options]\ndiscovery = disable\n`);
  return { SANE_CONFIG_DIR: dir };
}
