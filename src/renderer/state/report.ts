// The report the page exports: the sections and formats asked for, the job that writes it (progress in the
// status line like any job, cancellable), and the files handed to the user as one download (a .zip when
// there are several: the Markdown with its charts, or several formats).
import type { ReportFormat, ReportOutput, ReportSection } from '../../shared/report/types';
import { zip } from '../../shared/zip';
import type { JobTracker } from './jobs';
import type { ProjectStore } from './project';
import { Store } from './store';

export interface ReportState {
  jobId: string | null;
  /** What the last export gave the user: the download's name and the files in it. */
  saved: { name: string; files: string[] } | null;
  error: string | null;
}

/** Hands bytes to the user as a file (the page: a download). */
export type Deliver = (name: string, bytes: Uint8Array, mediaType: string) => void;

export interface ReportChoice {
  sections: ReportSection[];
  formats: ReportFormat[];
  redact: string[];
}

export class ReportStore extends Store<ReportState> {
  /**
   * printToPdf: the desktop app prints the HTML report with Chromium (Electron's printToPDF), so its PDF looks
   * like the HTML; without it (browser mode) the service writes the PDF itself (pdfkit), as the CLI does.
   */
  constructor(
    private readonly project: ProjectStore,
    private readonly jobs: JobTracker,
    private readonly deliver: Deliver,
    private readonly printToPdf?: (html: string) => Promise<Uint8Array>,
  ) {
    super({ jobId: null, saved: null, error: null });
  }

  /** `zoo-model-3-report`: what the files are called. */
  stem(): string {
    const { dataset, modelId } = this.project.get();
    const base = (dataset?.name ?? 'exemplar').replace(/\.[^.]+$/, '').replace(/[^\w.-]+/g, '-').replace(/^[.-]+/, '') || 'exemplar';
    return `${base}-model-${modelId}-report`;
  }

  async export(choice: ReportChoice): Promise<void> {
    const modelId = this.project.get().modelId;
    if (modelId === null || this.get().jobId) return;
    this.set({ error: null, saved: null });
    const stem = this.stem();
    try {
      const printPdf = !!this.printToPdf && choice.formats.includes('pdf');
      const formats = printPdf ? [...new Set([...choice.formats.filter((f) => f !== 'pdf'), 'html' as const])] : choice.formats;
      const ref = await this.project.api.report({ modelId, formats, sections: choice.sections, redact: choice.redact, stem });
      this.jobs.describe(ref.jobId, `Writing the report of model ${modelId}`, modelId);
      this.set({ jobId: ref.jobId });
      const job = await this.jobs.finished(ref.jobId);
      if (job.status === 'cancelled') return;
      if (job.status === 'failed') throw new Error(job.error ?? 'The report failed.');
      const out = job.result as ReportOutput;
      let files: { name: string; mediaType: string; bytes: Uint8Array }[] = out.files.map((f) => ({ name: f.name, mediaType: f.mediaType, bytes: Uint8Array.from(atob(f.data), (c) => c.charCodeAt(0)) }));
      if (printPdf) {
        const html = files.find((f) => f.name === `${stem}.html`)!;
        const pdf = await this.printToPdf!(new TextDecoder().decode(html.bytes)).catch((e: unknown) => {
          throw new Error(`The PDF could not be printed: ${(e as Error).message}`);
        });
        if (!choice.formats.includes('html')) files = files.filter((f) => f !== html);
        files.push({ name: `${stem}.pdf`, mediaType: 'application/pdf', bytes: pdf });
      }
      if (files.length === 1) this.deliver(files[0].name, files[0].bytes, files[0].mediaType);
      else this.deliver(`${stem}.zip`, zip(files), 'application/zip');
      this.set({ saved: { name: files.length === 1 ? files[0].name : `${stem}.zip`, files: files.map((f) => f.name) } });
    } catch (e) {
      this.set({ error: (e as Error).message });
    } finally {
      this.set({ jobId: null });
    }
  }

  cancel(): void {
    const id = this.get().jobId;
    if (id) void this.project.api.cancel(id);
  }
}
