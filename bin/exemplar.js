#!/usr/bin/env node
// The `exemplar` command. `npm install` builds out/node (the prepare script); build it here if missing.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'out', 'node', 'cli.js');
if (!existsSync(cli)) execFileSync(process.execPath, [join(root, 'scripts', 'build-node.mjs')], { cwd: root, stdio: 'inherit' });
await import(new URL(`file://${cli}`).href);
