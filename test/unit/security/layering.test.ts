import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

const root = path.resolve(__dirname, '../../..');

async function lint(filePath: string, code: string, rules: readonly string[] = ['no-restricted-imports']): Promise<string[]> {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
  return (result?.messages ?? []).filter((m) => m.ruleId !== null && rules.includes(m.ruleId)).map((m) => m.message);
}

const LAYER_RULES = ['local/layers', 'no-restricted-imports', 'local/operations-no-react'];
const imports = (source: string) => `import { x } from '${source}';\nvoid x;\n`;

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
    const cipher = "import { encryptField } from '../../db/encryption/fieldCipher';\nvoid encryptField;\n";
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

describe('lint keeps the renderer in layers', () => {
  it('forbids one feature importing another, and allows its own files and the layers below', async () => {
    expect(await lint('renderer/features/intake/X.tsx', imports('../dossiers/DossierListScreen'), LAYER_RULES)).toEqual([
      expect.stringContaining('Feature "intake" may not import feature "dossiers"'),
    ]);
    expect(await lint('renderer/features/intake/X.tsx', imports('./IntakeScreen'), LAYER_RULES)).toEqual([]);
    for (const below of ['../../widgets/scan/ScanToolbar', '../../operations/dossier/sealDossier', '../../db/database', '../../i18n/i18n', '../../../preload/shared/domain/cccd']) {
      expect(await lint('renderer/features/intake/X.tsx', imports(below), LAYER_RULES)).toEqual([]);
    }
  });

  it('forbids each lower layer from reaching up', async () => {
    const upward: Array<[string, string]> = [
      ['renderer/widgets/scan/X.tsx', '../../features/intake/IntakeScreen'],
      ['renderer/widgets/scan/X.tsx', '../../app/App'],
      ['renderer/operations/dossier/x.ts', '../../widgets/scan/ScanToolbar'],
      ['renderer/operations/dossier/x.ts', '../../features/intake/IntakeScreen'],
      ['renderer/workers/x.ts', '../features/intake/IntakeScreen'],
      ['renderer/workers/x.ts', '../widgets/sync/SyncBadge'],
      ['renderer/db/x.ts', '../operations/sync/syncStore'],
      ['renderer/db/x.ts', '../workers/syncWorker'],
      ['preload/shared/domain/x.ts', '../../../renderer/db/database'],
      ['preload/contract/x.ts', '../bridge/deskApi'],
    ];
    for (const [file, source] of upward) expect(await lint(file, imports(source), LAYER_RULES), `${file} → ${source}`).not.toEqual([]);
  });

  it('keeps operations free of React', async () => {
    expect(await lint('renderer/operations/dossier/x.ts', "import { useState } from 'react';\nvoid useState;\n", LAYER_RULES)).toHaveLength(1);
    expect(await lint('renderer/operations/dossier/x.ts', "import { useLiveQuery } from 'dexie-react-hooks';\nvoid useLiveQuery;\n", LAYER_RULES)).toHaveLength(1);
    expect(await lint('renderer/operations/dossier/X.tsx', 'export const x = 1;\n', LAYER_RULES)).toEqual([expect.stringContaining('no React components')]);
    expect(await lint('renderer/operations/dossier/x.ts', "import { create } from 'zustand';\nvoid create;\n", LAYER_RULES)).toEqual([]);
  });
});

describe('lint keeps preload/shared runtime-free', () => {
  const SHARED_RULES = ['no-restricted-imports', 'no-restricted-globals'];

  it('allows only the listed packages and relative modules', async () => {
    for (const allowed of ['zod', 'pdf-lib', 'qrcode', './sibling', '../contract/scan']) {
      expect(await lint('preload/shared/domain/x.ts', imports(allowed), SHARED_RULES), allowed).toEqual([]);
    }
    for (const refused of ['node:fs', 'fs', 'dexie', 'react', 'electron', 'tus-js-client', 'zod-extra']) {
      expect(await lint('preload/shared/domain/x.ts', imports(refused), SHARED_RULES), refused).toHaveLength(1);
    }
  });

  it('refuses DOM, worker and Node globals but allows what every runtime has', async () => {
    for (const refused of ['document.title', 'window.name', 'Buffer.from([])', 'process.env', 'self.postMessage', 'indexedDB', 'localStorage']) {
      expect(await lint('preload/shared/pdf/x.ts', `export const v = ${refused};\n`, SHARED_RULES), refused).toHaveLength(1);
    }
    for (const allowed of ['new TextEncoder()', 'crypto.subtle', 'new URL("a:b")', 'new Blob([])', 'setTimeout', 'structuredClone({})']) {
      expect(await lint('preload/shared/pdf/x.ts', `export const v = ${allowed};\n`, SHARED_RULES), allowed).toEqual([]);
    }
  });
});
