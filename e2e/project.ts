// A fresh project with the demo recipes imported (the e2e specs' fixture data).
import { ExemplarService } from '../src/main/api';

/** recipes: resources/data/recipes.csv, passed in since this file also runs bundled elsewhere (.tmp/e2e). */
export async function makeRecipesProject(path: string, recipes: string): Promise<void> {
  const service = ExemplarService.open(path, { create: true });
  try {
    const { jobId } = await service.importData({ path: recipes, name: 'recipes' });
    await service.wait(jobId);
  } finally {
    service.close();
  }
}
