// Creates an onnxruntime-node session on the best execution provider that works here. onnxruntime does not
// fall back by itself when a provider cannot start (WebGPU without an adapter throws at session creation),
// so providers are tried one at a time, in the platform's order, and every failure is kept to show the user.

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';

export interface ProviderAttempt {
  provider: string;
  ok: boolean;
  /** Why it was skipped or failed. */
  reason?: string;
}

export interface SessionChoice {
  session: ort.InferenceSession;
  /** The provider the session runs on. */
  provider: string;
  /** Every provider tried, in order, up to and including the one chosen. */
  attempts: ProviderAttempt[];
}

export interface SessionOptions {
  /** Providers to try, in order; default: EXEMPLAR_PROVIDERS (comma-separated), else defaultProviders(). */
  providers?: string[];
  /** Intra-op threads for the CPU provider (default: onnxruntime's, one per physical core). */
  threads?: number;
  /**
   * Let idle intra-op threads spin-wait for work (onnxruntime's default, true): lowest latency; false
   * frees the cores between runs, kinder to other processes on a small machine.
   */
  spinning?: boolean;
  /**
   * Checks a freshly created session (e.g. one run on a tiny input): a provider that creates a session
   * but cannot run it is skipped like one that fails to start.
   */
  probe?: (session: ort.InferenceSession) => Promise<void>;
}

/** The order to try on this platform: the GPU providers that can exist here, then 'cpu'. */
export function defaultProviders(platform: string = process.platform, arch: string = process.arch, cudaPresent = cudaBinariesPresent()): string[] {
  const list: string[] = [];
  if (platform === 'linux' && arch === 'x64' && cudaPresent) list.push('cuda');
  list.push('webgpu');
  if (platform === 'win32') list.push('dml');
  if (platform === 'darwin') list.push('coreml');
  list.push('cpu');
  return list;
}

/** EXEMPLAR_PROVIDERS=cpu or =webgpu,cpu; null when unset or empty. */
export function providersFromEnv(env: Record<string, string | undefined> = process.env): string[] | null {
  const v = env.EXEMPLAR_PROVIDERS?.trim();
  if (!v) return null;
  return v
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s.length > 0);
}

/**
 * The CUDA provider ships as a separate library that the npm package downloads only on request
 * (onnxruntime-node-install); it is usable only when that file sits next to the binding.
 */
export function cudaBinariesPresent(): boolean {
  try {
    const req = createRequire(import.meta.url);
    const root = dirname(req.resolve('onnxruntime-node/package.json'));
    return existsSync(join(root, 'bin', 'napi-v6', process.platform, process.arch, 'libonnxruntime_providers_cuda.so'));
  } catch {
    return false;
  }
}

/** Creates the session on the first provider, in order, that starts (and passes `probe`). */
export async function createSession(model: Uint8Array, opts: SessionOptions = {}): Promise<SessionChoice> {
  const providers = opts.providers ?? providersFromEnv() ?? defaultProviders();
  if (providers.length === 0) throw new Error('no execution provider to try');
  const attempts: ProviderAttempt[] = [];
  for (const provider of providers) {
    if (provider === 'cuda' && !cudaBinariesPresent()) {
      attempts.push({ provider, ok: false, reason: 'CUDA provider library not installed (onnxruntime-node ships it separately)' });
      continue;
    }
    let session: ort.InferenceSession | null = null;
    try {
      session = await ort.InferenceSession.create(model, {
        executionProviders: [provider],
        graphOptimizationLevel: 'all',
        ...(opts.threads !== undefined && provider === 'cpu' ? { intraOpNumThreads: opts.threads } : {}),
        ...(opts.spinning === false ? { extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } } } : {}),
      });
      if (opts.probe) await opts.probe(session);
      attempts.push({ provider, ok: true });
      return { session, provider, attempts };
    } catch (e) {
      attempts.push({ provider, ok: false, reason: firstLine(e) });
      if (session) await session.release().catch(() => undefined);
    }
  }
  const why = attempts.map((a) => `${a.provider}: ${a.reason}`).join('; ');
  throw new Error(`no execution provider could run the retrieval graph (${why})`);
}

/** onnxruntime's messages carry a source path first; keep the part a user can read. */
export function firstLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  const line = msg.split('\n')[0];
  const m = /(?:was false\.|\]) ?(.*)$/.exec(line);
  return (m && m[1].trim()) || line;
}
