// The Electron app, where an Electron binary is installed: the same flow as browser mode, over IPC.
// Needs `npx electron-vite build` first, better-sqlite3 rebuilt for Electron's ABI, and a display (xvfb-run on
// a headless Linux).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { _electron as electron, test } from '@playwright/test';
import { fitRecipes } from './flows';

const root = join(import.meta.dirname, '..');

/**
 * Where the electron package says its binary is, or null. `require('electron')` itself would try to
 * download a missing binary, so this reads the package's path.txt as its index.js does, without that.
 */
function electronBinary(): string | null {
  try {
    const pkg = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const rel = existsSync(join(pkg, 'path.txt')) ? readFileSync(join(pkg, 'path.txt'), 'utf8').trim() : '';
    const bin = process.env.ELECTRON_OVERRIDE_DIST_PATH ? join(process.env.ELECTRON_OVERRIDE_DIST_PATH, rel || 'electron') : rel ? join(pkg, 'dist', rel) : '';
    return bin && existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
const electronBinaryAvailable = binary !== null;

test.skip(!electronBinaryAvailable, 'No Electron binary is installed: node_modules/electron has no dist/ (`node node_modules/electron/install.js` fetches it where its host is reachable).');

test('the desktop app fits the recipes over IPC', async () => {
  const main = join(root, 'out', 'main', 'index.js');
  if (!existsSync(main)) throw new Error('Build the app first: npx electron-vite build');
  const dir = mkdtempSync(join(tmpdir(), 'exemplar-electron-'));
  const { makeRecipesProject } = await import('./project');
  const project = join(dir, 'recipes.exemplar');
  await makeRecipesProject(project, join(root, 'resources', 'data', 'recipes.csv'));
  // `.` runs package.json's main with the app path at the root (resources/ found); the user data goes to dir.
  const app = await electron.launch({ executablePath: binary!, args: [root, project], cwd: root, env: { ...process.env, EXEMPLAR_USER_DATA: join(dir, 'user-data') } });
  try {
    await fitRecipes(await app.firstWindow());
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
