// Lint, with the layering rule of shared/STYLE.md: an import may not cross runtimes the wrong way.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'worker_threads', 'child_process', 'http', 'crypto', 'stream', 'url'];
const layer = (files, patterns, message) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }] },
});

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'Pass a seeded Rng (src/main/engine/rng.ts).' }],
    },
  },
  layer(['src/shared/**'], [...nodeBuiltins, 'electron', '**/main/**', '**/renderer/**', '**/preload/**', 'better-sqlite3', 'onnxruntime-node', 'd3*'],
    'src/shared holds types and pure helpers only: no node, electron, DOM or other layer.'),
  layer(['src/main/engine/**'], ['electron', '**/store/**', '**/renderer/**', '**/preload/**', '**/api', '**/cli', '**/serve'],
    'The engine knows node + shared only (STYLE.md).'),
  layer(['src/main/store/**'], ['electron', '**/renderer/**', '**/preload/**', '**/api', '**/cli', '**/serve'],
    'The store knows node, shared and engine types only.'),
  layer(['src/main/workers/**', 'src/main/api.ts', 'src/main/cli.ts', 'src/main/serve.ts'], ['electron', '**/renderer/**', '**/preload/**'],
    'Only src/main/index.ts may import electron.'),
  layer(['src/renderer/**'], [...nodeBuiltins, 'electron', '**/main/**', '**/preload/**', 'better-sqlite3', 'onnxruntime-node'],
    'The renderer imports only shared types; it talks to main through the API.'),
  layer(['src/preload/**'], ['**/main/**', '**/renderer/**', 'better-sqlite3', 'onnxruntime-node'],
    'Preload exposes the typed API and nothing else.'),
  { files: ['bin/**', 'scripts/**', '*.config.*'], languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' } } },
);
