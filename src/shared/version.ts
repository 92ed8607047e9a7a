// Which Exemplar this is: the package version and the commit it was built from, set by the bundlers
// (scripts/build-node.mjs, electron.vite.config.ts, vitest.config.ts through scripts/version.mjs). Reports
// print both, so a run can be repeated with the same software.
declare const __EXEMPLAR_VERSION__: string | undefined;
declare const __EXEMPLAR_BUILD__: string | undefined;

export const VERSION: string = typeof __EXEMPLAR_VERSION__ === 'string' ? __EXEMPLAR_VERSION__ : '0.0.0-dev';
/** The git commit (short, `-dirty` when the tree had changes), or `unknown` outside a git checkout. */
export const BUILD: string = typeof __EXEMPLAR_BUILD__ === 'string' ? __EXEMPLAR_BUILD__ : 'unknown';
