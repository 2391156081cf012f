import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readScanImageSize } from '../../../preload/shared/image/readScanImageSize';
import { createEsclSimulator, type EsclSimulator } from '../../support/escl/createEsclSimulator';
import { saneTestEnvironment } from '../../support/saneTestBackend';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../../..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
let sim: EsclSimulator;
beforeAll(async () => {
  sim = await createEsclSimulator();
});
afterAll(() => sim.close());

async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'motcua-cli-'));
  return run(tsx, ['main/cli.ts', 'scan', ...args], { cwd: root, env: { ...process.env, MOTCUA_DATA_DIR: dataDir, ...env }, timeout: 120_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

describe('npm run cli -- scan', () => {
  it('scans an eSCL scanner given by URL into a folder, page by page', async () => {
    sim.reset({ sheets: 4 });
    const out = await mkdtemp(path.join(os.tmpdir(), 'motcua-out-'));
    const result = await cli(['--device', sim.url, '--source', 'adf', '--dpi', '200', '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`Đã quét 4 trang vào ${out}`);
    const files = (await readdir(out)).sort();
    expect(files).toEqual(['trang-0001.png', 'trang-0002.png', 'trang-0003.png', 'trang-0004.png']);
    expect(readScanImageSize(new Uint8Array(await readFile(path.join(out, files[0]!))))).toMatchObject({ width: 1653, height: 2339, dpi: 200 });
  });

  it('tells the officer, once, when the device scans at another resolution than asked', async () => {
    sim.reset({ sheets: 2, resolutions: [100, 200, 300, 600] });
    const out = await mkdtemp(path.join(os.tmpdir(), 'motcua-out-'));
    const result = await cli(['--device', sim.url, '--source', 'adf', '--dpi', '250', '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr.split('\n').filter((line) => line.startsWith('Lưu ý:'))).toEqual(['Lưu ý: Máy quét không hỗ trợ 250 dpi, dùng 300 dpi']);
    expect(readScanImageSize(new Uint8Array(await readFile(path.join(out, 'trang-0001.png'))))).toMatchObject({ dpi: 300 });
  });

  it('scans a SANE device by id', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'motcua-out-'));
    const result = await cli(['--device', 'sane:test:0', '--source', 'platen', '--dpi', '75', '--out', out], saneTestEnvironment());
    expect(result.code, result.stderr).toBe(0);
    expect(await readdir(out)).toEqual(['trang-0001.png']);
  });

  it('exits 1 with the Vietnamese reason on a jam, keeping the pages written', async () => {
    sim.reset({ sheets: 5, faults: { jamAtPage: 3 } });
    const out = await mkdtemp(path.join(os.tmpdir(), 'motcua-out-'));
    const result = await cli(['--device', sim.url, '--out', out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Máy quét bị kẹt giấy');
    expect((await readdir(out)).length).toBe(2);
  });

  it('refuses bad options in Vietnamese with exit code 2', async () => {
    const result = await cli(['--device', sim.url, '--source', 'khay', '--out', os.tmpdir()]);
    expect(result).toMatchObject({ code: 2 });
    expect(result.stderr).toContain('--source phải là một trong');
  });
});
