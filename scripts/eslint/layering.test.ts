// The layering allowlist (scripts/eslint/layering.js) refuses what STYLE.md forbids, and lets the house's own
// imports through.
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: root });

async function refusals(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}${file}` });
  return result.messages.filter((m) => m.ruleId === 'exemplar/layering').map((m) => m.message.split(': allowed')[0]);
}

describe('layering allowlist', () => {
  it('refuses in the engine what belongs to the store, the service or the shell', async () => {
    const code = [
      "import Database from 'better-sqlite3';",
      "import { Worker } from 'node:worker_threads';",
      "import { Jobs } from '../jobs';",
      "import { checkCall } from '../boundary';",
      "import * as store from '../store';",
      "import { app } from 'electron';",
      'export const x = [Database, Worker, Jobs, checkCall, store, app];',
    ].join('\n');
    expect(await refusals('src/main/engine/planted.ts', code)).toEqual([
      'engine may not import better-sqlite3 (better-sqlite3)',
      'engine may not import node:worker_threads (node:worker_threads)',
      'engine may not import service (../jobs)',
      'engine may not import service (../boundary)',
      'engine may not import store (../store)',
      'engine may not import electron (electron)',
    ]);
  });

  it('keeps shared free of node and the renderer free of main', async () => {
    expect(await refusals('src/shared/planted.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;")).toEqual(['shared may not import node:fs (node:fs)']);
    expect(await refusals('src/renderer/planted.ts', "import { ExemplarService } from '../main/api';\nexport const x = ExemplarService;")).toEqual([
      'renderer may not import service (../main/api)',
    ]);
  });

  it('lets each layer import what it is meant to', async () => {
    expect(await refusals('src/main/engine/planted.ts', "import * as ort from 'onnxruntime-node';\nimport type { Feature } from '../../shared/data';\nexport type F = Feature;\nexport const x = ort;")).toEqual([]);
    expect(await refusals('src/main/store/planted.ts', "import Database from 'better-sqlite3';\nexport const x = Database;")).toEqual([]);
  });
});
