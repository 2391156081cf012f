import { copyFile, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPkcs11Packaged } from '../../../main/packaging/checkPkcs11Packaged';

const root = path.resolve(__dirname, '../../..');

async function resources(binary?: Uint8Array | string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'motcua-pack-'));
  const release = path.join(dir, 'app.asar.unpacked', 'node_modules', 'pkcs11js', 'build', 'Release');
  await mkdir(release, { recursive: true });
  if (typeof binary === 'string') await copyFile(binary, path.join(release, 'pkcs11.node'));
  else if (binary) await writeFile(path.join(release, 'pkcs11.node'), binary);
  return dir;
}

describe('checkPkcs11Packaged', () => {
  it('accepts the binary npm ci compiled here for this platform', async () => {
    const dir = await resources(path.join(root, 'node_modules', 'pkcs11js', 'build', 'Release', 'pkcs11.node'));
    expect(checkPkcs11Packaged(dir, process.platform)).toMatchObject({ ok: true });
  });

  it('refuses a package without it, and one carrying another OS’s binary, naming the fix', async () => {
    const missing = checkPkcs11Packaged(await resources(), 'win32');
    expect(missing).toMatchObject({ ok: false });
    expect(!missing.ok && missing.reason).toContain('Visual Studio Build Tools');
    const elfForWindows = checkPkcs11Packaged(await resources(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1])), 'win32');
    expect(!elfForWindows.ok && elfForWindows.reason).toContain('an elf binary, not pe for win32');
    expect(checkPkcs11Packaged(await resources(new Uint8Array([0x4d, 0x5a, 0x90, 0])), 'win32')).toMatchObject({ ok: true });
    expect(checkPkcs11Packaged(await resources(new Uint8Array([0xcf, 0xfa, 0xed, 0xfe])), 'darwin')).toMatchObject({ ok: true });
  });
});
