import { describe, expect, it } from 'vitest';
import type { DatasetInfo } from '../../shared/api';
import { imageShape } from './image';

const dataset = (names: string[], image?: unknown) => ({ columns: names.map((name) => ({ name, kind: 'numeric' })), ...(image ? { image } : {}) }) as unknown as DatasetInfo;

describe('image-shaped data', () => {
  it('reads the shape from px_R_C names, row-major, other columns aside', () => {
    const names = ['id', ...Array.from({ length: 12 }, (_, k) => `px_${Math.floor(k / 4)}_${k % 4}`).reverse(), 'label'];
    const shape = imageShape(dataset(names))!;
    expect(shape).toMatchObject({ rows: 3, cols: 4 });
    expect(shape.columns.slice(0, 5)).toEqual(['px_0_0', 'px_0_1', 'px_0_2', 'px_0_3', 'px_1_0']);
  });

  it('takes the shape the importer recorded, and refuses what is not a full grid', () => {
    expect(imageShape(dataset(['a', 'b'], { rows: 1, cols: 2, columns: ['a', 'b'] }))).toMatchObject({ rows: 1, cols: 2 });
    expect(imageShape(dataset(['px_0_0', 'px_0_1', 'px_1_0']))).toBeNull();
    expect(imageShape(dataset(['a_0_0', 'a_0_1', 'b_1_0', 'b_1_1']))).toBeNull();
    expect(imageShape(dataset(['x', 'y']))).toBeNull();
  });
});
