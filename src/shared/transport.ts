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
  'audit',
  'pinRanking',
  'listPins',
  'unpinRanking',
  'report',
] as const;

export type ApiMethod = (typeof API_METHODS)[number];

type Exhaustive = [Exclude<keyof ExemplarApi, ApiMethod>, Exclude<ApiMethod, keyof ExemplarApi>] extends [never, never] ? true : never;
const _exhaustive: Exhaustive = true;
void _exhaustive;

export function isApiMethod(name: string): name is ApiMethod {
  return (API_METHODS as readonly string[]).includes(name);
}

/** A data file the service knows by id: what `importData({ file })` takes. */
export interface OpenedFile {
  file: string;
  /** The file's own name (the dataset's name unless the import gives one). */
  name: string;
}

/** Upload progress: bytes sent so far of total. */
export type ProgressListener = (sent: number, total: number) => void;

/** What the preload exposes to the renderer as `window.exemplar`. */
export interface ExemplarBridge extends ExemplarApi {
  /** Calls listener with every job event; returns the function that unsubscribes. */
  onEvent(listener: (event: JobEvent) => void): () => void;
  /** A dropped or chosen File (its path when it has one, else its bytes), or the native open dialog without one; null when cancelled. */
  openDataFile(file?: File, onProgress?: ProgressListener): Promise<OpenedFile | null>;
  /** Calls listener with each command of the native menu meant for the page (File ▸ Export Report… sends 'report'). */
  onMenu(listener: (command: MenuCommand) => void): () => void;
  /** An HTML report printed to PDF by Chromium (Electron's printToPDF, A4, backgrounds on): the desktop app's PDFs. */
  printToPdf(html: string): Promise<Uint8Array>;
}

/** Native menu items the page acts on. */
export type MenuCommand = 'report';

/**
 * Electron IPC: `ipcRenderer.invoke(ipcChannel(method), argsJson)` answers `{ body }` (the result as JSON
 * bytes) or `{ error: { kind, message } }`; job events arrive on IPC_EVENT_CHANNEL. The main process relays
 * both to the service process without parsing them.
 */
export const ipcChannel = (method: ApiMethod) => `exemplar:${method}`;
export const IPC_EVENT_CHANNEL = 'exemplar:event';
/** The main process sends a MenuCommand here when the user picks a page's menu item. */
export const IPC_MENU_CHANNEL = 'exemplar:menu';
/** The HTML of a report, answered as the bytes of its PDF. */
export const IPC_PRINT_PDF = 'exemplar:printToPdf';
/** The native open dialog for a data file: answers OpenedFile or null. */
export const IPC_OPEN_DATA_FILE = 'exemplar:openDataFile';
/** A file dropped on the window, by the path the preload read from the File (webUtils.getPathForFile). */
export const IPC_DROPPED_FILE = 'exemplar:droppedFile';
/** A File without a path (made by a page, not dropped from disk): its bytes, in chunks. */
export const IPC_UPLOAD_BEGIN = 'exemplar:uploadBegin';
export const IPC_UPLOAD_CHUNK = 'exemplar:uploadChunk';
export const IPC_UPLOAD_END = 'exemplar:uploadEnd';

/** What an IPC call answers. */
export type IpcAnswer<T = Uint8Array> = { body: T } | { error: { kind: string; message: string } };

/**
 * Browser mode: `POST /api/<method>` with a JSON array of arguments answers the JSON result, or
 * `{ error }` with status 400 (rejected input), 404 (no such dataset, model or job), 409 (the project's
 * state forbids it now), 413 (body too large) or 500; `GET /api/events` is a Server-Sent Events stream of
 * JobEvents; `POST /api/upload?name=FILE` takes a data file's bytes as the body and answers OpenedFile.
 * Every /api request carries the launch token in TOKEN_HEADER (EventSource cannot set headers, so the
 * events route also takes `?token=`).
 */
export const TOKEN_HEADER = 'x-exemplar-token';
export const API_PREFIX = '/api/';
export const EVENTS_PATH = '/api/events';
export const UPLOAD_PATH = '/api/upload';
/** Where the page keeps the launch token once it has taken it out of the address bar. */
export const TOKEN_STORAGE_KEY = 'exemplar-token';
