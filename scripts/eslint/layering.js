// The layering rule of shared/STYLE.md as an allowlist (after VS Code's `code-layering`): every source file
// belongs to a layer, and an import is allowed only when the layer it reaches (another layer of ours, a
// Node built-in, a package) is on that layer's list. Anything not listed is refused, so a new kind of import
// is a decision, not an accident.
import { existsSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';

/** Layers by path (first match wins), relative to the repository root. */
const LAYERS = [
  ['shared', /^src\/shared\//],
  ['engine', /^src\/main\/engine\//],
  ['store', /^src\/main\/store\//],
  ['workers', /^src\/main\/workers\//],
  ['service', /^src\/main\/(api\/|jobs\.ts$|boundary\.ts$|service\/)/],
  ['cli', /^src\/main\/cli\//],
  ['serve', /^src\/main\/serve\.ts$/],
  ['shell', /^src\/main\/[^/]+\.ts$/], // index.ts and its helpers: the Electron main process
  ['preload', /^src\/preload\//],
  ['renderer', /^src\/renderer\//],
];

/** Node built-ins the engine may use: no threads, processes or sockets (those belong to the service). */
const ENGINE_NODE = ['node:fs', 'node:fs/promises', 'node:path', 'node:os', 'node:url', 'node:module', 'node:crypto', 'node:util', 'node:stream', 'node:zlib', 'node:buffer', 'node:string_decoder'];

/** What each layer may import: layers of ours, 'node:*' specifiers (or 'node:' for all) and packages (a trailing * is a prefix). */
const ALLOW = {
  shared: ['shared', 'd3-*'],
  engine: ['shared', 'engine', ...ENGINE_NODE, 'onnxruntime-node', 'd3-*', 'pdfkit', 'svg-to-pdfkit'],
  store: ['shared', 'store', 'engine', ...ENGINE_NODE, 'better-sqlite3'],
  workers: ['shared', 'engine', 'workers', ...ENGINE_NODE, 'node:worker_threads'],
  service: ['shared', 'engine', 'store', 'workers', 'service', 'node:'],
  cli: ['shared', 'cli', 'service', 'serve', 'engine', 'node:'],
  serve: ['shared', 'service', 'node:'],
  shell: ['shared', 'service', 'shell', 'node:', 'electron'],
  preload: ['shared', 'preload', 'electron'],
  renderer: ['shared', 'renderer', 'd3', 'd3-*'],
};

/** Tests may also use the test runner, build tools and any main-process layer they set up a case with. */
const TEST_EXTRA = ['vitest', 'wabt', 'better-sqlite3', 'pdfjs-dist', 'store', 'engine', 'service', 'serve', 'cli', 'shell', 'node:'];

const root = resolve(dirname(new URL(import.meta.url).pathname), '..', '..');

function layerOf(path) {
  const rel = relative(root, path).split('\\').join('/');
  for (const [name, re] of LAYERS) if (re.test(rel)) return name;
  return null;
}

function allowed(list, target) {
  return list.some((a) => a === target || (a === 'node:' && target.startsWith('node:')) || (a.endsWith('*') && target.startsWith(a.slice(0, -1))));
}

export default {
  rules: {
    layering: {
      meta: { type: 'problem', schema: [], messages: { refused: '{{from}} may not import {{target}} ({{source}}): allowed are {{allowed}} (scripts/eslint/layering.js, shared/STYLE.md).' } },
      create(context) {
        const file = context.filename;
        const from = layerOf(file);
        if (!from) return {};
        const list = [...ALLOW[from], ...(/\.test\.ts$|testing\.ts$/.test(file) ? TEST_EXTRA : [])];
        const check = (node) => {
          // (an ImportExpression passes itself with its source)
          if (!node.source || typeof node.source.value !== 'string') return;
          const source = node.source.value;
          let target;
          if (source.startsWith('.')) {
            const base = resolve(dirname(file), source);
            // A module file, a folder's index.ts, or a file named with its extension (e.g. a .wasm.ts).
            const path = [`${base}.ts`, resolve(base, 'index.ts'), base].find((p) => existsSync(p) && statSync(p).isFile()) ?? base;
            target = layerOf(path) ?? 'outside src';
          }
          else if (source.startsWith('node:')) target = source;
          else target = source.startsWith('@') ? source.split('/').slice(0, 2).join('/') : source.split('/')[0];
          if (!allowed(list, target)) context.report({ node, messageId: 'refused', data: { from, target, source, allowed: list.join(', ') } });
        };
        return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: (n) => check({ ...n, source: n.source }) };
      },
    },
  },
};
