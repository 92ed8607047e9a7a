// The `exemplar` command: the same API as the app, through the same boundary checks, from a terminal.
// Human output by default, one JSON object with --json (the shapes are a contract: fields are added, never
// renamed or dropped; see README). One file per area: datasets, fits, models and edits, prediction and
// evaluation, retrieval and ranking.
import { COLUMN_KINDS } from '../../shared/api';
import { BadRequest } from '../boundary';
import { ImportError } from '../engine/import';
import { JudgmentFormatError } from '../engine/rank/judgments';
import { SERVE_USAGE, serveCommand } from '../serve';
import { parseCommandLine, UsageError } from './args';
import { cmdAudit } from './audit';
import { cmdImport } from './datasets';
import { cmdDemo, cmdFit, cmdResume } from './fits';
import { cmdEdit, cmdShow } from './models';
import { cmdEvaluate, cmdPredict } from './predict';
import { cmdReport } from './report';
import { cmdJudge, cmdRank, cmdSimilar } from './retrieval';

const USAGE = `exemplar — fit a Bayesian Case Model to a table of cases and explore it

Usage:
  exemplar import DATA --out FILE.exemplar [--label COL] [--kind COL=KIND[:opt=v,...]]... [--image RxC] [--json]
  exemplar fit DATA --prototypes S [--label COL] [--iterations N] [--seed K] [--chains C] [--out FILE.exemplar] [--json]
        [--burn-in B] [--alpha A] [--q Q] [--lambda L] [--c C] [--learn-alpha] [--kind ...] [--image RxC] [--dataset ID]
  exemplar show FILE.exemplar [--model ID] [--absences] [--json]
  exemplar resume FILE.exemplar [--model ID] [--extend N] [--json]
  exemplar predict FILE.exemplar [--model ID] --case 'col=value;col=value' ... [--json]
  exemplar evaluate FILE.exemplar [--model ID] [--json]
  exemplar edit FILE.exemplar [--model ID] (pin CLUSTER ROW | unpin CLUSTER | force|forbid|free CLUSTER FEATURE | undo | list)
        [--iterations N] [--json]
  ${SERVE_USAGE}                # the UI in a browser, on 127.0.0.1 with a launch token
  exemplar similar FILE.exemplar [--model ID] (--row R | --case 'col=value;...' | --batch FILE) [--top K]
        [--include-query] [--model-ranking] [--weight FEATURE=W]... [--pin] [--json]
  exemplar judge FILE.exemplar (--qrels PATH | --svmrank PATH) [--dataset ID] [--json]
  exemplar judge FILE.exemplar --export (qrels|svmrank) --out PATH [--model ID]
  exemplar rank train|eval FILE.exemplar [--model ID] [--json]
  exemplar audit FILE.exemplar [--model ID] [--quasi COL,...] [--k K] [--memorization] [--json]   # privacy audit
  exemplar report FILE.exemplar [--model ID] --format html|pdf|md|json|csv[,...] --out PATH [--redact COL,...]
        [--sections data,model,prototypes,clusters,accuracy,criticisms,similar,ranker,audit] [--quasi COL,...] [--k K]
        [--title TEXT] [--json]
  exemplar demo

DATA is a CSV/TSV, ARFF or JSON Lines file, or an .exemplar project (its latest dataset, or --dataset ID).
Column kinds: ${COLUMN_KINDS.join(', ')}. Options: bins=N, edges=a|b|c, delimiter=;, vocabulary=N,
  min-df=N, max-df=N (cases, or a share below 1), stopwords=english|none|w1|w2, missing=absent|unknown.
  e.g. --kind 'px_*=numeric:edges=8'  --kind 'ingredients=set:delimiter=;'
Defaults: 1000 iterations (half burn-in), a random seed (printed), up to 4 chains (one per core).
--verbose adds the execution provider's notes. Clusters are numbered from 0; rows are 0-based data rows.`;

async function main(argv: string[]): Promise<void> {
  if (argv[0] === 'serve') return serveCommand(argv.slice(1));
  const args = parseCommandLine(argv);
  const [command, target, ...rest] = args.positionals;
  if (args.values.help || !command) {
    console.log(USAGE);
    return;
  }
  switch (command) {
    case 'import':
      return cmdImport(args, target);
    case 'fit':
      return cmdFit(args, target);
    case 'demo':
      return cmdDemo();
    case 'show':
      return cmdShow(args, target);
    case 'resume':
      return cmdResume(args, target);
    case 'predict':
      return cmdPredict(args, target);
    case 'evaluate':
      return cmdEvaluate(args, target);
    case 'edit':
      return cmdEdit(args, target, rest);
    case 'similar':
      return cmdSimilar(args, target);
    case 'judge':
      return cmdJudge(args, target);
    case 'rank':
      return cmdRank(args, target, rest[0]);
    case 'audit':
      return cmdAudit(args, target);
    case 'report':
      return cmdReport(args, target);
    default:
      throw new UsageError(`Unknown command "${command}".`);
  }
}

// Exit once stdout has drained: a pipe takes large --json output in several writes, and exiting earlier
// would cut it.
const exit = (code: number) => process.stdout.write('', () => process.exit(code));

main(process.argv.slice(2)).then(
  () => exit(0),
  (e: unknown) => {
    if (e instanceof UsageError) {
      console.error(`exemplar: ${e.message}\n\n${USAGE}`);
      return exit(2);
    }
    // A value the API refuses (the same check as for the app): a usage mistake, said in one line.
    if (e instanceof BadRequest) {
      console.error(`exemplar: ${e.message}`);
      return exit(2);
    }
    const message = e instanceof ImportError || e instanceof JudgmentFormatError ? e.message : `exemplar: ${(e as Error).message}`;
    console.error(message);
    exit(e instanceof Error && e.message === 'cancelled' ? 130 : 1);
  },
);
