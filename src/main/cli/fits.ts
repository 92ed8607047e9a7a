// `exemplar fit` (import and fit in one go, or fit a project's dataset), `resume` and `demo`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Args, int, num, optionalInt, parseCommandLine, UsageError } from './args';
import { importInto } from './datasets';
import { modelJson, printModel } from './print';
import { createProject, openProject, pickDataset, runJob, type Session, withProject } from './session';

export async function cmdFit(args: Args, data: string | undefined, { demo = false } = {}): Promise<void> {
  if (!data) throw new UsageError('fit: give the data file or project.');
  const isProject = extname(data) === '.exemplar';
  const tmp = args.values.out || isProject ? null : mkdtempSync(join(tmpdir(), 'exemplar-'));
  const S = int(args, 'prototypes', undefined, 1);
  let s: Session;
  let datasetId: number;
  if (isProject) {
    s = openProject(data);
    datasetId = await pickDataset(s, args).catch(async (e) => {
      await s.close();
      throw e;
    });
  } else {
    // The project file appears only once the import succeeded; from then on a failed or cancelled fit keeps
    // it (with its checkpoints, to resume).
    const project = createProject(args.values.out ? resolve(args.values.out) : join(tmp!, 'fit.exemplar'));
    try {
      datasetId = (await importInto(project, data, args)).id;
      s = await project.commit();
    } catch (e) {
      await project.close();
      if (tmp) rmSync(tmp, { recursive: true, force: true });
      throw e;
    }
  }
  try {
    const { jobId, modelId } = await s.api.fit({
      datasetId,
      prototypes: S,
      iterations: optionalInt(args, 'iterations', 1),
      burnIn: optionalInt(args, 'burn-in', 0),
      seed: optionalInt(args, 'seed', 0),
      chains: optionalInt(args, 'chains', 1),
      alpha: num(args, 'alpha'),
      q: num(args, 'q'),
      lambda: num(args, 'lambda'),
      c: num(args, 'c'),
      learnAlpha: args.values['learn-alpha'] ? true : undefined,
      checkpointEvery: optionalInt(args, 'checkpoint-every', 1),
    });
    if (!args.values.json && args.values.seed === undefined) {
      const { params } = await s.api.getModel(modelId!);
      console.error(`Seed ${params.seed} (give --seed ${params.seed} to repeat this fit).`);
    }
    await runJob(s, jobId);
    const model = await s.api.getModel(modelId!);
    if (args.values.json) console.log(JSON.stringify(modelJson(model, { project: tmp ? null : s.path })));
    else {
      await printModel(s, model, { absences: args.values.absences });
      if (!tmp) console.log(`\nSaved to ${s.path} (model ${model.id}).`);
      else if (!demo) console.log('\n(not saved: add --out FILE.exemplar to keep the model)');
    }
  } finally {
    await s.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}

export function cmdResume(args: Args, target: string | undefined): Promise<void> {
  return withProject(target, async (s) => {
    const models = await s.api.listModels();
    const id = args.values.model
      ? int(args, 'model', undefined, 1)
      : args.values.extend !== undefined
        ? models.at(-1)?.id
        : models.filter((m) => m.status === 'interrupted' || m.status === 'cancelled' || m.status === 'failed').at(-1)?.id;
    if (id === undefined) throw new Error(`${s.path} has no unfinished model to resume${models.length ? ' (to run a finished one longer, give --extend N)' : ''}.`);
    const extend = optionalInt(args, 'extend', 1);
    const { jobId } = await s.api.resume(id, extend !== undefined ? { extend } : undefined);
    await runJob(s, jobId);
    const model = await s.api.getModel(id);
    if (args.values.json) console.log(JSON.stringify(modelJson(model, { project: s.path })));
    else await printModel(s, model, { absences: args.values.absences });
  });
}

export function cmdDemo(): Promise<void> {
  const recipes = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'resources', 'data', 'recipes.csv');
  console.log(`Exemplar demo: the BCM paper's recipes (${recipes}), 4 prototypes.\n`);
  return cmdFit(parseCommandLine(['fit', recipes, '--prototypes', '4', '--iterations', '400', '--seed', '1']), recipes, { demo: true });
}
