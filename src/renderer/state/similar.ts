// Similar cases: the query (a case, or a partly filled form), its explained results, the user's grades
// (saved as judgments at once), the ranking in use, and what learning from the grades reported.
import type { RankingPin, RankReport, SimilarQuery, SimilarResponse } from '../../shared/api';
import type { ProjectStore } from './project';
import { Store } from './store';

export type SimilarQueryState = { row: number } | { form: Record<string, string | null> };

export interface SimilarState {
  query: SimilarQueryState | null;
  response: SimilarResponse | null;
  loading: boolean;
  error: string | null;
  /** Rank with the learned weights when the model has them. */
  learned: boolean;
  /** The model has learned weights (a response ranked with them, or training just stored them). */
  hasLearned: boolean;
  /** Grades of the current query's results, by result row. */
  grades: Map<number, number>;
  /** Judgments in the dataset, all queries. */
  judged: number;
  /** Queries with at least one judgment. */
  judgedQueries: number;
  training: boolean;
  report: RankReport | null;
  /** The last grade write: when it was saved, or its error. */
  saved: { at: number; error?: string } | null;
  top: number;
  /** The pin of this query in the model's report, when it is pinned. */
  pin: RankingPin | null;
}

export class SimilarStore extends Store<SimilarState> {
  /** Bumped per search, so a slow answer to an older query is dropped. */
  private generation = 0;
  private previous: SimilarQueryState | null = null;

  constructor(private readonly project: ProjectStore) {
    super({
      query: null, response: null, loading: false, error: null, learned: true, hasLearned: false, grades: new Map(), judged: 0,
      judgedQueries: 0, training: false, report: null, saved: null, top: 20, pin: null,
    });
    // Another model: another ranking.
    project.subscribe((p, prev) => {
      if (p.modelId !== prev.modelId) this.set({ response: null, hasLearned: false, report: null });
    });
  }

  async search(query: SimilarQueryState | null = this.get().query): Promise<void> {
    const { modelId, datasetId } = this.project.get();
    this.set({ query });
    if (!query || modelId === null || datasetId === null) return;
    const generation = ++this.generation;
    // A new query's results replace the old at once (a re-ranking of the same query keeps them until the new ones come).
    const same = JSON.stringify(query) === JSON.stringify(this.previous);
    this.previous = query;
    this.set(same ? { loading: true, error: null } : { loading: true, error: null, response: null, grades: new Map() });
    try {
      const [response, judgments, pins] = await Promise.all([
        this.project.api.similar({ modelId, ...query, top: this.get().top, learned: this.get().learned }),
        this.project.api.listJudgments(datasetId),
        this.project.api.listPins(modelId),
      ]);
      if (generation !== this.generation) return;
      const row = 'row' in query ? query.row : null;
      const grades = new Map(judgments.filter((j) => j.query === row).map((j) => [j.doc, j.grade]));
      this.set({
        response, grades, loading: false, pin: pins.find((p) => samePinQuery(p.query, query)) ?? null,
        judged: judgments.length, judgedQueries: new Set(judgments.map((j) => j.query)).size,
        hasLearned: this.get().hasLearned || response.ranking === 'learned',
      });
    } catch (e) {
      if (generation === this.generation) this.set({ loading: false, error: (e as Error).message });
    }
  }

  /** Saves one grade at once (judgments need a case as the query). */
  async grade(doc: number, grade: number): Promise<void> {
    const { query } = this.get();
    const datasetId = this.project.get().datasetId;
    if (!query || !('row' in query) || datasetId === null) return;
    const grades = new Map(this.get().grades);
    const isNew = !grades.has(doc);
    grades.set(doc, grade);
    const hadQuery = this.get().grades.size > 0;
    this.set({ grades, judged: this.get().judged + (isNew ? 1 : 0), judgedQueries: this.get().judgedQueries + (hadQuery ? 0 : 1) });
    try {
      await this.project.api.addJudgments({ datasetId, judgments: [{ query: query.row, doc, grade }] });
      this.set({ saved: { at: Date.now() } });
    } catch (e) {
      this.set({ saved: { at: Date.now(), error: (e as Error).message } });
    }
  }

  /** RankSVM on every judgment of the dataset; stores the learned weights and ranks with them. */
  async learn(): Promise<void> {
    const modelId = this.project.get().modelId;
    if (modelId === null) return;
    this.set({ training: true, error: null });
    try {
      const report = await this.project.api.trainRanker(modelId);
      this.set({ report, training: false, hasLearned: true, learned: true });
      await this.search();
    } catch (e) {
      this.set({ training: false, error: (e as Error).message });
    }
  }

  /** Pins this query's ranking to the model's report (top 10), or unpins it. */
  async togglePin(): Promise<void> {
    const { query, pin } = this.get();
    const modelId = this.project.get().modelId;
    if (!query || modelId === null) return;
    try {
      if (pin) {
        await this.project.api.unpinRanking(pin.id);
        this.set({ pin: null });
      } else this.set({ pin: await this.project.api.pinRanking({ modelId, query, top: 10 }) });
    } catch (e) {
      this.set({ error: (e as Error).message });
    }
  }

  async setLearned(learned: boolean): Promise<void> {
    this.set({ learned });
    await this.search();
  }
}

/** The same query: the same row, or the same filled fields (in any order). */
function samePinQuery(a: SimilarQuery, b: SimilarQueryState): boolean {
  if ('row' in b) return a.row === b.row;
  const fa = a.form ?? {};
  const fb = b.form;
  return a.row === undefined && Object.keys(fa).length === Object.keys(fb).length && Object.entries(fa).every(([k, v]) => fb[k] === v);
}
