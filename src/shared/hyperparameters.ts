// The fit settings as the app explains them: symbol, default, a one-line meaning and the allowed range.
// The defaults are the engine's (src/main/engine/bcm/model.ts, DEFAULT_PARAMS); hyperparameters.test.ts
// keeps the two equal, since the renderer cannot import main's code.
import { DEFAULT_CHAINS, DEFAULT_ITERATIONS } from './api';

export interface SettingInfo {
  key: 'prototypes' | 'iterations' | 'chains' | 'seed' | 'alpha' | 'q' | 'lambda' | 'c' | 'burnIn';
  /** The model's symbol, printed beside the label (empty for plain settings). */
  symbol: string;
  label: string;
  /** null: chosen when left empty (seed: random; burn-in: half the sweeps; prototypes: asked). */
  default: number | null;
  meaning: string;
  min: number;
  max?: number;
  /** Whole numbers only. */
  integer: boolean;
}

export const SETTINGS: readonly SettingInfo[] = [
  { key: 'prototypes', symbol: 'S', label: 'Prototypes', default: null, min: 1, integer: true, meaning: 'How many clusters, each summed up by one real case.' },
  { key: 'iterations', symbol: '', label: 'Sweeps', default: DEFAULT_ITERATIONS, min: 2, integer: true, meaning: 'Gibbs sweeps per chain; more sweeps, steadier answers.' },
  { key: 'burnIn', symbol: '', label: 'Burn-in', default: null, min: 0, integer: true, meaning: 'Early sweeps left out of the summaries (default: the first half).' },
  { key: 'chains', symbol: '', label: 'Chains', default: DEFAULT_CHAINS, min: 1, max: 64, integer: true, meaning: 'Independent runs in parallel; R̂ compares them to tell if the fit converged.' },
  { key: 'seed', symbol: '', label: 'Seed', default: null, min: 0, max: 2 ** 32 - 1, integer: true, meaning: 'Same seed and data give the same fit (random when empty, then shown).' },
  { key: 'alpha', symbol: 'α', label: 'Mixing', default: 0.5, min: 0, integer: false, meaning: 'How mixed a case may be: small α puts each case in fewer clusters.' },
  { key: 'q', symbol: 'q', label: 'Subspace prior', default: 0.8, min: 0, max: 1, integer: false, meaning: 'Prior chance that a feature is important for a cluster.' },
  { key: 'lambda', symbol: 'λ', label: 'Smoothing', default: 1, min: 0, integer: false, meaning: 'Pseudo-count of every feature value (smooths rare values).' },
  { key: 'c', symbol: 'c', label: 'Copy weight', default: 50, min: 0, integer: false, meaning: 'How strongly a cluster copies its prototype’s value on important features.' },
];

/** The value of split-R̂ below which chains agree (Gelman et al., BDA3 §11.4; the CLI uses the same). */
export const RHAT_CONVERGED = 1.1;
