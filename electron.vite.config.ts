// `npx electron-vite build` → out/main (index.js: the shell; service.js: the service process it forks;
// workers/*.js: the service threads and samplers, which src/main/jobs.ts looks for next to the bundle or one
// folder up from a shared chunk), out/preload/index.cjs, out/renderer. Native modules stay external: they
// are loaded from node_modules at run time (built for Electron's ABI: see README, "Native modules").
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { rendererConfig } from './vite.renderer.config';
import { versionDefines } from './scripts/version.mjs';

// pdfkit too: it reads its font metrics from files beside its own code.
const native = ['better-sqlite3', 'onnxruntime-node', 'pdfkit'];

export default defineConfig({
  main: {
    define: versionDefines,
    build: {
      externalizeDeps: { include: native },
      rolldownOptions: {
        input: {
          index: resolve('src/main/index.ts'),
          service: resolve('src/main/service/utility-entry.ts'),
          'workers/service': resolve('src/main/service/worker.ts'),
          'workers/fit': resolve('src/main/workers/fit.ts'),
          'workers/rank': resolve('src/main/workers/rank.ts'),
          'workers/memorize': resolve('src/main/workers/memorize.ts'),
          'workers/evaluate': resolve('src/main/workers/evaluate.ts'),
        },
        output: { entryFileNames: '[name].js' },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload cannot be an ES module.
      rolldownOptions: { input: { index: resolve('src/preload/index.ts') }, output: { format: 'cjs', entryFileNames: '[name].cjs' } },
    },
  },
  renderer: rendererConfig,
});
