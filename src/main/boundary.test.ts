import { describe, expect, it } from 'vitest';
import { API_METHODS } from '../shared/transport';
import { BadRequest, CALL_CAPS, checkCall } from './boundary';

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
    const imp = { file: 'a1b2', overrides: { 'px_*': { kind: 'numeric', edges: [8] } }, label: 'digit' };
    expect(checkCall('importData', [imp]).args).toEqual([imp]);
    const byPath = { path: '/d/x.csv', label: 'digit' };
    expect(checkCall('importData', [byPath], { trusted: true }).args).toEqual([byPath]);
    const text = { file: 'a1b2', image: { rows: 8, cols: 8 }, overrides: { description: { kind: 'text', stopWords: 'none', minDf: 3, maxDf: 0.4 }, basket: { kind: 'categorical', missing: 'absent' } } };
    expect(checkCall('importData', [text]).args).toEqual([text]);
    expect(checkCall('resume', [3, { extend: 100 }]).args).toEqual([3, { extend: 100 }]);
  });

  it.each([
    [{ file: 'x', overrides: { d: { stopWords: 'french' } } }, /stopWords must be "english", "none" or a list of words/],
    [{ file: 'x', overrides: { d: { missing: 'gone' } } }, /missing must be "unknown" or "absent"/],
    [{ file: 'x', overrides: { d: { minDf: -1 } } }, /minDf must be a number ≥ 0/],
    [{ file: 'x', image: { rows: 0, cols: 8 } }, /image.rows must be an integer between 1 and 4096/],
  ])('refuses import options it cannot honour: %j', (req, message) => {
    expect(() => checkCall('importData', [req])).toThrow(message);
  });

  it('takes paths only from a trusted caller (the CLI); the app names files by id', () => {
    expect(() => checkCall('importData', [{ path: '/home/u/.bashrc' }])).toThrow(/takes `file`.*not a path/);
    expect(() => checkCall('importData', [{ path: '/x.csv' }], { trusted: false })).toThrow(BadRequest);
    expect(() => checkCall('importData', [{}])).toThrow(/give file/);
    expect(() => checkCall('importData', [{ path: '/x.csv', file: 'ab' }], { trusted: true })).toThrow(/either path or file/);
  });

  it('caps what one call may carry', () => {
    const cases = (n: number) => [{ modelId: 1, cases: Array.from({ length: n }, () => ({})) }];
    expect(() => checkCall('predict', cases(CALL_CAPS.predictCases))).not.toThrow();
    expect(() => checkCall('predict', cases(CALL_CAPS.predictCases + 1))).toThrow(/at most 100000 cases/);
    const queries = (n: number) => [{ modelId: 1, queries: Array.from({ length: n }, (_, row) => ({ row })) }];
    expect(() => checkCall('similarBatch', queries(CALL_CAPS.similarQueries))).not.toThrow();
    expect(() => checkCall('similarBatch', queries(CALL_CAPS.similarQueries + 1))).toThrow(/at most 1000 queries/);
    const judgments = (n: number) => [{ datasetId: 1, judgments: Array.from({ length: n }, () => ({ query: 0, doc: 1, grade: 2 })) }];
    expect(() => checkCall('addJudgments', judgments(CALL_CAPS.judgments))).not.toThrow();
    expect(() => checkCall('addJudgments', judgments(CALL_CAPS.judgments + 1))).toThrow(/at most 50000 judgments/);
    expect(() => checkCall('getCases', [1, Array.from({ length: CALL_CAPS.cases + 1 }, (_, i) => i)])).toThrow(/at most 10000 rows/);
  });

  it('checks an audit request', () => {
    const audit = { modelId: 2, quasi: ['age', 'zip'], k: 10, maxDiffering: 2, memorization: false };
    expect(checkCall('audit', [audit]).args).toEqual([audit]);
    expect(() => checkCall('audit', [{ modelId: 2, quasi: 'age' }])).toThrow('quasi must be an array');
    expect(() => checkCall('audit', [{ modelId: 2, quasi: [''] }])).toThrow('quasi[0] must be a non-empty string');
    expect(() => checkCall('audit', [{ modelId: 2, k: 0 }])).toThrow('k must be an integer between 1');
    expect(() => checkCall('audit', [{ modelId: 2, maxDiffering: 9 }])).toThrow('maxDiffering must be an integer between 0 and 8');
    expect(() => checkCall('audit', [{ modelId: 2, redact: [] }])).toThrow('unknown field redact');
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
    ['importData', [{ file: '' }], /file must be a non-empty string/],
    ['importData', [{ file: 'ab', overrides: { a: { kind: 'nope' } } }], /kind must be one of/],
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
