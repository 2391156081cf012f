// Lint keeps the processes apart. Do not relax these rules: a renderer that can reach Node or
// Electron, or a main process that imports UI code, breaks the security model and the tests.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'net', 'http', 'https', 'crypto', 'stream', 'util', 'worker_threads', 'zlib', 'events', 'buffer', 'url', 'dgram', 'tls', 'dns'];

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-syntax': ['error', { selector: "CallExpression[callee.name='eval']", message: 'eval is forbidden.' }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/vite.config.mts'],
    languageOptions: { globals: { ...globals.browser, ...globals.worker } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer never touches Electron; use window.desk.' }],
          patterns: [
            { group: nodeBuiltins, message: 'The renderer has no Node; ask main through window.desk.' },
            { group: ['**/main/**', '../main', '../../main'], message: 'The renderer may not import main-process code.' },
            { group: ['**/test/**'], message: 'Production code may not import tests.' },
          ],
        },
      ],
    },
  },
  {
    files: ['main/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Only main/index.ts wires Electron; services stay plain Node modules.', allowTypeImports: true }],
          patterns: [
            { group: ['**/renderer/**', '../renderer', '../../renderer'], message: 'Main may not import renderer code.' },
            { group: ['**/test/**'], message: 'Production code may not import tests.' },
          ],
        },
      ],
    },
  },
  {
    files: ['main/index.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/renderer/**', '../renderer'], message: 'Main may not import renderer code.' }] },
      ],
    },
  },
  {
    files: ['preload/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Only preload/bridge/index.ts touches Electron.', allowTypeImports: true }],
          patterns: [
            { group: nodeBuiltins, message: 'The sandboxed preload has no Node built-ins.' },
            { group: ['**/main/**', '**/renderer/**'], message: 'The contract stands alone: main implements it, the renderer consumes it.' },
          ],
        },
      ],
    },
  },
  {
    files: ['preload/bridge/index.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: nodeBuiltins, message: 'The sandboxed preload has no Node built-ins.' }] }] },
  },
  // ---- Data access: tables only behind renderer/db (keep this block on its own) ----------------
  // Outside renderer/db/ the renderer holds the database as an opaque DeskHandle
  // (renderer/db/deskHandle.ts) and reads and writes it only through the named query functions of
  // renderer/db/queries/: no Dexie, no table, no transaction. A listing or count written in a
  // screen would open sealed page images; in renderer/db it is written once, from the indexes.
  // This block uses its own rule names, so it never replaces the layer rules above.
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/db/**', 'renderer/vite.config.mts'],
    plugins: {
      'desk-db': {
        rules: {
          'no-table-access': {
            meta: {
              type: 'problem',
              schema: [],
              messages: { table: 'Tables and transactions are reached only through the query functions of renderer/db/queries ("{{name}}").' },
            },
            create(context) {
              const tableNames = new Set(['procedures', 'dossiers', 'applicants', 'components', 'pages', 'files', 'outbox', 'syncState', 'auditLog', 'users', 'settings', 'reviews', 'transaction', 'table', 'tables']);
              const databaseLike = /^(db|database|tx|\w*(Db|DB|Database))$/;
              const isDatabase = (node) =>
                (node.type === 'Identifier' && databaseLike.test(node.name)) ||
                (node.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier' && databaseLike.test(node.property.name)) ||
                (node.type === 'CallExpression' && node.callee.type === 'Identifier' && /^(getDatabase|sharedDatabase)$/.test(node.callee.name));
              return {
                MemberExpression(node) {
                  const name = node.computed ? (node.property.type === 'Literal' ? String(node.property.value) : undefined) : node.property.name;
                  if (name && tableNames.has(name) && isDatabase(node.object)) context.report({ node, messageId: 'table', data: { name } });
                },
              };
            },
          },
        },
      },
    },
    rules: {
      'desk-db/no-table-access': 'error',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'dexie', message: 'Only renderer/db uses Dexie; call a query function of renderer/db/queries (useLiveQuery from dexie-react-hooks may wrap it).' }],
          patterns: [
            { group: ['dexie/*'], message: 'Only renderer/db uses Dexie.' },
            {
              group: ['**/db/database', '**/db/encryption/*', '!**/db/encryption/dataKeyBroker'],
              message: 'The Dexie database class and its encryption are renderer/db internals; take a DeskHandle from renderer/db/deskHandle and call renderer/db/queries.',
            },
          ],
        },
      ],
    },
  },
  // ---- end of the data-access block --------------------------------------------------------------
  {
    files: ['test/**/*.{ts,tsx}', 'eslint.config.mjs', 'renderer/vite.config.mts'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
