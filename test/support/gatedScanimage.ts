import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

export interface GatedScanimage {
  /** Give this as the SANE driver's `scanimage`, with `env` merged into its environment. */
  scanimage: string;
  env: { SCANIMAGE_GATE: string };
  /** Resolves once scanimage has been started (and is held at the gate). */
  started(): Promise<void>;
  /** Lets every held and later scanimage run. */
  open(): void;
}

/**
 * The real `scanimage` (sane-utils) held behind a gate: a SANE backend that is still looking for
 * as long as the test wants, with no clock involved. Each start leaves a mark, then waits for the
 * gate file, then runs scanimage with the arguments it was given. Missing scanimage fails.
 */
export function gatedScanimage(): GatedScanimage {
  let real = '';
  try {
    real = execFileSync('sh', ['-c', 'command -v scanimage'], { encoding: 'utf8' }).trim();
  } catch {
    // Reported below.
  }
  if (!real) throw new Error('Thiếu scanimage: cài gói Debian "sane-utils" (xem .ci/apt-packages.txt).');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'motcua-sane-gate-'));
  const scanimage = path.join(dir, 'scanimage');
  writeFileSync(
    scanimage,
    ['#!/bin/sh', 'touch "$SCANIMAGE_GATE/started-$$"', 'while [ ! -e "$SCANIMAGE_GATE/open" ]; do sleep 0.05; done', `exec ${JSON.stringify(real)} "$@"`, ''].join('\n'),
  );
  chmodSync(scanimage, 0o755);
  return {
    scanimage,
    env: { SCANIMAGE_GATE: dir },
    async started() {
      while (!(await readdir(dir)).some((name) => name.startsWith('started-'))) await delay(20);
    },
    open() {
      if (!existsSync(path.join(dir, 'open'))) writeFileSync(path.join(dir, 'open'), '');
    },
  };
}
