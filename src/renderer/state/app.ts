// Every store of the page, created once and handed to the views.
import { AuditStore } from './audit';
import { EditsStore } from './edits';
import { FitStore } from './fit';
import { ImportStore } from './imports';
import { JobTracker } from './jobs';
import { ProjectStore } from './project';
import { ReportStore } from './report';
import { ReportSettingsStore } from './report-settings';
import { RouteStore } from './route';
import { createSelection, type Selection } from './selection';
import { SimilarStore } from './similar';
import { Store } from './store';
import type { Transport } from './transport';

export interface StatusState {
  /** The onnxruntime provider that scored the last similar-case query. */
  provider: string | null;
  /** When the project file last took a write from this page (edits, grades, imports, fits all save at once). */
  savedAt: number | null;
  /** A passing message for the status line ("Copied", "Saved 3 grades"). */
  message: string | null;
}

export interface App {
  transport: Transport;
  jobs: JobTracker;
  project: ProjectStore;
  selection: Selection;
  route: RouteStore;
  similar: SimilarStore;
  edits: EditsStore;
  fit: FitStore;
  imports: ImportStore;
  report: ReportStore;
  audit: AuditStore;
  /** What the exported report redacts, per dataset (the Audit view adds to it; the Report dialog reads it). */
  reportSettings: ReportSettingsStore;
  status: Store<StatusState>;
}

export function createApp(transport: Transport, win: Window): App {
  const jobs = new JobTracker();
  transport.onEvent((e) => jobs.apply(e));
  const project = new ProjectStore(transport);
  const selection = createSelection();
  const route = new RouteStore(win);
  const similar = new SimilarStore(project);
  const edits = new EditsStore(project, jobs);
  const fit = new FitStore(project, jobs);
  const imports = new ImportStore(transport, project, jobs);
  // A report reaches the user as a download (Electron asks where to save it).
  const report = new ReportStore(project, jobs, (name, bytes, mediaType) => {
    const a = win.document.createElement('a');
    a.href = URL.createObjectURL(new Blob([bytes as BlobPart], { type: mediaType }));
    a.download = name;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
  }, transport.printToPdf?.bind(transport));
  const audit = new AuditStore(project, jobs);
  const reportSettings = new ReportSettingsStore(project);
  const status = new Store<StatusState>({ provider: null, savedAt: null, message: null });

  // The URL keeps the open model and case; the selection and the project follow it back on reload.
  selection.subscribe((s, prev) => s.row !== prev.row && route.set({ case: s.row }));
  project.subscribe((p, prev) => {
    if (p.modelId !== prev.modelId) {
      route.set({ model: p.modelId });
      selection.set({ cluster: null, brushed: null, feature: null });
    }
  });
  route.subscribe((r, prev) => {
    if (r.case !== prev.case && r.case !== selection.get().row) selection.set({ row: r.case });
    if (r.model !== prev.model && r.model !== null && r.model !== project.get().modelId) void project.openModel(r.model);
  });
  similar.subscribe((s, prev) => {
    if (s.response !== prev.response && s.response) status.set({ provider: s.response.provider });
    if (s.saved !== prev.saved && s.saved && !s.saved.error) status.set({ savedAt: s.saved.at });
  });
  jobs.subscribe((j) => j.status === 'done' && status.set({ savedAt: Date.now() }));
  selection.set({ row: route.get().case });
  return { transport, jobs, project, selection, route, similar, edits, fit, imports, report, audit, reportSettings, status };
}
