// `exemplar show` (any model, finished or not) and `exemplar edit` (interactive BCM from a terminal).
import type { EditView, IbcmEdit } from '../../shared/api';
import { type Args, optionalInt, UsageError } from './args';
import { modelJson, printModel } from './print';
import { pickModel, runJob, withProject } from './session';

export function cmdShow(args: Args, target: string | undefined): Promise<void> {
  return withProject(target, async (s) => {
    // An interrupted fit is a state to show (with its last checkpoint and how to resume), not an error.
    const model = await s.api.getModel(await pickModel(s, args, { anyStatus: true }));
    if (args.values.json) console.log(JSON.stringify(modelJson(model, { project: s.path, status: model.status, edits: model.edits })));
    else await printModel(s, model, { absences: args.values.absences });
  });
}

function parseEdit(words: string[]): IbcmEdit {
  const [verb, a, b] = words;
  const cluster = Number(a);
  if (verb === 'pin' && a !== undefined && b !== undefined) return { kind: 'pin', cluster, row: Number(b) };
  if (verb === 'unpin' && a !== undefined) return { kind: 'unpin', cluster };
  if ((verb === 'force' || verb === 'forbid' || verb === 'free') && a !== undefined && b !== undefined) return { kind: 'subspace', cluster, feature: b, state: verb };
  throw new UsageError('edit: expected pin CLUSTER ROW | unpin CLUSTER | force|forbid|free CLUSTER FEATURE | undo | list.');
}

/** An edit as a sentence ("forced `px_3_4` into cluster 2's subspace"). */
export function describeEdit(e: EditView): string {
  const x = e.edit;
  const text =
    x.kind === 'pin'
      ? `pinned row ${x.row} as the prototype of cluster ${x.cluster}`
      : x.kind === 'unpin'
        ? `unpinned the prototype of cluster ${x.cluster}`
        : x.state === 'force'
          ? `forced \`${x.feature}\` into cluster ${x.cluster}'s subspace`
          : x.state === 'forbid'
            ? `forbade \`${x.feature}\` in cluster ${x.cluster}'s subspace`
            : `freed \`${x.feature}\` in cluster ${x.cluster}'s subspace`;
  return `${e.seq}. ${text}${e.undone ? ' (undone)' : ''}`;
}

export function cmdEdit(args: Args, target: string | undefined, words: string[]): Promise<void> {
  return withProject(target, async (s) => {
    const modelId = await pickModel(s, args);
    const iterations = optionalInt(args, 'iterations', 2);
    if (words[0] === 'list') {
      const model = await s.api.getModel(modelId);
      if (args.values.json) console.log(JSON.stringify({ edits: model.edits }));
      else if (!model.edits.length) console.log(`Model ${modelId} has no edits.`);
      else for (const e of model.edits) console.log(describeEdit(e));
      return;
    }
    const { jobId } = words[0] === 'undo' ? await s.api.undo(modelId, iterations) : await s.api.edit({ modelId, edit: parseEdit(words), iterations });
    await runJob(s, jobId);
    const model = await s.api.getModel(modelId);
    if (args.values.json) console.log(JSON.stringify(modelJson(model, { project: s.path, edits: model.edits })));
    else await printModel(s, model, { absences: args.values.absences });
  });
}
