// `exemplar audit`: the privacy audit of a model, warnings first. --json prints the report (the contract:
// identifierColumns, prototypes, nearDuplicates, criticisms; memorization only when asked for).
import type { AuditReport } from '../../shared/api';
import { type Args, optionalInt, UsageError } from './args';
import { pickModel, withProject } from './session';

export function cmdAudit(args: Args, target: string | undefined): Promise<void> {
  return withProject(target, async (s) => {
    const quasi = args.values.quasi === undefined ? undefined : args.values.quasi.split(',').map((c) => c.trim()).filter(Boolean);
    if (quasi && !quasi.length) throw new UsageError('--quasi needs column names: --quasi COL,COL.');
    // The memorisation refits run as a job of their own: show its progress, and let Ctrl-C cancel it.
    let jobId: string | null = null;
    const off = s.onEvent((e) => {
      if (e.type !== 'progress' || e.phase !== 'memorization') return;
      jobId = e.jobId;
      if (process.stderr.isTTY) process.stderr.write(`\rmemorisation: refit ${e.done} of ${e.total}\x1b[K`);
    });
    const onSigint = () => void (jobId ? s.api.cancel(jobId) : process.exit(130));
    process.on('SIGINT', onSigint);
    let report: AuditReport;
    try {
      report = await s.api.audit({ modelId: await pickModel(s, args), quasi, k: optionalInt(args, 'k', 1), memorization: args.values.memorization || undefined });
    } finally {
      off();
      process.off('SIGINT', onSigint);
      if (jobId && process.stderr.isTTY) process.stderr.write('\r\x1b[K');
    }
    if (args.values.json) console.log(JSON.stringify(report));
    else printAudit(report);
  });
}

function printAudit(r: AuditReport): void {
  if (r.warnings.length) {
    console.log(`${r.warnings.length} warning${r.warnings.length > 1 ? 's' : ''}:`);
    for (const w of r.warnings) console.log(`  ! ${w}`);
  } else console.log('No warnings.');
  console.log(
    r.quasi.length
      ? `Quasi-identifiers${r.quasiProposed ? ' (proposed; choose with --quasi)' : ''}: ${r.quasi.join(', ')}.`
      : 'No quasi-identifier columns given or proposed; prototypes were checked on their subspace features (add some with --quasi COL,...).',
  );
  console.log(`Prototypes (k = cases sharing the values shown, itself included; threshold ${r.k}):`);
  for (const p of r.prototypes) {
    console.log(`  cluster ${p.cluster}, row ${p.row}: k = ${p.k}${p.k < r.k ? ' (below threshold)' : ''}`);
    for (const x of p.replacements) console.log(`    pin row ${x.row} instead (k = ${x.k})`);
  }
  console.log(`Near-duplicates (at most ${r.maxDiffering} differing feature${r.maxDiffering === 1 ? '' : 's'}): ${r.nearDuplicateCount} pairs, ${r.identicalCount} identical.`);
  for (const d of r.nearDuplicates.slice(0, 10)) console.log(`  rows ${d.a} and ${d.b}: ${d.differing ? `${d.differing} feature${d.differing > 1 ? 's' : ''} differ` : 'identical'}`);
  if (r.nearDuplicates.length > 10) console.log(`  … ${r.nearDuplicateCount - 10} more (--json lists ${r.nearDuplicates.length}).`);
  console.log('Cases the model explains worst (log-likelihood per feature), and the values it finds least likely:');
  for (const c of r.criticisms) console.log(`  row ${c.row}: ${c.logLikelihood.toFixed(3)}; ${c.features.map((f) => `${f.feature} = ${f.value}`).join(', ')}`);
  if (r.memorization) {
    console.log('Most memorised cases (how much the label prediction depends on the case being in the data):');
    for (const m of r.memorization.slice(0, 10)) console.log(`  row ${m.row}: ${m.score.toFixed(3)}`);
  }
}
