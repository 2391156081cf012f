import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

const root = path.resolve(__dirname, '../../..');

async function lint(filePath: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('lint keeps the processes apart', () => {
  it('forbids Electron, Node and main code in the renderer', async () => {
    expect(await lint('renderer/features/x.ts', "import { ipcRenderer } from 'electron';\nvoid ipcRenderer;\n")).toHaveLength(1);
    expect(await lint('renderer/features/x.ts', "import fs from 'node:fs';\nvoid fs;\n")).toHaveLength(1);
    expect(await lint('renderer/features/x.ts', "import { createServices } from '../../main/services/createServices';\nvoid createServices;\n")).toHaveLength(1);
    expect(await lint('renderer/features/x.ts', "import { deskContract } from '../../preload/contract';\nvoid deskContract;\n")).toHaveLength(0);
  });

  it('forbids renderer code in main and Electron outside main/index.ts', async () => {
    expect(await lint('main/scan/x.ts', "import { getDatabase } from '../../renderer/db/database';\nvoid getDatabase;\n")).toHaveLength(1);
    expect(await lint('main/scan/x.ts', "import { app } from 'electron';\nvoid app;\n")).toHaveLength(1);
    expect(await lint('main/scan/x.ts', "import type { WebPreferences } from 'electron';\nexport type W = WebPreferences;\n")).toHaveLength(0);
    expect(await lint('main/index.ts', "import { app } from 'electron';\nvoid app;\n")).toHaveLength(0);
  });

  it('keeps the preload free of Node built-ins', async () => {
    expect(await lint('preload/deskApi.ts', "import fs from 'node:fs';\nvoid fs;\n")).toHaveLength(1);
  });
});
