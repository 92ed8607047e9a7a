// Charts as SVG strings, the same in the page and in Node (reports): see each file's DEFAULTS for options.
export * from './palette';
export { CHART_DEFAULTS, escapeXml, type ChartOptions } from './svg';
export * from './prototype-picture';
export * from './label-mix-bar';
export * from './pi-bars';
export * from './contribution-bar';
export * from './subspace-feature-bars';
export * from './trace-chart';
export * from './histogram';
export * from './metrics-bars';
export * from './weight-bars';
