import { defineConfig } from 'vitest/config';
import { versionDefines } from './scripts/version.mjs';

export default defineConfig({
  define: versionDefines,
  test: {
    include: ['src/**/*.test.ts', 'bench/**/*.test.ts', 'scripts/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
