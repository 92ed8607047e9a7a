import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EncodedCases } from '../../shared/data';
import { toBlob } from './blob';
import { deleteDataset, getCaseRows, getDataset, insertDataset, listDatasets, loadDataset, type RawRow } from './datasets';
import type { Project } from './db';
import { makeCases, meta, tempProject } from './testing';

let project: Project;
let cleanup: () => void;
beforeEach(() => ({ project, cleanup } = tempProject()));
afterEach(() => cleanup());

const count = (table: string) => project.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get();

describe('datasets', () => {
  it('round-trips EncodedCases: missing values, labels, ids and vectors', () => {
    const { cases, rows } = makeCases(10);
    const id = insertDataset(project, meta, cases, rows);
    const { dataset, cases: back } = loadDataset(project, id);
    expect(back).toEqual(cases);
    expect(back.x[2 * 2]).toBe(-1);
    expect(back.labels?.[3]).toBeNull();
    expect(dataset).toMatchObject({ ...meta, id, nRows: 10, labelColumn: 'class', features: cases.features, vectors: [{ column: 'emb', dim: 3 }] });
    expect(Date.parse(dataset.createdAt)).not.toBeNaN();
  });

  it('round-trips a dataset without labels, ids or vectors, and one with no rows', () => {
    const bare: EncodedCases = { ...makeCases(4).cases, vectors: [], labels: null, labelColumn: null, ids: null };
    expect(loadDataset(project, insertDataset(project, meta, bare, makeCases(4).rows)).cases).toEqual(bare);
    const empty = makeCases(0).cases;
    expect(loadDataset(project, insertDataset(project, meta, empty, [])).cases).toEqual(empty);
  });

  it('lists datasets and reads one without its cases', () => {
    const a = insertDataset(project, meta, makeCases(3).cases, makeCases(3).rows);
    const b = insertDataset(project, { ...meta, name: 'second', sourcePath: null }, makeCases(2).cases, makeCases(2).rows);
    expect(listDatasets(project).map((d) => [d.id, d.name, d.nRows, d.sourcePath])).toEqual([
      [a, 'animals', 3, '/data/animals.csv'],
      [b, 'second', 2, null],
    ]);
    expect(getDataset(project, b)?.warnings).toEqual(meta.warnings);
    expect(getDataset(project, 999)).toBeNull();
    expect(() => loadDataset(project, 999)).toThrow('There is no dataset 999.');
  });

  it('returns raw rows by row number, skipping rows that do not exist', () => {
    const { cases, rows } = makeCases(5);
    const id = insertDataset(project, meta, cases, rows);
    expect(getCaseRows(project, id, [4, 0, 99])).toEqual([
      { row: 4, cells: rows[4] },
      { row: 0, cells: rows[0] },
    ]);
  });

  it('writes nothing when the raw rows throw midway', () => {
    const { cases, rows } = makeCases(100);
    function* failing(): Generator<RawRow> {
      yield* rows.slice(0, 50);
      throw new Error('bad CSV at row 50');
    }
    expect(() => insertDataset(project, meta, cases, failing())).toThrow('bad CSV at row 50');
    for (const table of ['datasets', 'case_chunks', 'case_vector_chunks', 'case_rows']) expect(count(table)).toBe(0);
  });

  it('refuses raw rows or x that do not match the cases, writing nothing', () => {
    const { cases, rows } = makeCases(5);
    expect(() => insertDataset(project, meta, cases, rows.slice(0, 4))).toThrow('Got 4 raw rows for 5 encoded cases.');
    expect(() => insertDataset(project, meta, { ...cases, n: 6 }, rows)).toThrow(/x has 10 values/);
    expect(() => insertDataset(project, meta, { ...cases, ids: ['a'] }, rows)).toThrow(/one entry per case/);
    expect(count('datasets')).toBe(0);
  });

  it('deletes a dataset with everything under it', () => {
    const id = insertDataset(project, meta, makeCases(5).cases, makeCases(5).rows);
    deleteDataset(project, id);
    for (const table of ['datasets', 'case_chunks', 'case_vector_chunks', 'case_rows']) expect(count(table)).toBe(0);
  });

  it('inserts 100k cases with raw rows quickly, in several chunks, and reads them back', () => {
    const n = 100_000;
    const { cases, rows } = makeCases(n);
    const t0 = performance.now();
    const id = insertDataset(project, meta, cases, rows);
    const insertMs = performance.now() - t0;
    const t1 = performance.now();
    const { cases: back } = loadDataset(project, id);
    const loadMs = performance.now() - t1;
    console.log(`insertDataset, ${n} rows: ${insertMs.toFixed(0)} ms; loadDataset: ${loadMs.toFixed(0)} ms`);
    expect(count('case_chunks')).toBeGreaterThan(1);
    // Compared as bytes / JSON: a deep toEqual of 100k-element arrays takes seconds.
    expect(toBlob(back.x).equals(toBlob(cases.x))).toBe(true);
    expect(toBlob(back.vectors[0].data).equals(toBlob(cases.vectors[0].data))).toBe(true);
    expect(JSON.stringify([back.labels, back.ids])).toBe(JSON.stringify([cases.labels, cases.ids]));
    expect(getCaseRows(project, id, [n - 1])[0].cells).toEqual(rows[n - 1]);
    expect(insertMs).toBeLessThan(10_000); // a loose bound for slow CI; ~0.3 s on a laptop core
  });
});
