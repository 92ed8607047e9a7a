// TEMPORARY placeholder until the pdf branch merges (not committed).
import type { ReportChart } from '../../../shared/report/charts';
import type { ReportData } from '../../../shared/report/types';
export async function reportPdf(_d: ReportData, _c: ReportChart[]): Promise<Buffer> {
  throw new Error('PDF writer not merged yet');
}
