// Test helpers: throwaway project files and a small dataset. Not exported from index.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EncodedCases } from '../../shared/data';
import type { DatasetMeta, RawRow } from './datasets';
import { openProject, type Project } from './db';

/** A fresh directory under the OS temp dir; `cleanup` removes it. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'exemplar-store-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A new project in a fresh temp dir; `cleanup` closes it and removes the dir. */
export function tempProject(): { project: Project; path: string; cleanup: () => void } {
  const { dir, cleanup } = tempDir();
  const path = join(dir, 'test.exemplar');
  const project = openProject(path, { create: true });
  return {
    project,
    path,
    cleanup: () => {
      if (project.db.open) project.close();
      cleanup();
    },
  };
}

export const meta: DatasetMeta = {
  name: 'animals',
  sourcePath: '/data/animals.csv',
  format: 'csv',
  columns: [
    { name: 'id', kind: 'identifier' },
    { name: 'colour', kind: 'categorical' },
    { name: 'legs', kind: 'numeric', bins: 2 },
    { name: 'emb', kind: 'vector' },
    { name: 'class', kind: 'label' },
  ],
  summaries: [{ name: 'colour', kind: 'categorical', reason: 'few distinct strings', distinct: 2, missing: 1, examples: ['red', 'blue'] }],
  warnings: ['row 3: empty colour'],
};

/** `n` cases with 2 features, a 3-d vector column, labels and ids; every 3rd colour is missing (-1). */
export function makeCases(n: number): { cases: EncodedCases; rows: RawRow[] } {
  const f = 2;
  const x = new Int32Array(n * f);
  const emb = new Float32Array(n * 3);
  const labels: (string | null)[] = [];
  const ids: string[] = [];
  const rows: RawRow[] = [];
  for (let i = 0; i < n; i++) {
    x[i * f] = i % 3 === 2 ? -1 : i % 2;
    x[i * f + 1] = i % 5 < 2 ? 0 : 1;
    emb.set([i, -i / 7, 0.5], i * 3);
    labels.push(i % 4 === 3 ? null : i % 2 ? 'bird' : 'cat');
    ids.push(`case-${i}`);
    rows.push([`case-${i}`, i % 3 === 2 ? null : i % 2 ? 'blue' : 'red', String(i % 5), `${i};${-i / 7};0.5`, labels[i]]);
  }
  const cases: EncodedCases = {
    n,
    features: [
      { name: 'colour', column: 'colour', values: ['red', 'blue'] },
      { name: 'legs', column: 'legs', values: ['< 2', '>= 2'], edges: [2] },
    ],
    x,
    vectors: [{ column: 'emb', dim: 3, data: emb }],
    labels,
    labelColumn: 'class',
    ids,
  };
  return { cases, rows };
}
