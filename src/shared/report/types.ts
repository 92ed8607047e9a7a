// An interpretable report: one JSON document (ReportData) that every format is drawn from. The JSON format is
// this document itself; HTML, Markdown and PDF lay it out with the app's own charts; CSV is π by case.
// Values of redacted columns never enter the document: the builder replaces them before any format sees it.
import type { AuditReport, ChainView, RankReport, SimilarContribution } from '../api';
import type { ColumnKind, ImageShape } from '../data';

/** The sections a report can hold, in the order they appear. */
export const REPORT_SECTIONS = ['data', 'model', 'prototypes', 'clusters', 'accuracy', 'criticisms', 'similar', 'ranker', 'audit'] as const;
export type ReportSection = (typeof REPORT_SECTIONS)[number];

export const SECTION_TITLES: Record<ReportSection, string> = {
  data: 'Data',
  model: 'Model and convergence',
  prototypes: 'Prototypes',
  clusters: 'Clusters',
  accuracy: 'Classification accuracy',
  criticisms: 'Criticisms',
  similar: 'Pinned similar-case rankings',
  ranker: 'Learned ranking',
  audit: 'Privacy audit',
};

export const REPORT_FORMATS = ['html', 'pdf', 'md', 'json', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** What a redacted value is written as, everywhere. */
export const REDACTED = '[redacted]';

export interface ReportRequest {
  modelId: number;
  formats: ReportFormat[];
  /** Default: every section. */
  sections?: ReportSection[];
  /** Columns whose values are left out of every format (names, quasi-identifiers, …). */
  redact?: string[];
  /** The audit's quasi-identifier columns and threshold (as AuditRequest). */
  quasi?: string[];
  k?: number;
  /** The report's title (default: the dataset's name and the model). */
  title?: string;
  /** The file name the files are named after (default `exemplar-report`): `report.html`, `report-pi.csv`, `report-charts/…`. */
  stem?: string;
}

/** One file of a report. Markdown's charts are files of their own beside it (`<stem>-charts/NN-name.svg`). */
export interface ReportFile {
  /** Relative path: `stem.html`, `stem-charts/01-trace.svg`. */
  name: string;
  mediaType: string;
  /** base64 of the bytes. */
  data: string;
}

export interface ReportOutput {
  files: ReportFile[];
  /** The columns whose values were left out. */
  redacted: string[];
  sections: ReportSection[];
}

/** A case as a report names it: its row, and its name and label unless their columns are redacted. */
export interface ReportCase {
  row: number;
  name: string | null;
  label: string | null;
}

export interface ReportColumn {
  name: string;
  kind: ColumnKind;
  missing: number;
  distinct: number;
  /** The most frequent values or bins (empty when redacted). */
  bins: { label: string; count: number }[];
  more: number;
  redacted: boolean;
}

export interface ReportSubspaceFeature {
  feature: string;
  /** The column the feature comes from (a set item's or a pixel's column). */
  column: string;
  /** P(ω = 1). */
  probability: number;
  /** The prototype's value, φ of that value in the cluster, and its share among all cases. */
  value: string;
  phi: number;
  overall: number;
}

export interface ReportPrototype extends ReportCase {
  cluster: number;
  /** Posterior frequency of this case as the prototype. */
  frequency: number;
  pinned: boolean;
  /** Cases whose largest π is this cluster. */
  size: number;
  /** Features with P(ω = 1) ≥ 0.5, most probable first. */
  subspace: ReportSubspaceFeature[];
  labelMix: { label: string; count: number; share: number }[];
  /**
   * The prototype's set and text columns, as the app shows them (not redacted ones): a set's items, or the
   * text itself (cut at REPORT_TEXT_CHARS); `key` holds the items, or the lower-cased words, in the subspace.
   */
  content: ReportContent[];
  /** For image-shaped data: the prototype's pixels (row-major; null where missing or redacted) and P(ω = 1) per pixel. */
  picture: { values: (number | null)[]; probability: number[]; max: number } | null;
}

export type ReportContent = { column: string; key: string[] } & ({ kind: 'set'; items: string[] } | { kind: 'text'; text: string });

export interface ReportRanking {
  /** The query: a case, or a partly filled one (its column → value, redacted columns replaced). */
  query: { case: ReportCase | null; form: Record<string, string | null> | null };
  ranking: 'model' | 'learned';
  pinnedAt: string;
  /** Each result with its set and text columns (not redacted ones; a text cut at REPORT_RESULT_TEXT_CHARS), `key` the items and words it shares with the query. */
  results: (ReportCase & { score: number; contributions: SimilarContribution[]; grade: number | null; content: ReportContent[] })[];
}

export interface ReportData {
  format: 'exemplar-report';
  version: 1;
  title: string;
  createdAt: string;
  sections: ReportSection[];
  /** Columns whose values were left out. */
  redacted: string[];
  software: { name: 'Exemplar'; version: string; build: string; node: string; platform: string };
  /**
   * What reproduces the fit exactly: the data's and the software's fingerprints (sha256) and the commands that
   * import the same data with the same kinds and fit it with the same settings and seed.
   */
  reproduce: { dataFingerprint: string; softwareFingerprint: string; commands: string[] };
  dataset: { id: number; name: string; source: string; format: string; rows: number; labelColumn: string | null; image: ImageShape | null; columns: ReportColumn[] };
  model: {
    id: number;
    status: string;
    createdAt: string | null;
    params: Record<string, number | boolean>;
    alpha: number;
    chains: ChainView[];
    summarisedChain: number;
    rhat: number | null;
    /** A sentence: converged, run longer, or one chain. */
    verdict: string;
    secondsPerSweep: number;
    /** Log joint per sweep of every chain. */
    traces: number[][];
    burnIn: number;
    sweeps: number;
    edits: { seq: number; description: string; undone: boolean }[];
  };
  prototypes: ReportPrototype[];
  accuracy: { labelColumn: string | null; piAccuracy: number | null; folds: number; unsupervisedAccuracy: number | null } | null;
  criticisms: (ReportCase & { cluster: number; logLikelihood: number; features: { feature: string; value: string; penalty: number }[] })[];
  rankings: ReportRanking[];
  ranker: (RankReport & { note: string | null }) | null;
  audit: AuditReport | null;
}
