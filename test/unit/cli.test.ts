import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');

describe('command-line entry', () => {
  it('prints app info as JSON through the same router as the app', async () => {
    const { stdout } = await run(tsx, ['main/cli.ts', 'info'], { cwd: root, env: { ...process.env, MOTCUA_MODE: 'production' } });
    expect(JSON.parse(stdout)).toMatchObject({ name: 'Một Cửa Desk', mode: 'production', host: 'cli' });
  });

  it('explains an unknown command in Vietnamese and exits 2', async () => {
    const failure = await run(tsx, ['main/cli.ts', 'khong-co'], { cwd: root }).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toContain('Lệnh không tồn tại: khong-co');
  });
});
