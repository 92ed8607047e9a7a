// Crash safety: a sampler process killed with SIGKILL while it writes checkpoints leaves a file that opens,
// passes integrity_check, and holds a complete latest checkpoint per chain, consistent with its trace.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { fromBlob } from './blob';
import { getTraces, loadLatestCheckpoints } from './chains';
import { insertDataset } from './datasets';
import { openProject } from './db';
import { createModel } from './models';
import { makeCases, meta, tempDir } from './testing';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const STATE_VALUES = 250_000; // 2 MB of float64 per checkpoint, so the kill likely lands mid-write

// Runs in the child (through tsx, as the real store code): checkpoints chains 0 and 1 in turn, forever.
// Every value of the state of sweep s is s + i / STATE_VALUES, so a torn or stale state shows.
const child = (projectPath: string, modelId: number) => `
  import { openProject, saveCheckpoint } from ${JSON.stringify(new URL('./index.ts', import.meta.url).href)};
  const project = openProject(${JSON.stringify(projectPath)});
  const state = new Float64Array(${STATE_VALUES});
  for (let sweep = 1; ; sweep++) {
    for (const chain of [0, 1]) {
      for (let i = 0; i < state.length; i++) state[i] = sweep + i / state.length;
      saveCheckpoint(project, ${modelId}, chain, sweep, new Uint8Array(state.buffer), [{ sweep, logJoint: -1000 / sweep }]);
    }
    process.stdout.write(sweep + '\\n');
  }
`;

let cleanup = () => {};
afterEach(() => cleanup());

it('survives SIGKILL while writing checkpoints', async () => {
  const tmp = tempDir();
  cleanup = tmp.cleanup;
  const path = join(tmp.dir, 'crash.exemplar');
  const setup = openProject(path, { create: true });
  const modelId = createModel(setup, insertDataset(setup, meta, makeCases(3).cases, makeCases(3).rows), {}, [1, 2]);
  setup.close();

  const script = join(tmp.dir, 'sampler.ts');
  writeFileSync(script, child(path, modelId));
  const proc = spawn(process.execPath, ['--import', 'tsx', script], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => (stderr += d));
  const exit = new Promise<NodeJS.Signals | null>((resolve) => proc.on('exit', (_code, signal) => resolve(signal)));

  // Kill once it has reported a few completed sweeps (it is in the middle of the next one by then).
  let reported = 0;
  proc.stdout.on('data', (d: Buffer) => {
    reported += d.toString().split('\n').filter(Boolean).length;
    if (reported >= 5) proc.kill('SIGKILL');
  });
  expect(await exit, stderr).toBe('SIGKILL');

  const project = openProject(path);
  try {
    expect(project.db.pragma('integrity_check', { simple: true })).toBe('ok');
    const checkpoints = loadLatestCheckpoints(project, modelId);
    expect(checkpoints.map((c) => c.chain)).toEqual([0, 1]);
    for (const c of checkpoints) {
      expect(c.sweep).toBeGreaterThanOrEqual(5);
      const state = fromBlob(c.state, 'float64');
      expect(state.length).toBe(STATE_VALUES);
      expect(state.every((v, i) => v === c.sweep + i / STATE_VALUES)).toBe(true);
      // The trace was written in the same transaction: it ends exactly at the checkpoint's sweep.
      expect(getTraces(project, modelId, c.chain).map((t) => t.sweep)).toEqual(Array.from({ length: c.sweep }, (_, i) => i + 1));
    }
  } finally {
    project.close();
  }
});
