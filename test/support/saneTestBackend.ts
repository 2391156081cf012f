import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A private SANE configuration that enables only SANE's `test` backend (package sane-utils), so tests
 * drive a real SANE stack without hardware. Missing scanimage is a failure, not a skip.
 */
export function saneTestEnvironment(): { SANE_CONFIG_DIR: string } {
  try {
    execFileSync('scanimage', ['--version'], { stdio: 'ignore' });
  } catch {
    throw new Error('Thiếu scanimage: cài gói Debian "sane-utils" (xem .ci/apt-packages.txt).');
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'motcua-sane-conf-'));
  writeFileSync(path.join(dir, 'dll.conf'), 'test\n');
  return { SANE_CONFIG_DIR: dir };
}
