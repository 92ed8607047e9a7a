// `npm start`: the desktop app where an Electron binary is installed, else browser mode. First start opens
// the digits demo (made in the user's data folder, its fit running while the window shows it); later starts
// open the last project.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, statSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinary, electronSqlite } from './electron-native.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const node = process.execPath;
execFileSync(node, [join(root, 'scripts', 'setup.mjs')], { cwd: root, stdio: 'inherit' });

/** Runs a child with this terminal and exits with its code; a kill of this process is passed on to it. */
function run(command, args, env = process.env) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit', env });
  // Ctrl-C reaches the child from the terminal itself (one process group): passing it on too would be a
  // second interrupt, which cuts the child's orderly close short.
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

function browserMode(why) {
  console.log(`exemplar: ${why}: starting browser mode instead.`);
  run(node, [join(root, 'out', 'node', 'cli.js'), 'serve']);
}

/** Newest modification time under a folder. */
function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const binary = electronBinary(root);
if (!binary) {
  browserMode('no Electron binary is installed (node_modules/electron has no dist/; `node node_modules/electron/install.js` downloads it)');
} else {
  let binding;
  try {
    binding = await electronSqlite(root, { say: (line) => console.error(line) });
  } catch (e) {
    browserMode(`the SQLite module could not be built for Electron (${e.message.split('\n')[0]})`);
  }
  if (binding) {
    const main = join(root, 'out', 'main', 'index.js');
    if (!existsSync(main) || statSync(main).mtimeMs < newest(join(root, 'src'))) {
      console.error('exemplar: building the desktop app…');
      execFileSync(node, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
    }
    run(binary, [root], { ...process.env, EXEMPLAR_SQLITE_BINDING: binding });
  }
}
