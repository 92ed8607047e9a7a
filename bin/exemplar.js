#!/usr/bin/env node
// The `exemplar` command. A fresh `npm install` runs no install scripts (.npmrc): the first call builds what
// they would have (scripts/setup.mjs: the SQLite module, the bundle, the page), later calls start at once.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'out', 'node', 'cli.js');
const ready = join(root, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
if (!existsSync(cli) || !existsSync(ready)) execFileSync(process.execPath, [join(root, 'scripts', 'setup.mjs')], { cwd: root, stdio: 'inherit' });
await import(pathToFileURL(cli).href);
