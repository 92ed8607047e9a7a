// The audit store against a fake service: it keeps the last audit per model, sends the audit's own proposal
// back once the user has seen it, notices when the model changed since, follows the memorisation job and
// its cancel, and re-imports with halved bins. Planted bug, seen red once: a stamp without the edits made
// an audit taken before a pin look current after it.
import { describe, expect, it } from 'vitest';
import type { AuditReport, AuditRequest, DatasetInfo, ExemplarApi, JobEvent, ModelView } from '../../shared/api';
import { AuditStore, coarserColumns, halvedBins, modelStamp } from './audit';
import { JobTracker } from './jobs';
import { ProjectStore } from './project';
import { ReportSettingsStore, redactKey } from './report-settings';
import type { Transport } from './transport';

const report = (modelId: number, req: AuditRequest, extra: Partial<AuditReport> = {}): AuditReport => ({
  modelId,
  k: req.k ?? 5,
  quasi: req.quasi ?? ['age'],
  quasiProposed: req.quasi === undefined,
  warnings: ['Cluster 0’s prototype (row 3) shares age with only 1 other case (k = 2 < 5).'],
  identifierColumns: [],
  prototypes: [{ cluster: 0, row: 3, k: 2, quasiIdentifiers: ['age'], subspace: ['x'], warning: 'w', replacements: [{ row: 9, k: 6 }] }],
  nearDuplicates: [],
  nearDuplicateCount: 0,
  identicalCount: 0,
  maxDiffering: 1,
  criticisms: [],
  ...extra,
});

const model = (id: number, edits: { undone: boolean }[] = []) =>
  ({ id, datasetId: 1, status: 'done', params: { sweeps: 100 }, prototypes: [{ cluster: 0, row: 3 }], edits: edits.map((e) => ({ ...e, edit: { kind: 'pin', cluster: 0, row: 9 }, createdAt: '' })) }) as unknown as ModelView;

function setup(api: Partial<ExemplarApi>) {
  const t = { kind: 'http', api: api as ExemplarApi, onEvent: () => () => {}, ready: Promise.resolve(), openDataFile: async () => null } as Transport;
  const project = new ProjectStore(t);
  project.refreshLists = async () => {};
  const jobs = new JobTracker();
  const audit = new AuditStore(project, jobs);
  return { project, jobs, audit };
}

describe('the audit store', () => {
  it('keeps the last audit per model, sends the proposed columns back, and sees when the model changed', async () => {
    const calls: AuditRequest[] = [];
    const { project, audit } = setup({ audit: async (req) => (calls.push(req), report(req.modelId, req)) });
    project.set({ modelId: 2, model: model(2) });
    expect(audit.current()).toBeNull();

    await audit.run();
    // The first run lets the audit propose; the proposal is then the choice.
    expect(calls[0]).toEqual({ modelId: 2, quasi: undefined, k: undefined });
    expect(audit.current()?.report.quasiProposed).toBe(true);
    expect(audit.get().quasi.get(2)).toEqual(['age']);
    expect(audit.stale()).toBe(false);

    audit.setQuasi(2, ['age', 'zip']);
    audit.setK(2, 3);
    await audit.run();
    expect(calls[1]).toEqual({ modelId: 2, quasi: ['age', 'zip'], k: 3 });

    // An edit (a pin) changes the model: the audit shown is of an earlier state.
    project.set({ model: model(2, [{ undone: false }]) });
    expect(audit.stale()).toBe(true);
    // Undone, the model is not what it was either (its prototypes were resampled).
    project.set({ model: model(2, [{ undone: true }]) });
    expect(audit.stale()).toBe(true);

    // Another model has no audit of its own yet; the first one's is kept.
    project.set({ modelId: 4, model: model(4) });
    expect(audit.current()).toBeNull();
    expect(audit.get().byModel.get(2)?.report.k).toBe(3);
  });

  it('says why an audit failed and lets the next one run', async () => {
    let fail = true;
    const { project, audit } = setup({
      audit: async (req) => {
        if (fail) throw new Error('Model 2 is still fitting.');
        return report(req.modelId, req);
      },
    });
    project.set({ modelId: 2, model: model(2) });
    await audit.run();
    expect(audit.get()).toMatchObject({ error: 'Model 2 is still fitting.', running: null });
    fail = false;
    await audit.run();
    expect(audit.get().error).toBeNull();
    expect(audit.current()).not.toBeNull();
  });

  it('follows the memorisation job, names it for the status line, and a cancel keeps the audit shown', async () => {
    let cancelled: string | null = null;
    let rejectAudit: ((e: Error) => void) | null = null;
    const { project, jobs, audit } = setup({
      audit: (req) =>
        req.memorization
          ? new Promise<AuditReport>((_, reject) => {
              rejectAudit = reject;
              // Another job's events must not be taken for the refits.
              jobs.apply({ type: 'progress', jobId: 'fit-1', phase: 'sampling', done: 1, total: 10 } as JobEvent);
              jobs.apply({ type: 'progress', jobId: 'memorize-7', phase: 'memorization', done: 1, total: 20 } as JobEvent);
            })
          : Promise.resolve(report(req.modelId, req)),
      cancel: async (jobId) => {
        cancelled = jobId;
        rejectAudit!(new Error('cancelled'));
      },
    });
    project.set({ modelId: 2, model: model(2) });
    await audit.run();
    const running = audit.memorize();
    expect(audit.get().memorization).toMatchObject({ modelId: 2, jobId: 'memorize-7', status: 'running' });
    expect(jobs.get('memorize-7')?.title).toBe('Memorisation of model 2');
    // Nothing else runs meanwhile.
    await audit.run();
    await audit.cancelMemorization();
    await running;
    expect(cancelled).toBe('memorize-7');
    expect(audit.get().memorization).toMatchObject({ status: 'cancelled', error: null });
    expect(audit.current()?.report.memorization).toBeUndefined();
  });

  it('keeps the memorisation scores with the audit they came with, asked with the columns shown', async () => {
    const calls: AuditRequest[] = [];
    const { project, audit } = setup({ audit: async (req) => (calls.push(req), report(req.modelId, req, req.memorization ? { memorization: [{ row: 5, score: 0.9 }] } : {})) });
    project.set({ modelId: 2, model: model(2) });
    await audit.run();
    await audit.memorize();
    expect(calls[1]).toEqual({ modelId: 2, quasi: ['age'], k: 5, memorization: true });
    expect(audit.current()?.report.memorization).toEqual([{ row: 5, score: 0.9 }]);
    expect(audit.get().memorization).toBeNull();
  });

  it('re-imports with the numeric columns in half as many bins', async () => {
    const asked: unknown[] = [];
    const made = { id: 8, name: 'zoo (2)' } as DatasetInfo;
    const { project, jobs, audit } = setup({
      reimport: async (req) => {
        asked.push(req);
        queueMicrotask(() => jobs.apply({ type: 'done', jobId: 'reimport-3', result: { dataset: made } } as JobEvent));
        return { jobId: 'reimport-3' };
      },
    });
    project.set({ datasetId: 1 });
    await audit.coarsen([{ column: 'legs', from: 5, to: 2 }]);
    expect(asked).toEqual([{ datasetId: 1, overrides: { legs: { kind: 'numeric', bins: 2 } } }]);
    expect(audit.get().coarser).toMatchObject({ status: 'done', dataset: made });
  });
});

describe('the fixes offered', () => {
  it('halves bins down to two, and offers nothing where that changes nothing', () => {
    expect(halvedBins(10)).toBe(5);
    expect(halvedBins(5)).toBe(2);
    expect(halvedBins(3)).toBe(2);
    expect(halvedBins(2)).toBeNull();
  });

  it('coarsens only the numeric columns a warning involves, quasi-identifiers and subspace alike', () => {
    const dataset = {
      columns: [
        { name: 'age', kind: 'numeric' },
        { name: 'legs', kind: 'numeric' },
        { name: 'tail', kind: 'boolean' },
        { name: 'px', kind: 'numeric', edges: [8] },
        { name: 'far', kind: 'numeric' },
      ],
      features: [
        { name: 'age', column: 'age', values: ['a', 'b', 'c', 'd', 'e'] },
        { name: 'legs', column: 'legs', values: ['0', '2', '4', '6'] },
        { name: 'tail', column: 'tail', values: ['false', 'true'] },
        { name: 'px', column: 'px', values: ['<8', '≥8'] },
        { name: 'far', column: 'far', values: ['a', 'b', 'c', 'd'] },
      ],
    } as unknown as DatasetInfo;
    expect(coarserColumns(dataset, { quasiIdentifiers: ['age'], subspace: ['legs', 'tail', 'px'] })).toEqual([
      { column: 'age', from: 5, to: 2 },
      { column: 'legs', from: 4, to: 2 },
    ]);
    expect(coarserColumns(dataset, { quasiIdentifiers: [], subspace: ['tail'] })).toEqual([]);
  });

  it('stamps a model by its sweeps, edits and prototypes', () => {
    const a = model(1);
    expect(modelStamp(a)).toBe(modelStamp(model(1)));
    expect(modelStamp(a)).not.toBe(modelStamp({ ...a, params: { ...a.params, sweeps: 200 } }));
    expect(modelStamp(a)).not.toBe(modelStamp({ ...a, prototypes: [{ ...a.prototypes[0], row: 4 }] }));
  });
});

describe('the report’s redaction list', () => {
  const storage = () => {
    const m = new Map<string, string>();
    return { m, getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k) };
  };

  it('is kept per dataset, without repeats, and a removal is kept too', () => {
    const s = storage();
    const settings = new ReportSettingsStore(null, s);
    settings.use(1);
    settings.add(['legs', 'animal']);
    settings.add(['animal', 'zip']);
    expect(settings.get().redact).toEqual(['legs', 'animal', 'zip']);
    expect(JSON.parse(s.m.get(redactKey(1))!)).toEqual(['legs', 'animal', 'zip']);
    settings.use(2);
    expect(settings.get().redact).toEqual([]);
    settings.add(['age']);
    // A reload (a new store on the same storage) finds each dataset's list.
    const again = new ReportSettingsStore(null, s);
    again.use(1);
    expect(again.get().redact).toEqual(['legs', 'animal', 'zip']);
    again.remove('animal');
    again.remove('legs');
    again.remove('zip');
    expect(s.m.has(redactKey(1))).toBe(false);
    again.use(2);
    expect(again.get().redact).toEqual(['age']);
  });

  it('follows the open dataset, and reads a damaged entry as empty', () => {
    const s = storage();
    s.m.set(redactKey(5), '{not json');
    s.m.set(redactKey(6), JSON.stringify(['x', 3, 'y']));
    const t = { kind: 'http', api: {} as ExemplarApi, onEvent: () => () => {}, ready: Promise.resolve(), openDataFile: async () => null } as Transport;
    const project = new ProjectStore(t);
    const settings = new ReportSettingsStore(project, s);
    project.set({ datasetId: 5 });
    expect(settings.get().redact).toEqual([]);
    project.set({ datasetId: 6 });
    expect(settings.get().redact).toEqual(['x', 'y']);
  });
});
