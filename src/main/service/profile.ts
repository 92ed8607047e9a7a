// The user's own state, outside any project: the folder Exemplar keeps it in, the recent projects, and the
// bundled demo project (the digits: pictures that show at once). Plain files, read and written in a few
// milliseconds, so both the Electron main process and browser mode's HTTP thread may use this module.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { DemoSpec } from './rpc';

/**
 * Where browser mode keeps the demo and the recent list: EXEMPLAR_DATA_DIR when set (tests), else the
 * platform's place for application data (Electron passes app.getPath('userData') instead).
 */
export function dataFolder(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (env.EXEMPLAR_DATA_DIR) return resolve(env.EXEMPLAR_DATA_DIR);
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Exemplar');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Exemplar');
  return join(env.XDG_DATA_HOME || join(home, '.local', 'share'), 'exemplar');
}

const RECENT_MAX = 10;

interface State {
  /** Most recent first. */
  recent: string[];
}

function readState(folder: string): State {
  try {
    const s = JSON.parse(readFileSync(join(folder, 'state.json'), 'utf8')) as Partial<State> & { project?: string };
    const recent = Array.isArray(s.recent) ? s.recent.filter((p): p is string => typeof p === 'string') : [];
    // The shell of earlier versions kept only the last project.
    if (typeof s.project === 'string' && !recent.includes(s.project)) recent.push(s.project);
    return { recent };
  } catch {
    return { recent: [] };
  }
}

/** Recent projects that still exist, most recent first. */
export function recentProjects(folder: string): string[] {
  return readState(folder).recent.filter((p) => existsSync(p));
}

/** Puts a project first in the recent list. */
export function rememberProject(folder: string, project: string): void {
  const path = resolve(project);
  const recent = [path, ...readState(folder).recent.filter((p) => p !== path)].slice(0, RECENT_MAX);
  mkdirSync(folder, { recursive: true });
  // Written aside and renamed, so a crash mid-write never leaves a damaged list.
  const tmp = join(folder, `state.json.${process.pid}.tmp`);
  writeFileSync(tmp, JSON.stringify({ recent }, null, 1));
  renameSync(tmp, join(folder, 'state.json'));
}

export const demoProjectPath = (folder: string) => join(folder, 'demo.exemplar');

/**
 * The digits demo: 8×8 pictures binarised at 8, ten prototypes, a fixed seed, and sweeps enough for a good
 * fit (bcm/digits.test.ts: 300 sweeps give π accuracy ≈ 0.81) in a few seconds, two chains in parallel.
 */
export function digitsDemo(digitsCsv: string): DemoSpec {
  return { data: digitsCsv, label: 'digit', overrides: { 'px_*': { kind: 'numeric', edges: [8] } }, prototypes: 10, iterations: 300, seed: 1, chains: 2 };
}

/** What to open when the user names no project: the last one still on disk, else the demo (made on first use). */
export function startProject(folder: string, digitsCsv: string): { project: string; demo?: DemoSpec } {
  const last = recentProjects(folder)[0];
  if (last) return { project: last, demo: last === demoProjectPath(folder) ? digitsDemo(digitsCsv) : undefined };
  return { project: demoProjectPath(folder), demo: digitsDemo(digitsCsv) };
}
