// What the three transports of the API (Electron IPC, browser-mode HTTP, CLI) agree on: the method names,
// the channel and route names, and the shape the preload exposes as `window.exemplar`.
import type { ExemplarApi, JobEvent } from './api';

/** Every method of ExemplarApi; the type below fails to compile when the interface gains or loses one. */
export const API_METHODS = [
  'importData',
  'listDatasets',
  'getDataset',
  'fit',
  'resume',
  'listModels',
  'getModel',
  'edit',
  'undo',
  'predict',
  'evaluate',
  'getCases',
  'similar',
  'similarBatch',
  'addJudgments',
  'listJudgments',
  'exportJudgments',
  'trainRanker',
  'evaluateRanker',
  'cancel',
  'wait',
  'redo',
  'getMap',
  'getCluster',
  'getCaseDetails',
  'searchCases',
  'getDatasetStats',
  'reimport',
] as const;

export type ApiMethod = (typeof API_METHODS)[number];

type Exhaustive = [Exclude<keyof ExemplarApi, ApiMethod>, Exclude<ApiMethod, keyof ExemplarApi>] extends [never, never] ? true : never;
const _exhaustive: Exhaustive = true;
void _exhaustive;

export function isApiMethod(name: string): name is ApiMethod {
  return (API_METHODS as readonly string[]).includes(name);
}

/** What the preload exposes to the renderer as `window.exemplar`. */
export interface ExemplarBridge extends ExemplarApi {
  /** Calls listener with every job event; returns the function that unsubscribes. */
  onEvent(listener: (event: JobEvent) => void): () => void;
}

/** Electron IPC: `ipcRenderer.invoke(ipcChannel(method), ...args)`; job events arrive on IPC_EVENT_CHANNEL. */
export const ipcChannel = (method: ApiMethod) => `exemplar:${method}`;
export const IPC_EVENT_CHANNEL = 'exemplar:event';

/**
 * Browser mode: `POST /api/<method>` with a JSON array of arguments answers the JSON result, or
 * `{ error }` with status 400 (rejected input) or 500; `GET /api/events` is a Server-Sent Events stream
 * of JobEvents. Every /api request carries the launch token in TOKEN_HEADER (EventSource cannot set
 * headers, so the events route also takes `?token=`).
 */
export const TOKEN_HEADER = 'x-exemplar-token';
export const API_PREFIX = '/api/';
export const EVENTS_PATH = '/api/events';
