// A chain that is stopped and resumed is the chain that never stopped, bit for bit: same final state, same
// trace, same summary. The fit worker resumes a cancelled fit from the state runChain returns, so this is
// what a user who presses Stop and then Resume gets.
import { describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import { BcmSampler } from './sampler';
import { runChain, type ChainResult } from './chain';
import { plantedData } from './testing';
import type { BcmParams } from './model';

const { data } = plantedData(new Rng(31), { n: 30, f: 5, V: 3, S: 3, alpha: 0.3, q: 0.5, lambda: 1, c: 10 });
// learnAlpha: α changes at sweeps 10 and 20 of the burn-in, so a resumed run must also carry the learned α.
const params: BcmParams = { S: 3, alpha: 0.5, q: 0.7, lambda: 0.8, c: 20, sweeps: 30, burnIn: 20, thin: 1, learnAlpha: true, seed: 4 };

type Make = () => BcmSampler;
const fresh: Make = () => new BcmSampler(data, params, new Rng(params.seed));

/** Runs to `stopAfter` sweeps, stops as the worker does (shouldStop), restores from the returned state and runs on. */
function stopAndResume(make: Make, stopAfter: number): { first: ChainResult; second: ChainResult } {
  let sweeps = 0;
  const first = runChain(make(), { onSweep: (s) => (sweeps = s), shouldStop: () => sweeps >= stopAfter });
  const second = runChain(BcmSampler.restore(data, params, first.state));
  return { first, second };
}

/** What differs between an uninterrupted run and a stopped-and-resumed one (nothing, when resuming is exact). */
function differences(whole: ChainResult, first: ChainResult, second: ChainResult): string[] {
  const out: string[] = [];
  if (!Buffer.from(second.state).equals(Buffer.from(whole.state))) out.push('final state');
  const trace = [...first.trace, ...second.trace];
  if (trace.length !== whole.trace.length || trace.some((v, k) => !Object.is(v, whole.trace[k]))) out.push('trace');
  const a = second.summary;
  const b = whole.summary;
  if (a.kept !== b.kept) out.push(`kept ${a.kept} against ${b.kept}`);
  if (!Object.is(a.alpha, b.alpha)) out.push('alpha');
  for (const key of ['pi', 'subspace', 'phi'] as const) if (a[key].some((v, k) => !Object.is(v, b[key][k]))) out.push(key);
  if (JSON.stringify(a.prototypes) !== JSON.stringify(b.prototypes)) out.push('prototypes');
  if (a.sizes.some((v, k) => v !== b.sizes[k])) out.push('sizes');
  return out;
}

describe('stop and resume', () => {
  const whole = runChain(fresh());

  it('keeps a real posterior to compare (sweeps kept after burn-in, α learned)', () => {
    expect(whole.summary.kept).toBe(params.sweeps - params.burnIn);
    expect(whole.summary.alpha).not.toBe(params.alpha);
  });

  // 0: before the first sweep; 7: mid burn-in; 10: just after α was learned; 20: the last burn-in sweep
  // (still nothing kept); 25: after burn-in, with sweeps kept.
  it.each([0, 7, 10, 20, 25])('stopped after %i sweeps, then resumed, equals the uninterrupted run bit for bit', (stopAfter) => {
    const { first, second } = stopAndResume(fresh, stopAfter);
    expect(first.stopped).toBe(true);
    expect(first.trace.length).toBe(stopAfter);
    expect(second.stopped).toBe(false);
    expect(differences(whole, first, second)).toEqual([]);
  });

  it('reports the current state without accumulating it when stopped during burn-in', () => {
    const { first } = stopAndResume(fresh, 7);
    expect(first.summary.kept).toBe(0);
    // The summary is the state's own π (a stopped fit is not saved, but a sampler never double-counts).
    expect(first.summary.pi.every((v) => v > 0 && v < 1)).toBe(true);
    const restored = BcmSampler.restore(data, params, first.state);
    expect(restored.kept).toBe(0);
    expect(restored.piSum.every((v) => v === 0)).toBe(true);
  });

  it('resumes from a periodic checkpoint taken during burn-in as well', () => {
    let saved: Uint8Array | null = null;
    runChain(fresh(), { checkpointEvery: 15, onCheckpoint: (sweep, state) => (saved = sweep === 15 ? state : saved) });
    const second = runChain(BcmSampler.restore(data, params, saved!));
    expect(Buffer.from(second.state).equals(Buffer.from(whole.state))).toBe(true);
    expect(second.summary.pi).toEqual(whole.summary.pi);
  });

  // The check can fail: a sampler whose summary() adds the current state to its accumulators when none were
  // kept (the bug this test was written for) saves kept = 1 with a burn-in state at a stop during burn-in,
  // and its resumed run keeps 11 sweeps against 10, with another π.
  it('rejects a summary that accumulates the burn-in state (the planted bug)', () => {
    class AccumulatingSummary extends BcmSampler {
      override summary() {
        if (this.kept === 0) this.accumulate();
        return super.summary();
      }
    }
    const { first, second } = stopAndResume(() => new AccumulatingSummary(data, params, new Rng(params.seed)), 7);
    const found = differences(whole, first, second);
    expect(found).toContain(`kept ${params.sweeps - params.burnIn + 1} against ${params.sweeps - params.burnIn}`);
    expect(found).toContain('pi');
    // A stop after burn-in is not affected: the accumulators already hold kept sweeps.
    const late = stopAndResume(() => new AccumulatingSummary(data, params, new Rng(params.seed)), 25);
    expect(differences(whole, late.first, late.second)).toEqual([]);
  });
});
