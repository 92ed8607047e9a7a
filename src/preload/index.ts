// Exposes the typed API to the renderer as `window.exemplar`, and nothing else: each method is one
// ipcRenderer.invoke on its channel (src/main/index.ts checks the arguments and calls ExemplarService).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { JobEvent } from '../shared/api';
import { API_METHODS, type ExemplarBridge, IPC_EVENT_CHANNEL, ipcChannel } from '../shared/transport';

const api = Object.fromEntries(API_METHODS.map((m) => [m, (...args: unknown[]) => ipcRenderer.invoke(ipcChannel(m), ...args)])) as Omit<ExemplarBridge, 'onEvent'>;

const bridge: ExemplarBridge = {
  ...api,
  onEvent(listener) {
    // The renderer never sees the IpcRendererEvent (it carries the sender).
    const forward = (_e: IpcRendererEvent, event: JobEvent) => listener(event);
    ipcRenderer.on(IPC_EVENT_CHANNEL, forward);
    return () => void ipcRenderer.off(IPC_EVENT_CHANNEL, forward);
  },
};

contextBridge.exposeInMainWorld('exemplar', bridge);
