// Benchmark of the Explorer's window on a 100,000-case project (README "Benchmarks"): first paint, the Map's
// pan/zoom frame times, the case table's scrolling, and the longest main-thread task (Long Tasks API) while a
// fit runs and while a similar-case query is answered. Aims: first paint < 1.5 s, no task > 50 ms.
// Run: npm run build:node && npx vite build --config vite.renderer.config.ts && node out/node/bench/explorer.js
//      [--n 100000] [--features 30] [--sweeps 20] [--project FILE.exemplar (reuse)] [--chromium PATH]
//      [--trace FILE.json (Chrome's performance trace of the whole session, for chrome://tracing or DevTools)]
//      [--throttle RATE (the page's CPU slowed RATE times, as DevTools does: a busier or slower machine, repeatably)]
// Needs Chromium (Debian's /usr/bin/chromium, or CHROMIUM_PATH) and Playwright (a dev dependency).
import { execFileSync, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Rng } from '../src/main/engine/rng';

const { values: args } = parseArgs({
  options: {
    n: { type: 'string', default: '100000' },
    features: { type: 'string', default: '30' },
    sweeps: { type: 'string', default: '20' },
    project: { type: 'string' },
    chromium: { type: 'string', default: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
    trace: { type: 'string' },
    throttle: { type: 'string', default: '1' },
  },
});
const n = Number(args.n);
const F = Number(args.features);
const S = 10;
// out/node/bench/explorer.js → out/node/cli.js; from the sources, the built CLI next to them.
const cli = [new URL('../cli.js', import.meta.url), new URL('../out/node/cli.js', import.meta.url)].map((u) => fileURLToPath(u)).find(existsSync);
if (!cli) throw new Error('Build the CLI first: npm run build:node');

/** Cases drawn around S planted prototypes: each cluster fixes 12 features, the rest are noise; a label names the cluster. */
async function writeCases(path: string): Promise<void> {
  const rng = new Rng(1);
  const values = ['a', 'b', 'c', 'd'];
  const protos = Array.from({ length: S }, () => Array.from({ length: F }, () => values[rng.int(4)]));
  const fixed = Array.from({ length: S }, () => new Set(Array.from({ length: 12 }, () => rng.int(F))));
  const out = createWriteStream(path);
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  await write(`id,kind,${Array.from({ length: F }, (_, j) => `f${j}`).join(',')}\n`);
  for (let i = 0; i < n; i++) {
    const k = rng.int(S);
    const row = Array.from({ length: F }, (_, j) => (fixed[k].has(j) && rng.next() < 0.85 ? protos[k][j] : values[rng.int(4)]));
    await write(`case ${i},type ${k},${row.join(',')}\n`);
  }
  await new Promise<void>((r) => out.end(() => r()));
}

const dir = mkdtempSync(join(tmpdir(), 'exemplar-bench-explorer-'));
let project = args.project;
const node = (a: string[]) => execFileSync(process.execPath, [cli, ...a], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
if (!project || !existsSync(project)) {
  project ??= join(dir, 'bench.exemplar');
  const csv = join(dir, 'cases.csv');
  let t = performance.now();
  await writeCases(csv);
  node(['import', csv, '--out', project, '--label', 'kind', '--kind', 'id=identifier']);
  console.log(`project: ${n.toLocaleString('en')} cases × ${F} features imported in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  t = performance.now();
  node(['fit', project, '--prototypes', String(S), '--iterations', args.sweeps!, '--seed', '1', '--chains', '1']);
  console.log(`fit: S = ${S}, ${args.sweeps} sweeps, 1 chain in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

const server = spawn(process.execPath, [cli, 'serve', project, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise<string>((resolve, reject) => {
  createInterface({ input: server.stdout! }).on('line', (line) => {
    const m = /^Exemplar is serving .* at (http:\/\/\S+)$/.exec(line);
    if (m) resolve(m[1]);
  });
  server.once('exit', (code) => reject(new Error(`browser mode exited with code ${code}`)));
});

// Playwright is a dev dependency: imported by name at run time, not bundled.
const playwright = 'playwright-core';
const { chromium } = (await import(playwright)) as typeof import('playwright-core');
const browser = await chromium.launch({ executablePath: existsSync(args.chromium!) ? args.chromium : undefined, args: ['--no-sandbox', '--disable-gpu'] });
// bypassCSP: Playwright's waitForFunction evaluates its predicate with eval, which the page's CSP forbids.
const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, bypassCSP: true });
// Browser-side code as text: this file is type-checked without the DOM's types.
await page.addInitScript({
  content: `
    window.__long = [];
    window.__cardsAt = null;
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__long.push({ start: e.startTime, duration: e.duration }); }).observe({ type: 'longtask', buffered: true });
    new MutationObserver((_m, obs) => {
      if (document.querySelector('[data-testid=prototype-card]')) { window.__cardsAt = performance.now(); obs.disconnect(); }
    }).observe(document, { subtree: true, childList: true });`,
});
const inPage = <T = unknown>(expression: string) => page.evaluate(expression) as Promise<T>;

const now = () => inPage<number>('performance.now()');
const longest = async (from: number, to: number) => {
  const tasks = await inPage<{ start: number; duration: number }[]>('window.__long');
  const inside = tasks.filter((t) => t.start + t.duration >= from && t.start <= to);
  return { count: inside.length, max: inside.reduce((m, t) => Math.max(m, t.duration), 0) };
};
const pct = (a: number[], p: number) => {
  const s = [...a].sort((x, y) => x - y);
  return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : NaN;
};
const ms = (x: number) => `${x.toFixed(1)} ms`;

if (Number(args.throttle) > 1) await (await page.context().newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: Number(args.throttle) });
// The trace costs time of its own: the numbers of a traced run are not the ones to report.
if (args.trace) await browser.startTracing(page, { path: args.trace, screenshots: false, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink.user_timing', 'disabled-by-default-v8.cpu_profiler'] });
try {
  const u = new URL(url);
  u.hash = '#/prototypes';
  await page.goto(u.href);
  await page.waitForSelector('#app[data-ready=true]', { timeout: 120_000 });
  await page.waitForSelector('[data-testid=prototype-card]');
  const paint = await inPage<{ fcp: number; cards: number }>(`({ fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN, cards: window.__cardsAt })`);
  const load = await longest(0, paint.cards);
  console.log(`first paint: ${ms(paint.fcp)} (first contentful paint); prototypes shown at ${ms(paint.cards)}; longest task while loading ${ms(load.max)} (${load.count} over 50 ms)`);

  // Where each phase began (ms since navigation), to place the session's long tasks.
  const phases: string[] = [];
  const phase = async (name: string) => {
    const t = await now();
    phases.push(`${name} ${t.toFixed(0)}`);
    return t;
  };
  // The Map: open it, then zoom with the wheel and pan by dragging.
  let t0 = await phase('map');
  await page.getByRole('link', { name: 'Map', exact: true }).click();
  await page.waitForFunction('(window.__exemplarMap?.frameTimes.length ?? 0) > 0');
  const opened = (await now()) - t0;
  const stage = (await page.getByTestId('map-stage').boundingBox())!;
  // Every animation frame's time, to see the frame rate the user gets while the map moves.
  await inPage(`window.__exemplarMap.frameTimes.length = 0, window.__frames = [], requestAnimationFrame(function tick(t) { window.__frames.push(t); if (window.__frames.length < 100000) requestAnimationFrame(tick); })`);
  t0 = await now();
  await page.mouse.move(stage.x + stage.width / 2, stage.y + stage.height / 2);
  for (let k = 0; k < 20; k++) await page.mouse.wheel(0, -120);
  for (let k = 0; k < 3; k++) {
    await page.mouse.down();
    await page.mouse.move(stage.x + stage.width / 2 + 200, stage.y + stage.height / 2 + 120, { steps: 20 });
    await page.mouse.move(stage.x + stage.width / 2 - 200, stage.y + stage.height / 2 - 120, { steps: 20 });
    await page.mouse.up();
  }
  for (let k = 0; k < 20; k++) await page.mouse.wheel(0, 120);
  const t1 = await now();
  const frames = await inPage<{ draws: number[]; gaps: number[] }>(`({ draws: [...window.__exemplarMap.frameTimes], gaps: window.__frames.slice(1).map((t, k) => t - window.__frames[k]) })`);
  const mapTasks = await longest(t0, t1);
  // The draw alone, forced 30 times back to back (no input handling, no other frame work).
  const forced = await inPage<number[]>(`(() => { const m = window.__exemplarMap; m.frameTimes.length = 0; for (let k = 0; k < 30; k++) m.redraw(); return [...m.frameTimes]; })()`);
  console.log(
    `map (${n.toLocaleString('en')} points): opened in ${ms(opened)}; pan/zoom draw p50 ${ms(pct(frames.draws, 0.5))}, p95 ${ms(pct(frames.draws, 0.95))}, max ${ms(Math.max(...frames.draws))} over ${frames.draws.length} draws; frame interval p50 ${ms(pct(frames.gaps, 0.5))}, p95 ${ms(pct(frames.gaps, 0.95))}; longest task ${ms(mapTasks.max)} (${mapTasks.count} over 50 ms); one draw alone: median ${ms(pct(forced, 0.5))}, best ${ms(Math.min(...forced))}`,
  );

  // The case table: jump through the 100k rows.
  await phase('data view');
  await page.getByRole('link', { name: 'Data', exact: true }).click();
  await page.waitForSelector('[data-testid=case-table] .vbody .vrow', { state: 'attached' });
  t0 = await now();
  for (let k = 1; k <= 40; k++) {
    await inPage(`((el) => { el.scrollTop = ${k / 40} * (el.scrollHeight - el.clientHeight); })(document.querySelector('[data-testid=case-table]'))`);
    await inPage('new Promise((r) => requestAnimationFrame(() => r(null)))');
  }
  await page.waitForFunction(`![...document.querySelectorAll('[data-testid=case-table] .vbody .vrow:not([hidden]) .vcell')].some((c) => c.textContent === '…')`);
  const table = await longest(t0, await now());
  console.log(`case table: 40 jumps through ${n.toLocaleString('en')} rows, longest task ${ms(table.max)} (${table.count} over 50 ms), ${await page.locator('[data-testid=case-table] .vbody .vrow').count()} rows in the DOM`);

  // A fit from the page: progress events stream in while the page draws the trace.
  await page.getByRole('link', { name: 'Fit', exact: true }).click();
  await page.getByTestId('fit-prototypes').fill(String(S));
  await page.getByTestId('fit-iterations').fill(args.sweeps!);
  await page.getByTestId('fit-chains').fill('2');
  await page.getByTestId('fit-seed').fill('2');
  t0 = await phase('fit');
  await page.getByTestId('fit-submit').click();
  await page.waitForFunction(`/^(done|failed|cancelled)$/.test(document.querySelector('[data-testid=fit-status]')?.textContent ?? '')`, null, { timeout: 600_000 });
  const fit = await longest(t0, await now());
  const fitSeconds = ((await now()) - t0) / 1000;
  console.log(`fit from the page (2 chains, ${args.sweeps} sweeps, ${fitSeconds.toFixed(1)} s): longest task ${ms(fit.max)} (${fit.count} over 50 ms), status ${await page.getByTestId('fit-status').textContent()}`);

  // A similar-case query: select a case, press s, wait for the explained results.
  await phase('similar');
  await page.getByTestId('search').fill('#12345');
  await page.getByTestId('search').press('Enter');
  await page.waitForSelector('[data-testid=case-view]');
  t0 = await now();
  await page.keyboard.press('s');
  await page.waitForSelector('[data-testid=similar-result]', { timeout: 120_000 });
  const t2 = await now();
  const sim = await longest(t0, t2);
  console.log(`similar cases: results shown ${ms(t2 - t0)} after s (first query builds the index); longest task ${ms(sim.max)} (${sim.count} over 50 ms)`);
  t0 = await now();
  await page.getByTestId('search').fill('#777');
  await page.getByTestId('search').press('Enter');
  await page.waitForSelector('[data-testid=case-view][data-row="777"]');
  await page.keyboard.press('s');
  await page.waitForFunction(`document.querySelector('[data-testid=similar-query]')?.textContent?.includes('#777') && document.querySelectorAll('[data-testid=similar-result]').length > 0`);
  const t3 = await now();
  const sim2 = await longest(t0, t3);
  console.log(`similar cases again: results shown ${ms(t3 - t0)} after choosing the case; longest task ${ms(sim2.max)} (${sim2.count} over 50 ms)`);
  const all = await longest(0, await now());
  // Each task over 50 ms with when it began (ms since navigation), to tell the phases' tasks apart.
  const over = (await inPage<{ start: number; duration: number }[]>('window.__long')).map((t) => `${ms(t.duration)} at ${t.start.toFixed(0)}`);
  console.log(`whole session: ${all.count} tasks over 50 ms, longest ${ms(all.max)}${over.length ? ` (${over.join(', ')})` : ''}; phases began at: ${phases.join(', ')}`);
} catch (e) {
  const shot = join(tmpdir(), 'exemplar-bench-explorer-failure.png');
  await page.screenshot({ path: shot }).catch(() => {});
  console.error(`failed; the page as it was: ${shot}`);
  throw e;
} finally {
  if (args.trace) await browser.stopTracing();
  await browser.close();
  server.kill('SIGTERM');
  if (!args.project) rmSync(dir, { recursive: true, force: true });
}
