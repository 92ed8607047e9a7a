// Makes a fresh `npm install` ready to run, offline. The repository's .npmrc sets `ignore-scripts=true`, so
// no package's install script runs during `npm install`: onnxruntime-node's would otherwise download CUDA
// libraries from a package feed (failing offline, and unwanted on most machines), and the only switch to stop
// it is a config key npm warns about on every call. What those scripts did is done here, explicitly:
// better-sqlite3 is built for this Node (node-gyp, from the headers npm uses), and the CLI bundle and the
// renderer are built. Each step runs only when its result is missing, so later calls cost a few ms.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const quiet = process.argv.includes('--quiet');
const say = (line) => !quiet && console.error(line);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function sqliteWorks() {
  try {
    const Database = require('better-sqlite3');
    new Database(':memory:').close();
    return true;
  } catch {
    return false;
  }
}

if (!sqliteWorks()) {
  say('exemplar: building the SQLite module for this Node (once, about a minute)…');
  // The compiler's output is kept, and shown only when the build fails.
  const r = spawnSync(npm, ['rebuild', 'better-sqlite3', '--ignore-scripts=false', '--foreground-scripts'], { cwd: root, encoding: 'utf8', shell: process.platform === 'win32' });
  if (r.status !== 0 || !sqliteWorks()) {
    console.error(`${r.stdout ?? ''}${r.stderr ?? ''}`.split('\n').slice(-40).join('\n'));
    throw new Error('better-sqlite3 could not be built: it needs python3, make and a C++ compiler (node-gyp); the build output is above.');
  }
}

/** Newest modification time under src/ (or of the given files), to rebuild bundles that are older. */
function newest(dir) {
  let t = 0;
  const walk = (d) => {
    for (const e of require('node:fs').readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else t = Math.max(t, statSync(p).mtimeMs);
    }
  };
  walk(dir);
  return t;
}

const cli = join(root, 'out', 'node', 'cli.js');
const page = join(root, 'out', 'renderer', 'index.html');
const sources = newest(join(root, 'src'));
if (!existsSync(cli) || statSync(cli).mtimeMs < sources) {
  say('exemplar: building the command-line bundle…');
  execFileSync(process.execPath, [join(root, 'scripts', 'build-node.mjs')], { cwd: root, stdio: 'inherit' });
}
if (!existsSync(page) || statSync(page).mtimeMs < sources) {
  say('exemplar: building the app page…');
  execFileSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'vite.renderer.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
}
