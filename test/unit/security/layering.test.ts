import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

const root = path.resolve(__dirname, '../../..');

async function lint(filePath: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

/** The messages of the data-access rules (renderer/db): Dexie imports and table access outside db/. */
async function lintDataAccess(filePath: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
  const rules = new Set(['@typescript-eslint/no-restricted-imports', 'desk-db/no-table-access']);
  return (result?.messages ?? []).filter((m) => m.ruleId !== null && rules.has(m.ruleId)).map((m) => m.message);
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

  it('keeps Dexie, tables and transactions inside renderer/db', async () => {
    const dexie = "import { Dexie } from 'dexie';\nvoid Dexie;\n";
    const tableAccess = "import { getDatabase } from '../../db/deskHandle';\nexport function count() {\n  const db = getDatabase();\n  return db.pages.count();\n}\n";
    const transaction = "import type { DeskHandle } from '../../db/deskHandle';\nexport function run(db: DeskHandle) {\n  return db.transaction('rw', [], async () => {});\n}\n";
    const databaseClass = "import { DeskDatabase } from '../../db/database';\nexport const db = new DeskDatabase();\n";
    const cipher = "import { sealField } from '../../db/encryption/fieldCipher';\nvoid sealField;\n";
    for (const file of ['renderer/features/intake/x.tsx', 'renderer/operations/dossier/x.ts', 'renderer/widgets/x/x.tsx', 'renderer/workers/x.ts']) {
      expect(await lintDataAccess(file, dexie)).toHaveLength(1);
      expect(await lintDataAccess(file, tableAccess)).toHaveLength(1);
      expect(await lintDataAccess(file, transaction)).toHaveLength(1);
      expect(await lintDataAccess(file, databaseClass)).toHaveLength(1);
      expect(await lintDataAccess(file, cipher)).toHaveLength(1);
    }
    expect(await lintDataAccess('renderer/operations/x/x.ts', "import { getDatabase } from '../../../db/deskHandle';\nexport const pages = getDatabase().pages;\n")).toHaveLength(1);

    // What code outside db/ may use: the handle, the queries, useLiveQuery, the record types, the key broker.
    const allowed = [
      "import { useLiveQuery } from 'dexie-react-hooks';",
      "import { getDatabase } from '../../db/deskHandle';",
      "import { componentPageCounts } from '../../db/queries/pages';",
      "import type { Page } from '../../db/types';",
      "import { startDataKeyBroker } from '../../db/encryption/dataKeyBroker';",
      'export function useCounts(dossierId: string, page: Page) {',
      '  void startDataKeyBroker;',
      '  const procedure = { components: [page] };',
      '  void procedure.components;',
      '  return useLiveQuery(() => componentPageCounts(getDatabase(), dossierId), [dossierId]);',
      '}',
      '',
    ].join('\n');
    expect(await lintDataAccess('renderer/features/intake/x.tsx', allowed)).toEqual([]);

    // Inside renderer/db the same code is the point.
    const inside = "import { Dexie } from 'dexie';\nimport { sharedDatabase } from '../database';\nexport function count() {\n  void Dexie;\n  const db = sharedDatabase();\n  return db.transaction('r', db.pages, () => db.pages.count());\n}\n";
    expect(await lintDataAccess('renderer/db/queries/x.ts', inside)).toEqual([]);
    expect(await lint('renderer/db/queries/x.ts', inside)).toEqual([]);
  });
});
