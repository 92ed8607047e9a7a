// The version and build the bundles bake in (src/shared/version.ts): package.json's version and the git
// commit, or `unknown` where there is no git checkout (an unpacked tarball).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const root = new URL('..', import.meta.url);
const version = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')).version;

function build() {
  try {
    const git = (...args) => execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const commit = git('rev-parse', '--short=12', 'HEAD');
    return git('status', '--porcelain', '--untracked-files=no') ? `${commit}-dirty` : commit;
  } catch {
    return 'unknown';
  }
}

/** For a bundler's `define`. */
export const versionDefines = { __EXEMPLAR_VERSION__: JSON.stringify(version), __EXEMPLAR_BUILD__: JSON.stringify(build()) };
