// Builds the renderer, makes a project with the recipes, and starts browser mode on it on a free port.
// The specs read the page address (token included) from EXEMPLAR_E2E_URL; the teardown stops the server.
import { execFileSync, spawn } from 'node:child_process';
import { build } from 'esbuild';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const root = join(import.meta.dirname, '..');
const node = (args: string[]) => execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });

/**
 * The bundled CLI (`npm run build:node`), once it has the `serve` command. Until then e2e/serve-fixture.ts,
 * bundled here the way scripts/build-node.mjs bundles the CLI: the sampler worker must sit next to the
 * bundle as workers/fit.js, since on Node 20 a worker cannot load the .ts file through tsx.
 */
async function serverCommand(project: string): Promise<string[]> {
  const cli = join(root, 'out', 'node', 'cli.js');
  const recipes = join(root, 'resources', 'data', 'recipes.csv');
  if (existsSync(cli) && node([cli, '--help']).includes('exemplar serve')) {
    node([cli, 'import', recipes, '--out', project]);
    return [cli, 'serve', project, '--port', '0'];
  }
  const outdir = join(root, '.tmp', 'e2e');
  await build({
    entryPoints: [
      { in: join(root, 'e2e', 'serve-fixture.ts'), out: 'serve-fixture' },
      { in: join(root, 'src', 'main', 'workers', 'fit.ts'), out: 'workers/fit' },
    ],
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['better-sqlite3', 'onnxruntime-node', 'electron'],
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'warning',
  });
  return [join(outdir, 'serve-fixture.js'), project, recipes];
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  node([join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'vite.renderer.config.ts', '--logLevel', 'warn']);
  const dir = mkdtempSync(join(tmpdir(), 'exemplar-e2e-'));
  const server = spawn(process.execPath, await serverCommand(join(dir, 'recipes.exemplar')), { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  process.env.EXEMPLAR_E2E_URL = await new Promise<string>((resolve, reject) => {
    createInterface({ input: server.stdout! }).on('line', (line) => {
      const m = /^Exemplar is serving .* at (http:\/\/\S+)$/.exec(line);
      if (m) resolve(m[1]);
    });
    void exited.then(() => reject(new Error(`The browser-mode server exited with code ${server.exitCode} before printing its address.`)));
  });
  return async () => {
    server.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
}
