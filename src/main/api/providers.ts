// Trying GPU execution providers in a separate process, so that a native library's complaints (Dawn prints
// "Couldn't load Vulkan … at operator()" to the terminal when a machine has no GPU driver) reach the user
// as one note, not as what reads like a crash. The outcome is remembered for a day per machine and
// onnxruntime version, so only the first command pays for the probe process.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DataType, encodeModel } from '../engine/retrieval/onnx-proto';
import { defaultProviders, firstLine, providersFromEnv } from '../engine/retrieval/session';

const DAY_MS = 24 * 3600 * 1000;

/** A one-node graph (y = x) that any provider can run. */
function identityModel(): Uint8Array {
  return encodeModel({
    graph: {
      name: 'probe',
      nodes: [{ opType: 'Identity', inputs: ['x'], outputs: ['y'] }],
      inputs: [{ name: 'x', elemType: DataType.FLOAT, dims: [1] }],
      outputs: [{ name: 'y', elemType: DataType.FLOAT, dims: [1] }],
    },
  });
}

const PROBE = `
const ort = await import(process.env.EXEMPLAR_ORT);
const m = ort.default ?? ort;
try {
  const s = await m.InferenceSession.create(Buffer.from(process.env.EXEMPLAR_MODEL, 'base64'), { executionProviders: [process.env.EXEMPLAR_PROVIDER] });
  await s.release();
  process.stdout.write('OK\\n');
} catch (e) {
  process.stdout.write('FAIL ' + String(e && e.message || e).split('\\n')[0] + '\\n');
}`;

interface Outcome {
  ok: boolean;
  reason?: string;
  /** What the native libraries printed while trying (stderr). */
  output?: string;
  at: number;
}

function ortInfo(): { entry: string; version: string } {
  const req = createRequire(import.meta.url);
  const entry = req.resolve('onnxruntime-node');
  const pkg = JSON.parse(readFileSync(join(dirname(req.resolve('onnxruntime-node/package.json')), 'package.json'), 'utf8')) as { version: string };
  return { entry, version: pkg.version };
}

function probe(provider: string, ort: { entry: string; version: string }): Outcome {
  const cacheDir = join(tmpdir(), 'exemplar');
  const cache = join(cacheDir, `provider-${provider}-ort${ort.version}-node${process.versions.node}.json`);
  if (existsSync(cache)) {
    try {
      const o = JSON.parse(readFileSync(cache, 'utf8')) as Outcome;
      if (Date.now() - o.at < DAY_MS) return o;
    } catch {
      // A damaged cache file is probed again.
    }
  }
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', PROBE], {
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, EXEMPLAR_ORT: pathToFileURL(ort.entry).href, EXEMPLAR_MODEL: Buffer.from(identityModel()).toString('base64'), EXEMPLAR_PROVIDER: provider },
  });
  const line = (r.stdout ?? '').trim().split('\n').pop() ?? '';
  const outcome: Outcome = line === 'OK'
    ? { ok: true, at: Date.now() }
    : { ok: false, reason: line.startsWith('FAIL ') ? firstLine(line.slice(5)) : r.error ? r.error.message : `the probe process ended with code ${r.status}`, output: (r.stderr ?? '').trim(), at: Date.now() };
  try {
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(cache, JSON.stringify(outcome));
  } catch {
    // Not remembering only costs the next command another probe.
  }
  return outcome;
}

/**
 * The providers to try in this process (the platform's order, or EXEMPLAR_PROVIDERS), without the GPU
 * providers that failed in a probe process, and a note for each one left out.
 */
export function quietProviders(): { providers: string[]; notes: string[] } {
  const wanted = providersFromEnv() ?? defaultProviders();
  const ort = ortInfo();
  const providers: string[] = [];
  const notes: string[] = [];
  for (const p of wanted) {
    if (p === 'cpu' || p === 'cuda') {
      providers.push(p); // cpu always starts; cuda is skipped quietly when its library is absent (session.ts)
      continue;
    }
    const o = probe(p, ort);
    if (o.ok) providers.push(p);
    else notes.push(`${p}: ${o.reason}${o.output ? ` (its library said: ${o.output.split('\n')[0].slice(0, 160)})` : ''}`);
  }
  if (!providers.length) providers.push('cpu');
  return { providers, notes };
}
