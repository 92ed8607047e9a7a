// How the renderer reaches ExemplarService: through the preload's `window.exemplar` in Electron, or over
// HTTP to the browser-mode server (src/main/serve.ts) that served this page. In browser mode the launch
// token arrives in the page address (`?token=`); the page takes it out of the address bar at once (so it is
// not left in history, bookmarks or a shared screen) and keeps it in session storage for reloads.
import type { ExemplarApi, JobEvent } from '../../shared/api';
import {
  API_METHODS,
  API_PREFIX,
  EVENTS_PATH,
  type ExemplarBridge,
  type MenuCommand,
  type OpenedFile,
  type ProgressListener,
  TOKEN_HEADER,
  TOKEN_STORAGE_KEY,
  UPLOAD_PATH,
} from '../../shared/transport';

export type JobListener = (event: JobEvent) => void;

export interface Transport {
  kind: 'electron' | 'http';
  api: ExemplarApi;
  onEvent(listener: JobListener): () => void;
  /** Resolves once job events flow, so a job started afterwards cannot miss its first events. */
  ready: Promise<void>;
  /**
   * A data file for `api.importData({ file })`: the given File (browser mode uploads its bytes, streamed,
   * reporting progress; Electron passes its path when it has one), or, without one, the one the user picks
   * (Electron's native dialog, the browser's file chooser). Null when the user cancels.
   */
  openDataFile(file?: File, onProgress?: ProgressListener): Promise<OpenedFile | null>;
  /** The native menu's commands for the page (the desktop app only). */
  onMenu?(listener: (command: MenuCommand) => void): () => void;
  /** HTML printed to PDF by Chromium (the desktop app only; browser mode's PDFs come from the service). */
  printToPdf?(html: string): Promise<Uint8Array>;
}

/** What a call that failed says: the service's message, and its HTTP status in browser mode. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** What the page says when it has no token, or one from an earlier run. */
export const TOKEN_HELP =
  'This page needs the link Exemplar printed when it started ("Exemplar is serving … at http://127.0.0.1:…/?token=…"), and each start makes a new one. ' +
  'Open the link from the terminal where Exemplar runs, or start it again (npm start, or exemplar serve FILE.exemplar) and open the link it prints.';

declare global {
  interface Window {
    exemplar?: ExemplarBridge;
  }
}

export function pickTransport(win: Window): Transport {
  if (win.exemplar) return electronTransport(win.exemplar);
  const token = takeToken(win);
  if (!token) throw new ApiError(TOKEN_HELP, 403);
  return httpTransport(win, token);
}

/** The token from the address (then removed from it with history.replaceState) or from session storage. */
export function takeToken(win: Window): string | null {
  const url = new URL(win.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    try {
      win.sessionStorage.setItem(TOKEN_STORAGE_KEY, fromUrl);
    } catch {
      // Storage refused (a locked-down browser): a reload will need the link again.
    }
    url.searchParams.delete('token');
    win.history.replaceState(win.history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  try {
    return win.sessionStorage.getItem(TOKEN_STORAGE_KEY);
  } catch {
    return null;
  }
}

function electronTransport(bridge: ExemplarBridge): Transport {
  // IPC events are delivered from the moment a listener is registered.
  return { kind: 'electron', api: bridge, onEvent: (l) => bridge.onEvent(l), ready: Promise.resolve(), openDataFile: (file, onProgress) => bridge.openDataFile(file, onProgress), onMenu: (l) => bridge.onMenu(l), printToPdf: (html) => bridge.printToPdf(html) };
}

function httpTransport(win: Window, token: string): Transport {
  const origin = win.location.origin;
  const failure = (status: number, body: unknown, what: string) =>
    new ApiError(status === 403 ? TOKEN_HELP : ((body as { error?: string } | null)?.error ?? `${what}: HTTP ${status}`), status);

  const call = async (method: string, args: unknown[]): Promise<unknown> => {
    const res = await fetch(`${origin}${API_PREFIX}${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', [TOKEN_HEADER]: token },
      body: JSON.stringify(args),
    });
    const body = (await res.json().catch(() => null)) as unknown;
    if (!res.ok) throw failure(res.status, body, method);
    return body;
  };
  const api = Object.fromEntries(API_METHODS.map((m) => [m, (...args: unknown[]) => call(m, args)])) as unknown as ExemplarApi;

  /** XMLHttpRequest, not fetch: only it reports upload progress. The File is sent as it is read, never whole in memory. */
  const upload = (file: File, onProgress?: ProgressListener) =>
    new Promise<OpenedFile>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', `${origin}${UPLOAD_PATH}?name=${encodeURIComponent(file.name)}`);
      xhr.setRequestHeader(TOKEN_HEADER, token);
      xhr.responseType = 'json';
      xhr.upload.addEventListener('progress', (e) => onProgress?.(e.loaded, e.lengthComputable ? e.total : file.size));
      xhr.addEventListener('load', () => (xhr.status === 200 ? resolve(xhr.response as OpenedFile) : reject(failure(xhr.status, xhr.response, 'upload'))));
      xhr.addEventListener('error', () => reject(new ApiError('The upload failed: is Exemplar still running?', 0)));
      xhr.send(file);
    });

  const listeners = new Set<JobListener>();
  // One stream for the page; EventSource reconnects by itself after a drop.
  const source = new EventSource(`${origin}${EVENTS_PATH}?token=${encodeURIComponent(token)}`);
  const ready = new Promise<void>((resolve) => source.addEventListener('open', () => resolve(), { once: true }));
  source.addEventListener('message', (m: MessageEvent<string>) => {
    const event = JSON.parse(m.data) as JobEvent;
    for (const l of listeners) l(event);
  });
  return {
    kind: 'http',
    api,
    onEvent(l) {
      listeners.add(l);
      return () => void listeners.delete(l);
    },
    ready,
    async openDataFile(file, onProgress) {
      const chosen = file ?? (await chooseFile(win));
      return chosen ? upload(chosen, onProgress) : null;
    },
  };
}

/** The browser's file chooser (call it from a click: browsers open it only on a user's gesture); null when cancelled. */
function chooseFile(win: Window): Promise<File | null> {
  return new Promise((resolve) => {
    const input = win.document.createElement('input');
    input.type = 'file';
    input.accept = '.csv,.tsv,.txt,.tab,.arff,.jsonl,.ndjson,.json';
    input.addEventListener('change', () => resolve(input.files?.[0] ?? null), { once: true });
    input.addEventListener('cancel', () => resolve(null), { once: true });
    input.click();
  });
}
