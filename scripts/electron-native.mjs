// The Electron side of a checkout: where the Electron binary is, and better-sqlite3 built for Electron's ABI.
// node_modules/better-sqlite3 stays built for Node (the CLI, browser mode and the tests use it); the desktop
// app gets its own copy, built with @electron/rebuild under out/electron-native/ and handed to it through
// EXEMPLAR_SQLITE_BINDING (src/main/store/db.ts). A packaged app needs neither: electron-builder rebuilds the
// app's own node_modules for Electron when it packs them (package.json "build": npmRebuild).
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The Electron binary the electron package downloaded, or null. `require('electron')` would try to download
 * a missing one (slow, and failing offline), so this reads the package's path.txt as its index.js does.
 */
export function electronBinary(root) {
  try {
    const pkg = dirname(createRequire(join(root, 'package.json')).resolve('electron/package.json'));
    const rel = existsSync(join(pkg, 'path.txt')) ? readFileSync(join(pkg, 'path.txt'), 'utf8').trim() : '';
    const bin = process.env.ELECTRON_OVERRIDE_DIST_PATH ? join(process.env.ELECTRON_OVERRIDE_DIST_PATH, rel || 'electron') : rel ? join(pkg, 'dist', rel) : '';
    return bin && existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

export function electronVersion(root) {
  return JSON.parse(readFileSync(createRequire(join(root, 'package.json')).resolve('electron/package.json'), 'utf8')).version;
}

/** Where the Electron build of better-sqlite3 lives (whether or not it is built yet). */
export function electronSqlitePath(root) {
  return join(root, 'out', 'electron-native', `electron-${electronVersion(root)}`, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
}

/**
 * better-sqlite3 for Electron's ABI: built once (about a minute; it needs Electron's headers, which
 * @electron/rebuild downloads, so the network the Electron binary came over), then reused.
 */
export async function electronSqlite(root, { say = () => {} } = {}) {
  const target = electronSqlitePath(root);
  if (existsSync(target)) return target;
  const version = electronVersion(root);
  const buildPath = join(root, 'out', 'electron-native', `electron-${version}`);
  const require = createRequire(join(root, 'package.json'));
  const source = dirname(require.resolve('better-sqlite3/package.json'));
  const sqliteVersion = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8')).version;
  say(`exemplar: building the SQLite module for Electron ${version} (once, about a minute)…`);
  mkdirSync(join(buildPath, 'node_modules'), { recursive: true });
  // The sources only: the Node build in build/ must not be taken for the Electron one.
  cpSync(source, join(buildPath, 'node_modules', 'better-sqlite3'), { recursive: true, filter: (p) => !p.startsWith(join(source, 'build')) });
  writeFileSync(join(buildPath, 'package.json'), JSON.stringify({ name: 'exemplar-electron-native', private: true, dependencies: { 'better-sqlite3': sqliteVersion } }));
  let rebuild;
  try {
    ({ rebuild } = await import(pathToFileURL(require.resolve('@electron/rebuild')).href));
  } catch {
    throw new Error('@electron/rebuild is not installed: run `npm install`.');
  }
  await rebuild({ buildPath, electronVersion: version, onlyModules: ['better-sqlite3'], force: true });
  if (!existsSync(target)) throw new Error(`@electron/rebuild finished but ${target} is missing.`);
  return target;
}
