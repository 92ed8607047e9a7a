export { ImportError } from './errors';
export { normaliseCell, type Cell } from './cells';
export { readTable, scanTable, type ReadOptions, type ScanHandlers, type ScanResult, type TableEvent, type TableRow } from './parse';
export type { ColumnHint, Format, TableHeader } from './table';
export { sniffDelimiter } from './csv';
export { collectStats, inferColumns, ColumnStats, DISTINCT_CAP, type InferOptions, type Inference, type TableStats } from './infer';
export { encodeTable, quantileEdges, binNames, binOf, type EncodeOptions, type EncodePhase } from './encode';
export { importTable, encodeCases, type ImportOptions, type ImportResult, type ImportPhase } from './import-table';
