// Lint, with the layering rule of shared/STYLE.md as an allowlist: an import may not cross runtimes the wrong way.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import exemplar from './scripts/eslint/layering.js';

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
  // Layering: an allowlist per layer (scripts/eslint/layering.js).
  { files: ['src/**/*.ts'], plugins: { exemplar }, rules: { 'exemplar/layering': 'error' } },
  // Node-style specifiers make a built-in import plain to see (and the layering rule needs them).
  { files: ['src/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '^(fs|path|os|url|crypto|http|https|net|util|stream|worker_threads|child_process|module|zlib|events)(/.*)?$', message: "Write built-ins as 'node:…'." }] }] } },
  { files: ['bin/**', 'scripts/**', '*.config.*'], languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' } } },
);
