import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** The `electronFuses:` block of electron-builder.yml, read line by line (flat `key: boolean` pairs). */
function fuses(): Record<string, string> {
  const lines = readFileSync(path.resolve(__dirname, '../../../electron-builder.yml'), 'utf8').split('\n');
  const start = lines.findIndex((line) => line.trim() === 'electronFuses:');
  expect(start, 'electron-builder.yml has no electronFuses block').toBeGreaterThanOrEqual(0);
  const block: Record<string, string> = {};
  for (const line of lines.slice(start + 1)) {
    const match = /^\s+([A-Za-z0-9]+):\s*(\S+)\s*$/.exec(line);
    if (!match) break;
    block[match[1]!] = match[2]!;
  }
  return block;
}

describe('Electron fuses flipped at packaging', () => {
  it('keeps every hardening fuse; a weakened or removed one fails here', () => {
    expect(fuses()).toEqual({
      runAsNode: 'false',
      enableCookieEncryption: 'true',
      enableNodeOptionsEnvironmentVariable: 'false',
      enableNodeCliInspectArguments: 'false',
      enableEmbeddedAsarIntegrityValidation: 'true',
      onlyLoadAppFromAsar: 'true',
      loadBrowserProcessSpecificV8Snapshot: 'false',
      grantFileProtocolExtraPrivileges: 'false',
    });
  });
});
