import { describe, expect, it } from 'vitest';
import { API_METHODS } from '../shared/transport';
import { BadRequest, checkCall } from './boundary';

const fit = { datasetId: 1, prototypes: 4, iterations: 200, seed: 1 };

describe('checkCall', () => {
  it('passes well-formed calls through unchanged', () => {
    expect(checkCall('fit', [fit])).toEqual({ method: 'fit', args: [fit] });
    expect(checkCall('listDatasets', [])).toEqual({ method: 'listDatasets', args: [] });
    expect(checkCall('undo', [3])).toEqual({ method: 'undo', args: [3, undefined] });
    const edit = { modelId: 2, edit: { kind: 'subspace', cluster: 0, feature: 'ingredients=basil', state: 'force' }, iterations: 50 };
    expect(checkCall('edit', [edit]).args).toEqual([edit]);
    const predict = { modelId: 2, cases: [{ ingredients: 'basil;garlic', recipe: null }] };
    expect(checkCall('predict', [predict]).args).toEqual([predict]);
    const imp = { path: '/d/x.csv', overrides: { 'px_*': { kind: 'numeric', edges: [8] } }, label: 'digit' };
    expect(checkCall('importData', [imp]).args).toEqual([imp]);
  });

  it('knows every method of the contract', () => {
    for (const m of API_METHODS) expect(() => checkCall(m, [])).not.toThrow(/Unknown method/);
  });

  it.each([
    ['close', [], /Unknown method "close"/],
    ['constructor', [], /Unknown method/],
    ['listDatasets', { 0: 1 }, /JSON array/],
    ['listDatasets', [1], /at most 0 arguments/],
    ['fit', [{ ...fit, prototypes: '4' }], /prototypes must be an integer/],
    ['fit', [{ ...fit, prototypes: 0 }], /prototypes/],
    ['fit', [{ ...fit, q: 1 }], /q must be a number/],
    ['fit', [{ ...fit, chains: 1000 }], /chains/],
    ['fit', [{ ...fit, extra: 1 }], /unknown field extra/],
    ['fit', [null], /must be an object/],
    ['getModel', [1.5], /modelId must be an integer/],
    ['edit', [{ modelId: 1, edit: { kind: 'pin', cluster: 0 } }], /edit.row/],
    ['edit', [{ modelId: 1, edit: { kind: 'drop' } }], /edit.kind/],
    ['undo', [1, 1], /iterations/],
    ['predict', [{ modelId: 1, cases: [{ a: 3 }] }], /string or null/],
    ['predict', [{ modelId: 1, cases: [null] }], /must be an object/],
    ['importData', [{ path: '' }], /path must be a non-empty string/],
    ['importData', [{ path: 'x.csv', overrides: { a: { kind: 'nope' } } }], /kind must be one of/],
    ['cancel', [7], /jobId/],
    ['redo', [1, 1], /iterations/],
    ['getCluster', [1, -1], /cluster must be an integer/],
    ['getCluster', [1, 0, { limit: 0 }], /page.limit/],
    ['getCluster', [1, 0, { from: 3 }], /unknown field from/],
    ['getCaseDetails', [1, [0, -2]], /rows\[1\]/],
    ['searchCases', [1, 7], /text must be a string/],
    ['searchCases', [1, 'x', 5000], /limit/],
    ['reimport', [{ datasetId: 1, overrides: { a: { kind: 'nope' } } }], /kind must be one of/],
    ['reimport', [{ datasetId: 1, path: '/etc/passwd' }], /unknown field path/],
    ['getModel', [1, { pi: 1 }], /pi must be true or false/],
  ])('refuses %s(%j)', (method, args, message) => {
    expect(() => checkCall(method, args)).toThrow(BadRequest);
    expect(() => checkCall(method, args)).toThrow(message);
  });
});
