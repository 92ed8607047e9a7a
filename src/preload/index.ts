// Exposes the typed API to the renderer as `window.exemplar`, and nothing else. Each method sends its
// arguments as JSON text on its channel; the main process relays them, unparsed, to the service process and
// its answer back (src/main/index.ts), and the result's JSON is parsed here, in the page's own process.
import { contextBridge, ipcRenderer, type IpcRendererEvent, webUtils } from 'electron';
import type { JobEvent } from '../shared/api';
import {
  API_METHODS,
  type ExemplarBridge,
  type IpcAnswer,
  IPC_DROPPED_FILE,
  IPC_EVENT_CHANNEL,
  IPC_MENU_CHANNEL,
  IPC_PRINT_PDF,
  type MenuCommand,
  IPC_OPEN_DATA_FILE,
  IPC_UPLOAD_BEGIN,
  IPC_UPLOAD_CHUNK,
  IPC_UPLOAD_END,
  ipcChannel,
  type OpenedFile,
} from '../shared/transport';

/** The answer's body, or its error as an Error whose message is the service's own. */
async function unwrap<T>(answer: Promise<IpcAnswer<T>>): Promise<T> {
  const a = await answer;
  if ('error' in a) throw Object.assign(new Error(a.error.message), { kind: a.error.kind });
  return a.body;
}

const decoder = new TextDecoder();
const api = Object.fromEntries(
  API_METHODS.map((m) => [m, async (...args: unknown[]) => JSON.parse(decoder.decode(await unwrap(ipcRenderer.invoke(ipcChannel(m), JSON.stringify(args)))))]),
) as Omit<ExemplarBridge, 'onEvent' | 'openDataFile' | 'onMenu' | 'printToPdf'>;

/** Bytes per IPC message when a File without a path is sent. */
const CHUNK = 4 << 20;

async function openDataFile(file?: File, onProgress?: (sent: number, total: number) => void): Promise<OpenedFile | null> {
  if (!file) return unwrap<OpenedFile | null>(ipcRenderer.invoke(IPC_OPEN_DATA_FILE));
  // A File the user dropped or chose has a path; one a script made has none (webUtils answers '').
  const path = webUtils.getPathForFile(file);
  if (path) {
    const opened = await unwrap<OpenedFile>(ipcRenderer.invoke(IPC_DROPPED_FILE, path));
    onProgress?.(file.size, file.size);
    return opened;
  }
  const { upload } = await unwrap<{ upload: string }>(ipcRenderer.invoke(IPC_UPLOAD_BEGIN, file.name));
  for (let at = 0; at < file.size; at += CHUNK) {
    const bytes = new Uint8Array(await file.slice(at, at + CHUNK).arrayBuffer());
    await unwrap(ipcRenderer.invoke(IPC_UPLOAD_CHUNK, upload, bytes));
    onProgress?.(Math.min(file.size, at + CHUNK), file.size);
  }
  return unwrap<OpenedFile>(ipcRenderer.invoke(IPC_UPLOAD_END, upload));
}

const bridge: ExemplarBridge = {
  ...api,
  openDataFile,
  printToPdf: (html) => unwrap<Uint8Array>(ipcRenderer.invoke(IPC_PRINT_PDF, html)),
  onMenu(listener) {
    const forward = (_e: IpcRendererEvent, command: MenuCommand) => listener(command);
    ipcRenderer.on(IPC_MENU_CHANNEL, forward);
    return () => void ipcRenderer.off(IPC_MENU_CHANNEL, forward);
  },
  onEvent(listener) {
    // The renderer never sees the IpcRendererEvent (it carries the sender).
    const forward = (_e: IpcRendererEvent, event: JobEvent) => listener(event);
    ipcRenderer.on(IPC_EVENT_CHANNEL, forward);
    return () => void ipcRenderer.off(IPC_EVENT_CHANNEL, forward);
  },
};

contextBridge.exposeInMainWorld('exemplar', bridge);
