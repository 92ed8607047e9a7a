// Drives bench/faiss_flat.py: one long-lived Python process per BLAS/OpenMP set-up, asked for timings one
// JSON line at a time, so the engine and FAISS can be measured in turns without reloading a gigabyte of
// vectors each time.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';

export const PYTHON = '/usr/bin/python3';

/**
 * Variables that change how many threads, or which kernels, the peer's BLAS and OpenMP use. All are removed
 * from the peer's environment (and only there), so each configuration sets its threads itself. On some
 * processors OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE are set on this machine for older OpenBLAS builds; they
 * slow a current one, so the peer runs without them and reports the kernel it chose.
 */
export const THREAD_ENV = [
  'OPENBLAS_CORETYPE', 'OPENBLAS_L2_SIZE', 'OPENBLAS_NUM_THREADS', 'GOTO_NUM_THREADS', 'OMP_NUM_THREADS', 'OMP_WAIT_POLICY',
  'OMP_THREAD_LIMIT', 'OMP_DYNAMIC', 'GOMP_SPINCOUNT', 'MKL_NUM_THREADS', 'BLIS_NUM_THREADS',
];

/** One way to start the peer: which BLAS build (a Debian alternative's folder, or the system default) and OpenMP wait policy. */
export interface PeerVariant {
  label: string;
  /** Folder holding libblas.so.3 to load instead of the system's alternative, or null. */
  blasDir: string | null;
  /** OMP_WAIT_POLICY=passive: idle OpenMP threads sleep instead of spinning (kinder on a shared machine). */
  passive: boolean;
}

const LIB = '/usr/lib/x86_64-linux-gnu';

/**
 * The BLAS builds installed here that FAISS can load (Debian's libopenblas0-pthread / -openmp), with idle
 * OpenMP threads sleeping (OMP_WAIT_POLICY=passive) and, when `spinning` too, with libgomp's default (spin a
 * while, then sleep). On this shared 2-core machine spinning threads made configurations with two OpenMP
 * or BLAS threads collapse (10–40× slower at times), and never won by more than the noise.
 */
export function peerVariants(spinning = false): PeerVariant[] {
  const dirs = ['openblas-pthread', 'openblas-openmp'].filter((d) => existsSync(`${LIB}/${d}/libblas.so.3`));
  const builds: { name: string; dir: string | null }[] = dirs.length ? dirs.map((d) => ({ name: d, dir: `${LIB}/${d}` })) : [{ name: 'system BLAS', dir: null }];
  return builds.flatMap((b) => (spinning ? [true, false] : [true]).map((passive) => ({ label: `${b.name}${passive ? ', OMP passive' : ''}`, blasDir: b.dir, passive })));
}

export interface PeerInfo {
  faiss: string;
  faiss_build: string;
  numpy: string;
  cpus: number;
  omp_max_threads: number;
  blas: { internal_api: string; threading_layer: string | null; architecture: string | null; version: string | null; num_threads: number; filepath: string }[] | null;
  blas_libs: string[];
  threadpoolctl: boolean;
  env: Record<string, string>;
  build: { flat_s?: number; binary_s?: number };
}

/** How FAISS is asked to search: its own code path and thread counts (faiss_flat.py explains each path). */
export interface PeerConfig {
  path: 'plain' | 'blas' | 'shards';
  omp: number;
  blas?: number;
  /** A batch searched one query per call. */
  loop?: boolean;
}

export function configLabel(c: PeerConfig): string {
  return `${c.path} omp=${c.omp}${c.blas !== undefined ? ` blas=${c.blas}` : ''}${c.loop ? ', one query per call' : ''}`;
}

export class FaissPeer {
  private readonly pending: { resolve: (v: unknown) => void; reject: (e: Error) => void }[] = [];

  private constructor(
    private readonly proc: ChildProcessWithoutNullStreams,
    readonly variant: PeerVariant,
    readonly info: PeerInfo,
    /** Variables removed from the peer's environment, with the values they had here. */
    readonly removed: Record<string, string>,
  ) {}

  static start(args: string[], variant: PeerVariant): Promise<FaissPeer> {
    const env: Record<string, string | undefined> = { ...process.env };
    const removed: Record<string, string> = {};
    for (const k of THREAD_ENV) {
      if (env[k] !== undefined) removed[k] = env[k]!;
      delete env[k];
    }
    if (variant.blasDir) env.LD_LIBRARY_PATH = [variant.blasDir, env.LD_LIBRARY_PATH].filter(Boolean).join(':');
    if (variant.passive) env.OMP_WAIT_POLICY = 'passive';
    const proc = spawn(PYTHON, ['bench/faiss_flat.py', ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    return new Promise((resolve, reject) => {
      let peer: FaissPeer | null = null;
      let err = '';
      proc.stderr.on('data', (d: Buffer) => {
        err = (err + d.toString()).slice(-4000);
      });
      const lines = createInterface({ input: proc.stdout });
      lines.on('line', (line) => {
        if (!peer) {
          const ready = JSON.parse(line) as { ready: boolean; info: PeerInfo };
          peer = new FaissPeer(proc, variant, ready.info, removed);
          resolve(peer);
          return;
        }
        peer.pending.shift()?.resolve(JSON.parse(line));
      });
      proc.on('exit', (code) => {
        const e = new Error(`faiss_flat.py (${variant.label}) exited with ${code}: ${err.slice(-2000)}`);
        if (!peer) reject(e);
        else for (const p of peer.pending.splice(0)) p.reject(e);
      });
      proc.on('error', reject);
    });
  }

  private killed = false;

  get alive(): boolean {
    return !this.killed && this.proc.exitCode === null && this.proc.signalCode === null;
  }

  /**
   * Sends one request. With timeoutMs, a request still running then is ended by killing the process (a
   * FAISS search cannot be interrupted): the promise rejects with an Error whose message starts "timeout".
   */
  private ask<T>(req: object, timeoutMs?: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const done = { resolve: (v: unknown) => (clearTimeout(timer), resolve(v as T)), reject: (e: Error) => (clearTimeout(timer), reject(e)) };
      this.pending.push(done);
      if (timeoutMs !== undefined) {
        timer = setTimeout(() => {
          this.pending.splice(this.pending.indexOf(done), 1);
          this.killed = true;
          this.proc.kill('SIGKILL');
          reject(new Error(`timeout: stopped after ${(timeoutMs / 1000).toFixed(0)} s`));
        }, timeoutMs);
      }
      this.proc.stdin.write(`${JSON.stringify(req)}\n`);
    });
  }

  /** One search() per query; ms per query, and the rows and FAISS distances of each. */
  single(index: 'flat' | 'binary', config: PeerConfig, queries: number[], k: number, timeoutMs?: number): Promise<{ ms: number[]; rows: number[][]; dist: number[][] }> {
    return this.ask({ op: 'single', index, config, queries, k }, timeoutMs);
  }

  /** One search() per batch of `batch` consecutive queries; ms per batch. */
  batch(index: 'flat' | 'binary', config: PeerConfig, queries: number[], batch: number, k: number, timeoutMs?: number): Promise<{ ms: number[] }> {
    return this.ask({ op: 'batch', index, config, queries, batch, k }, timeoutMs);
  }

  async close(): Promise<void> {
    if (!this.alive) return;
    const done = new Promise((r) => this.proc.once('exit', r));
    this.proc.stdin.write(`${JSON.stringify({ op: 'quit' })}\n`);
    this.proc.stdin.end();
    await done;
  }
}

/** Can the peer run at all? null when yes, else why not. */
export function peerMissing(probe: (cmd: string, args: string[]) => { status: number | null }): string | null {
  if (!existsSync(PYTHON)) return `${PYTHON} not found`;
  if (probe(PYTHON, ['-c', 'import faiss, numpy']).status !== 0) return 'python3-faiss not installed (apt-get install -y python3-faiss python3-numpy)';
  return null;
}
