// Lint keeps the processes apart. Do not relax these rules: a renderer that can reach Node or
// Electron, or a main process that imports UI code, breaks the security model and the tests.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import path from 'node:path';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'net', 'http', 'https', 'crypto', 'stream', 'util', 'worker_threads', 'zlib', 'events', 'buffer', 'url', 'dgram', 'tls', 'dns'];


const root = import.meta.dirname;

/**
 * The renderer's layers, top to bottom. A file may import only from its own layer or from the
 * layers named in `uses`; features may not import one another. Paths are repo-relative prefixes.
 */
const LAYERS = [
  { name: 'app', prefixes: ['renderer/app/', 'renderer/main.tsx'], uses: ['features', 'widgets', 'operations', 'workers', 'db', 'platform', 'i18n', 'shared', 'contract', 'assets'] },
  { name: 'features', prefixes: ['renderer/features/'], uses: ['widgets', 'operations', 'db', 'platform', 'i18n', 'shared', 'contract', 'assets'] },
  { name: 'widgets', prefixes: ['renderer/widgets/'], uses: ['operations', 'db', 'platform', 'i18n', 'shared', 'contract', 'assets'] },
  { name: 'operations', prefixes: ['renderer/operations/'], uses: ['workers', 'db', 'platform', 'i18n', 'shared', 'contract', 'assets'] },
  { name: 'workers', prefixes: ['renderer/workers/'], uses: ['operations', 'db', 'platform', 'i18n', 'shared', 'contract', 'assets'] },
  { name: 'db', prefixes: ['renderer/db/'], uses: ['shared', 'contract', 'assets'] },
  { name: 'platform', prefixes: ['renderer/platform/'], uses: ['shared', 'contract'] },
  { name: 'i18n', prefixes: ['renderer/i18n/'], uses: ['shared', 'contract'] },
  { name: 'shared', prefixes: ['preload/shared/'], uses: ['contract', 'assets'] },
  { name: 'contract', prefixes: ['preload/contract/'], uses: ['shared'] },
  { name: 'bridge', prefixes: ['preload/bridge/'], uses: ['contract', 'shared'] },
  { name: 'assets', prefixes: ['assets/'], uses: [] },
];

function layerOf(relativePath) {
  return LAYERS.find((layer) => layer.prefixes.some((prefix) => relativePath === prefix || relativePath.startsWith(prefix)));
}

/** `renderer/features/intake/x.tsx` → `intake`; undefined outside features. */
function featureOf(relativePath) {
  const match = /^renderer\/features\/([^/]+)\//.exec(relativePath);
  return match?.[1];
}

/** Packages code that runs in every runtime (main, renderer, workers, CLI) may import. */
const RUNTIME_FREE_PACKAGES = ['zod', 'pdf-lib', '@pdf-lib/fontkit', 'qrcode', 'jsqr', 'fast-xml-parser', 'read-excel-file/universal', 'write-excel-file/universal'];

/**
 * Globals every runtime has (ECMAScript plus what both browsers and Node define, like `crypto`,
 * `TextEncoder`, `URL`, `fetch`, `Blob`); any other browser, worker or Node global is refused in
 * runtime-free code.
 */
const UNIVERSAL_GLOBALS = new Set(
  [...Object.keys(globals.es2021), ...Object.keys(globals.browser).filter((name) => name in globals.node)].filter(
    (name) => !['navigator', 'Navigator', 'localStorage', 'sessionStorage', 'Storage', 'WebSocket', 'CloseEvent'].includes(name),
  ),
);
const RUNTIME_GLOBALS = [...new Set([...Object.keys(globals.browser), ...Object.keys(globals.worker), ...Object.keys(globals.node)])].filter((name) => !UNIVERSAL_GLOBALS.has(name));

/**
 * `local/layers`: resolves every relative import to the file it names and refuses imports that go
 * up a layer or across features (VS Code's code-layering idea, by real path rather than by pattern,
 * so `../intake/x` from another feature is caught). `local/operations-no-react`: operations are
 * plain modules; React and JSX stay in features and widgets.
 */
const localPlugin = {
  rules: {
    layers: {
      meta: { type: 'problem', schema: [] },
      create(context) {
        const file = path.relative(root, context.filename).split(path.sep).join('/');
        const from = layerOf(file);
        if (!from) return {};
        const check = (node, source) => {
          if (typeof source !== 'string' || !source.startsWith('.')) return;
          const target = path.relative(root, path.resolve(path.dirname(context.filename), source.split('?')[0])).split(path.sep).join('/');
          const to = layerOf(target) ?? layerOf(`${target}/`);
          if (!to) {
            if (from.name !== 'app' && !target.startsWith('renderer/') && !target.startsWith('preload/') && !target.startsWith('assets/'))
              context.report({ node, message: `${file} may not import ${target}: it is outside the app's layers.` });
            return;
          }
          if (to.name === from.name) {
            const [a, b] = [featureOf(file), featureOf(target)];
            if (a && b && a !== b) context.report({ node, message: `Feature "${a}" may not import feature "${b}": move what both need to renderer/widgets or renderer/operations.` });
            return;
          }
          if (!from.uses.includes(to.name)) context.report({ node, message: `Layer "${from.name}" (${file}) may not import layer "${to.name}" (${target}).` });
        };
        return {
          ImportDeclaration: (node) => check(node, node.source.value),
          ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
          ExportAllDeclaration: (node) => check(node, node.source.value),
          ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
          'NewExpression[callee.name="URL"]': (node) => node.arguments[0]?.type === 'Literal' && node.arguments[1] && check(node, node.arguments[0].value),
        };
      },
    },
    'operations-no-react': {
      meta: { type: 'problem', schema: [] },
      create(context) {
        return {
          Program(node) {
            if (context.filename.endsWith('.tsx')) context.report({ node, message: 'renderer/operations holds no React components (.tsx): put UI in renderer/widgets or a feature.' });
          },
        };
      },
    },
  },
};

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
  {
    files: ['renderer/**/*.{ts,tsx}', 'preload/**/*.ts'],
    ignores: ['renderer/vite.config.mts'],
    plugins: { local: localPlugin },
    rules: { 'local/layers': 'error' },
  },
  {
    files: ['renderer/operations/**/*.{ts,tsx}'],
    plugins: { local: localPlugin },
    rules: {
      'local/operations-no-react': 'error',
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'The renderer never touches Electron; use window.desk.' },
            { name: 'react', message: 'Operations are plain modules: React stays in features and widgets.' },
            { name: 'react-dom', message: 'Operations are plain modules: React stays in features and widgets.' },
            { name: 'dexie-react-hooks', message: 'Operations are plain modules: live queries stay in features and widgets.' },
          ],
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
    // Runtime-free code: main, renderer, workers and the CLI all import it, so it may use only
    // the packages listed here and the globals every runtime has.
    files: ['preload/shared/**/*.ts', 'preload/contract/**/*.ts'],
    languageOptions: { globals: Object.fromEntries([...UNIVERSAL_GLOBALS].map((name) => [name, 'readonly'])) },
    rules: {
      'no-restricted-globals': ['error', ...RUNTIME_GLOBALS.map((name) => ({ name, message: `preload/shared and preload/contract run in every runtime: "${name}" is not a global of all of them.` }))],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^(?!\\.|${RUNTIME_FREE_PACKAGES.map((name) => name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('$|')}$)`,
              message: `Runtime-free code may import only ${RUNTIME_FREE_PACKAGES.join(', ')} and its own relative modules.`,
            },
            { group: ['**/main/**', '**/renderer/**', '**/bridge/**', '**/test/**'], message: 'Runtime-free code stands alone: main, renderer and the bridge import it, never the other way.' },
          ],
        },
      ],
    },
  },
);
