import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { checkNodeVersion } from '../../main/cli/checkNodeVersion';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');

interface PackageJson {
  version: string;
  engines: { node: string };
  scripts: Record<string, string>;
  devDependencies: Record<string, string>;
}

function readJson(file: string): PackageJson {
  return JSON.parse(readFileSync(path.join(root, file), 'utf8')) as PackageJson;
}

/** The `X.Y` of a `>=X.Y[.Z]` range, the way README writes it. */
function minimumOf(range: string): string {
  const match = /^>=\s*(\d+)\.(\d+)(?:\.(\d+))?$/.exec(range.trim());
  expect(match, `range ${range}`).not.toBeNull();
  return `${match![1]}.${match![2]}`;
}

describe('Node.js version check of npm start', () => {
  it('accepts the required version and anything later, in either spelling', () => {
    for (const current of ['22.12.0', 'v22.12.0', '22.12.1', '22.13.0', '23.0.0', 'v24.1.0', '100.0.0']) {
      expect(checkNodeVersion(current, '>= 22.12.0'), current).toEqual({ ok: true });
      expect(checkNodeVersion(current, '>=22.12'), current).toEqual({ ok: true });
    }
  });

  it('refuses anything older with a Vietnamese and an English message naming both versions', () => {
    for (const current of ['v20.19.0', '20.20.2', '21.99.99', '22.11.9', 'v22.0.0', '18.20.4']) {
      const check = checkNodeVersion(current, '>=22.12');
      expect(check.ok, current).toBe(false);
      if (check.ok) continue;
      expect(check.message).toContain(`máy này đang chạy Node.js ${current.replace(/^v/, '')}`);
      expect(check.message).toContain('cần Node.js 22.12 trở lên');
      expect(check.message).toContain('needs Node.js 22.12 or later');
      expect(check.message).toContain('npm ci && npm start');
    }
  });

  it('refuses an unreadable running version instead of letting it through', () => {
    expect(checkNodeVersion('unknown', '>=22.12').ok).toBe(false);
  });

  it('throws on a range it cannot read rather than guessing', () => {
    for (const range of ['^22.12.0', '>=20.19 || >=22.12', '22.x', '']) {
      expect(() => checkNodeVersion('22.12.0', range), range).toThrow(/Unsupported engines.node range/);
    }
  });
});

describe('the Node.js that npm start needs is stated once, as the pinned Electron declares it', () => {
  const project = readJson('package.json');
  const electron = readJson('node_modules/electron/package.json');

  it('engines.node has the minimum of the installed, pinned Electron', () => {
    expect(electron.version).toBe(project.devDependencies.electron);
    expect(minimumOf(project.engines.node)).toBe(minimumOf(electron.engines.node));
    expect(readJson('package-lock.json') as unknown).toMatchObject({ packages: { '': { engines: { node: project.engines.node } } } });
  });

  it('README states the same minimum, and npm start checks it before building', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    expect(readme).toContain(`Node.js ≥ ${minimumOf(project.engines.node)}`);
    expect(project.scripts.start).toMatch(/^tsx main\/cli\/requireNodeForStart\.ts && npm run build && /);
  });

  it('the start check exits 1 with the message on this Node when it is too old, and 0 otherwise', async () => {
    const expected = checkNodeVersion(process.version, project.engines.node);
    const outcome = await run(tsx, ['main/cli/requireNodeForStart.ts'], { cwd: root }).then(
      ({ stderr }) => ({ code: 0, stderr }),
      (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
    );
    expect(outcome).toEqual(expected.ok ? { code: 0, stderr: '' } : { code: 1, stderr: `${expected.message}\n` });
  });
});
