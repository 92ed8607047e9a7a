// Browser mode from the sources on FILE.exemplar, a new project with the recipes imported when FILE does
// not exist; it prints what `exemplar serve` prints. e2e/global-setup.ts bundles and runs it
// (`node .tmp/e2e/serve-fixture.js FILE RECIPES.csv`) until out/node/cli.js has the `serve` command.
import { existsSync } from 'node:fs';
import { serveCommand } from '../src/main/serve';
import { makeRecipesProject } from './project';

const [project, recipes] = process.argv.slice(2);
if (!project || !recipes) throw new Error('usage: node .tmp/e2e/serve-fixture.js FILE.exemplar resources/data/recipes.csv');
if (!existsSync(project)) await makeRecipesProject(project, recipes);
await serveCommand([project, '--port', '0']);
