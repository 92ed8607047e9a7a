// A fit's convergence in plain words, from split-R̂ over its chains: the app's top bar and the reports.
import { RHAT_CONVERGED } from './hyperparameters';

const fixed = (x: number) => x.toFixed(2);

/** "converged" / "run longer" from split-R̂, with the reason. */
export function verdict(rhat: number | null, chains: number, status: string): { text: string; tone: 'good' | 'warn' | 'muted'; why: string } {
  if (status !== 'done') return { text: status, tone: 'muted', why: status === 'interrupted' ? 'The process fitting it stopped; continue it from its last checkpoint.' : '' };
  if (chains < 2 || rhat === null) return { text: 'one chain', tone: 'muted', why: 'Convergence is judged by comparing chains: fit with 2 or more to get R̂.' };
  return rhat < RHAT_CONVERGED
    ? { text: 'converged', tone: 'good', why: `Split-R̂ ${fixed(rhat)} < ${RHAT_CONVERGED}: the chains agree on the log joint after burn-in.` }
    : { text: 'run longer', tone: 'warn', why: `Split-R̂ ${fixed(rhat)} ≥ ${RHAT_CONVERGED}: the chains disagree; more sweeps should bring them together.` };
}

