// What the exported report leaves out: columns whose values are redacted (the Audit view's "Redact on
// export" fix adds to it; the Report dialog reads it). Kept per dataset in localStorage, so a reload or the
// next session exports with the same redactions: a privacy choice should not quietly lapse.
import type { ProjectStore } from './project';
import { Store } from './store';

export interface ReportSettings {
  /** Columns whose values the report redacts, in the order they were added. */
  redact: string[];
}

/** The part of Storage used here (a test passes a Map-backed one). */
export type SettingsStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export const redactKey = (datasetId: number) => `exemplar:redact:${datasetId}`;

function read(storage: SettingsStorage | null, datasetId: number | null): string[] {
  if (!storage || datasetId === null) return [];
  try {
    const v: unknown = JSON.parse(storage.getItem(redactKey(datasetId)) ?? '[]');
    return Array.isArray(v) ? v.filter((c): c is string => typeof c === 'string') : [];
  } catch {
    return [];
  }
}

export class ReportSettingsStore extends Store<ReportSettings> {
  private datasetId: number | null = null;

  constructor(
    project: ProjectStore | null,
    private readonly storage: SettingsStorage | null = typeof localStorage === 'undefined' ? null : localStorage,
  ) {
    super({ redact: [] });
    if (project) {
      this.use(project.get().datasetId);
      project.subscribe((p, prev) => p.datasetId !== prev.datasetId && this.use(p.datasetId));
    }
  }

  /** Switches to a dataset's settings (the project's open dataset follows this). */
  use(datasetId: number | null): void {
    this.datasetId = datasetId;
    this.set({ redact: read(this.storage, datasetId) });
  }

  add(columns: string[]): void {
    const redact = [...this.get().redact];
    for (const c of columns) if (!redact.includes(c)) redact.push(c);
    this.save(redact);
  }

  /** The whole list at once (the Report dialog's choice). */
  replace(columns: string[]): void {
    this.save([...new Set(columns)]);
  }

  remove(column: string): void {
    this.save(this.get().redact.filter((c) => c !== column));
  }

  private save(redact: string[]): void {
    if (redact.length === this.get().redact.length && redact.every((c, k) => c === this.get().redact[k])) return;
    if (this.storage && this.datasetId !== null) {
      if (redact.length) this.storage.setItem(redactKey(this.datasetId), JSON.stringify(redact));
      else this.storage.removeItem(redactKey(this.datasetId));
    }
    this.set({ redact });
  }
}
