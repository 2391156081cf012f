import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../support/sync/startTestHub';

const exec = promisify(execFile);
const root = path.resolve(__dirname, '..', '..', '..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
let gateway: TestHub;
let dir: string;

async function cli(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await exec(tsx, ['main/cli.ts', 'sync', ...args], { cwd: root, env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'motcua-cli-sync-'));
  gateway = await startTestHub({ dir: path.join(dir, 'hub') });
  await gateway.declareElsewhere('7d1f0c1e-0000-4000-8000-000000000001', '000.00.16.H27-261203-0001');
  await gateway.pushStatus('7d1f0c1e-0000-4000-8000-000000000001', 4);
});

afterAll(async () => {
  await gateway.close();
  await rm(dir, { recursive: true, force: true });
});

describe('npm run cli -- sync', () => {
  it('stores the server with the token encrypted, checks the protocol and lists status changes', async () => {
    const dataDir = path.join(dir, 'desk');
    const result = await cli(['--server', gateway.url, '--concurrency', '2'], { MOTCUA_DATA_DIR: dataDir, MOTCUA_SYNC_TOKEN: gateway.token });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ server: gateway.url, reachable: true, token: true, concurrency: 2, cursor: 1, changes: [{ status: 4 }] });
    expect(await readFile(path.join(dataDir, 'secrets.json'), 'utf8')).not.toContain(gateway.token);
    // Later runs reuse what was stored.
    const again = await cli(['--cursor', '1'], { MOTCUA_DATA_DIR: dataDir });
    expect(JSON.parse(again.stdout)).toMatchObject({ cursor: 1, changes: [] });
  });

  it('says in Vietnamese when the token is refused, the server is down or the address is wrong', async () => {
    const refused = await cli(['--server', gateway.url], { MOTCUA_DATA_DIR: path.join(dir, 'other'), MOTCUA_SYNC_TOKEN: 'wrong' });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Máy chủ từ chối mã truy cập');
    const down = await cli(['--server', 'http://127.0.0.1:9'], { MOTCUA_DATA_DIR: path.join(dir, 'down') });
    expect(down.code).toBe(1);
    expect(down.stderr).toContain('Không kết nối được với máy chủ');
    const bad = await cli(['--server', 'ftp://example'], { MOTCUA_DATA_DIR: path.join(dir, 'bad') });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Địa chỉ máy chủ không hợp lệ');
  });
});
