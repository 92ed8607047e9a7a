// The report store against a fake service: one file is handed over as itself, several as one zip, and in the
// desktop app a PDF is printed from the HTML report by Chromium (the service is asked for the HTML instead,
// which is handed over only if it was asked for too). A failed print or job is an error the dialog shows.
import { describe, expect, it } from 'vitest';
import type { DatasetInfo, ExemplarApi, ModelView } from '../../shared/api';
import type { ReportOutput, ReportRequest } from '../../shared/report/types';
import { JobTracker } from './jobs';
import { ProjectStore } from './project';
import { ReportStore } from './report';
import type { Transport } from './transport';

const b64 = (s: string) => btoa(String.fromCharCode(...new TextEncoder().encode(s)));

function setup(printToPdf?: (html: string) => Promise<Uint8Array>, fail = false) {
  const asked: ReportRequest[] = [];
  const jobs = new JobTracker();
  const api = {
    report: async (req: ReportRequest) => {
      asked.push(req);
      const out: ReportOutput = {
        files: req.formats.map((f) => ({ name: `${req.stem}.${f}`, mediaType: f === 'html' ? 'text/html' : 'application/json', data: b64(f === 'html' ? '<p>π report</p>' : '{}') })),
        redacted: req.redact ?? [],
        sections: ['model'],
      };
      // The job's events, as the transport would deliver them.
      setTimeout(() => jobs.apply(fail ? { type: 'failed', jobId: 'j1', error: 'No column "x" to redact' } : { type: 'done', jobId: 'j1', result: out }));
      return { jobId: 'j1', modelId: 3 };
    },
  } as Partial<ExemplarApi>;
  const t = { kind: 'http', api: api as ExemplarApi, onEvent: () => () => {}, ready: Promise.resolve(), openDataFile: async () => null } as Transport;
  const project = new ProjectStore(t);
  project.set({ modelId: 3, model: { id: 3, status: 'done' } as ModelView, dataset: { name: 'zoo.csv' } as DatasetInfo });
  const delivered: { name: string; bytes: Uint8Array; type: string }[] = [];
  const report = new ReportStore(project, jobs, (name, bytes, type) => delivered.push({ name, bytes, type }), printToPdf);
  return { report, asked, delivered };
}

describe('the report store', () => {
  it('hands one file over as itself, and several as one zip named after the dataset and model', async () => {
    const one = setup();
    await one.report.export({ sections: ['model'], formats: ['html'], redact: ['name'] });
    expect(one.asked[0]).toEqual({ modelId: 3, formats: ['html'], sections: ['model'], redact: ['name'], stem: 'zoo-model-3-report' });
    expect(one.delivered.map((d) => [d.name, d.type])).toEqual([['zoo-model-3-report.html', 'text/html']]);
    expect(new TextDecoder().decode(one.delivered[0].bytes)).toBe('<p>π report</p>');

    const two = setup();
    await two.report.export({ sections: ['model'], formats: ['html', 'json'], redact: [] });
    expect(two.delivered.map((d) => d.name)).toEqual(['zoo-model-3-report.zip']);
    expect(two.report.get().saved).toEqual({ name: 'zoo-model-3-report.zip', files: ['zoo-model-3-report.html', 'zoo-model-3-report.json'] });
  });

  it('prints the PDF from the HTML where the desktop app can, handing over the HTML only if it was asked for', async () => {
    const printed: string[] = [];
    const s = setup(async (html) => (printed.push(html), new TextEncoder().encode('%PDF-1.7')));
    await s.report.export({ sections: ['model'], formats: ['pdf'], redact: [] });
    expect(s.asked[0].formats).toEqual(['html']);
    expect(printed).toEqual(['<p>π report</p>']);
    expect(s.delivered.map((d) => [d.name, d.type])).toEqual([['zoo-model-3-report.pdf', 'application/pdf']]);

    const failing = setup(async () => {
      throw new Error('printToPDF failed');
    });
    await failing.report.export({ sections: ['model'], formats: ['pdf', 'html'], redact: [] });
    expect(failing.delivered).toEqual([]);
    expect(failing.report.get().error).toBe('The PDF could not be printed: printToPDF failed');
  });

  it('says why a report failed, and is ready for the next', async () => {
    const s = setup(undefined, true);
    await s.report.export({ sections: ['model'], formats: ['json'], redact: ['x'] });
    expect(s.report.get()).toMatchObject({ error: 'No column "x" to redact', jobId: null, saved: null });
  });
});
