// A seeded regression test: a small run's exact output is pinned. A change here means the sampler draws
// differently: intended changes update the snapshot in the same commit, with the reason.
import { expect, it } from 'vitest';
import { Rng } from '../rng';
import { BcmSampler } from './sampler';
import { runChain } from './chain';
import { plantedData } from './testing';

it('pins a small seeded run', () => {
  const { data } = plantedData(new Rng(77), { n: 40, f: 6, V: 3, S: 2, alpha: 0.3, q: 0.5, lambda: 1, c: 10 });
  const r = runChain(new BcmSampler(data, { S: 2, alpha: 0.5, q: 0.8, lambda: 1, c: 50, sweeps: 20, burnIn: 10, thin: 1, learnAlpha: true, seed: 5 }, new Rng(5)));
  expect({
    prototypes: r.summary.prototypes.map((p) => [p.row, p.frequency]),
    alpha: r.summary.alpha,
    trace: [r.trace[0], r.trace[9], r.trace[19]],
    pi0: Array.from(r.summary.pi.subarray(0, 2)),
    subspace0: Array.from(r.summary.subspace.subarray(0, 6)),
  }).toMatchInlineSnapshot(`
    {
      "alpha": 0.3316273899720322,
      "pi0": [
        0.8151612941952715,
        0.18483870580472858,
      ],
      "prototypes": [
        [
          35,
          0.30000000000000004,
        ],
        [
          18,
          0.2,
        ],
      ],
      "subspace0": [
        1,
        1,
        1,
        1,
        1,
        0,
      ],
      "trace": [
        -342.03558781268777,
        -244.0841422589579,
        -244.24262409045002,
      ],
    }
  `);
});
