// Bundles the Node front doors (CLI, browser-mode server, workers, benchmarks) into out/node, so that
// `npx exemplar` works right after `npm install` with no TypeScript loader at run time.
import { build } from 'esbuild';
import { readdirSync, existsSync } from 'node:fs';
import { versionDefines } from './version.mjs';

const workers = existsSync('src/main/workers')
  ? readdirSync('src/main/workers').filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).map((f) => `src/main/workers/${f}`)
  : [];
const benches = existsSync('bench') ? readdirSync('bench').filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).map((f) => `bench/${f}`) : [];

await build({
  entryPoints: [
    { in: 'src/main/cli/index.ts', out: 'cli' },
    ...workers.map((w) => ({ in: w, out: `workers/${w.split('/').pop().replace(/\.ts$/, '')}` })),
    // The service thread of browser mode (src/main/service/pool.ts starts it like the other workers).
    { in: 'src/main/service/worker.ts', out: 'workers/service' },
    ...benches.map((b) => ({ in: b, out: `bench/${b.split('/').pop().replace(/\.ts$/, '')}` })),
  ],
  outdir: 'out/node',
  bundle: true,
  define: versionDefines,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  // pdfkit reads its font metrics from files beside its own code.
  external: ['better-sqlite3', 'onnxruntime-node', 'electron', 'pdfkit'],
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'warning',
});
