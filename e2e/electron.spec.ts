// The desktop app, where an Electron binary is installed: the same flow as browser mode, over IPC to the
// service process (a utilityProcess), and a report printed to PDF by Chromium. Needs a display (xvfb-run on a headless Linux) and better-sqlite3 built
// for Electron's ABI, which scripts/electron-native.mjs builds once (as `npm start` does; it needs Electron's
// headers, so a network). Elsewhere it skips and says why.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { _electron as electron, expect, test } from '@playwright/test';
import { electronBinary, electronSqlite } from '../scripts/electron-native.mjs';
import { fitRecipes } from './flows';

const root = join(import.meta.dirname, '..');
const binary = electronBinary(root);

test.skip(binary === null, 'No Electron binary is installed: node_modules/electron has no dist/ (`node node_modules/electron/install.js` fetches it where its host is reachable).');

test('the desktop app fits the recipes over IPC, its service in a utility process', async () => {
  let binding: string;
  try {
    binding = await electronSqlite(root);
  } catch (e) {
    test.skip(true, `better-sqlite3 could not be built for Electron's ABI: ${(e as Error).message.split('\n')[0]}`);
    return;
  }
  if (!existsSync(join(root, 'out', 'main', 'service.js'))) execFileSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
  const dir = mkdtempSync(join(tmpdir(), 'exemplar-electron-'));
  const { makeRecipesProject } = await import('./project');
  const project = join(dir, 'recipes.exemplar');
  await makeRecipesProject(project, join(root, 'resources', 'data', 'recipes.csv'));
  // `.` runs package.json's main with the app path at the root (resources/ found); the user data goes to dir.
  const app = await electron.launch({
    executablePath: binary!,
    args: [root, project],
    cwd: root,
    env: { ...process.env, EXEMPLAR_USER_DATA: join(dir, 'user-data'), EXEMPLAR_SQLITE_BINDING: binding },
  });
  try {
    const page = await app.firstWindow();
    await fitRecipes(page);
    // The desktop app prints its PDF reports with Chromium: the bridge answers a PDF for a report's HTML.
    const head = await page.evaluate(`window.exemplar.printToPdf('<!doctype html><title>π</title><p>φ ω</p>').then((b) => String.fromCharCode(...b.slice(0, 5)))`);
    expect(head).toBe('%PDF-');
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
