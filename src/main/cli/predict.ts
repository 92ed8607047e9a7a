// `exemplar predict` (fold-in of unseen cases, with the predicted label) and `exemplar evaluate`.
import { type Args, parseCase, UsageError } from './args';
import { pickModel, withProject } from './session';

export function cmdPredict(args: Args, target: string | undefined): Promise<void> {
  return withProject(target, async (s) => {
    const cases = (args.values.case ?? []).map(parseCase);
    if (!cases.length) throw new UsageError("predict: give at least one --case 'col=value;col=value'.");
    const predictions = await s.api.predict({ modelId: await pickModel(s, args), cases });
    if (args.values.json) console.log(JSON.stringify({ predictions }));
    else
      predictions.forEach((p, k) => {
        const label = p.label ? `, predicted label ${p.label.value} (probability ${p.label.probability.toFixed(2)})` : '';
        console.log(`case ${k}: log-likelihood per feature ${p.logLikelihood.toFixed(3)}${label}`);
        for (const near of p.nearest.slice(0, 3)) console.log(`  cluster ${near.cluster} (prototype row ${near.prototype}): π = ${near.weight.toFixed(3)}`);
      });
  });
}

export function cmdEvaluate(args: Args, target: string | undefined): Promise<void> {
  return withProject(target, async (s) => {
    const e = await s.api.evaluate(await pickModel(s, args));
    if (args.values.json) console.log(JSON.stringify(e));
    else {
      if (e.piAccuracy !== null) console.log(`π → logistic regression, ${e.folds}-fold accuracy: ${e.piAccuracy.toFixed(3)} (label ${e.labelColumn})`);
      if (e.unsupervisedAccuracy !== null) console.log(`Majority label of each cluster: ${e.unsupervisedAccuracy.toFixed(3)}`);
      if (e.labelColumn === null) console.log('No label column: accuracies need --label at import.');
      console.log('Cases the model explains worst (fold-in log-likelihood per feature):');
      for (const c of e.criticisms) console.log(`  row ${c.row}: ${c.logLikelihood.toFixed(3)}`);
    }
  });
}
