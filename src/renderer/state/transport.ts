// How the renderer reaches ExemplarService: through the preload's `window.exemplar` in Electron, or over
// HTTP to the browser-mode server (src/main/serve.ts) that served this page, with the launch token taken
// from the page address (`?token=`).
import type { ExemplarApi, JobEvent } from '../../shared/api';
import { API_METHODS, API_PREFIX, EVENTS_PATH, type ExemplarBridge, TOKEN_HEADER } from '../../shared/transport';

export type JobListener = (event: JobEvent) => void;

export interface Transport {
  kind: 'electron' | 'http';
  api: ExemplarApi;
  onEvent(listener: JobListener): () => void;
  /** Resolves once job events flow, so a job started afterwards cannot miss its first events. */
  ready: Promise<void>;
}

declare global {
  interface Window {
    exemplar?: ExemplarBridge;
  }
}

export function pickTransport(win: Window): Transport {
  if (win.exemplar) return electronTransport(win.exemplar);
  const token = new URLSearchParams(win.location.search).get('token');
  if (!token) throw new Error('This page needs its launch token: open the address `exemplar serve` printed, ?token=… included.');
  return httpTransport(win.location.origin, token);
}

function electronTransport(bridge: ExemplarBridge): Transport {
  // IPC events are delivered from the moment a listener is registered.
  return { kind: 'electron', api: bridge, onEvent: (l) => bridge.onEvent(l), ready: Promise.resolve() };
}

function httpTransport(origin: string, token: string): Transport {
  const call = async (method: string, args: unknown[]): Promise<unknown> => {
    const res = await fetch(`${origin}${API_PREFIX}${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', [TOKEN_HEADER]: token },
      body: JSON.stringify(args),
    });
    const body = (await res.json().catch(() => null)) as unknown;
    if (!res.ok) throw new Error((body as { error?: string } | null)?.error ?? `${method}: HTTP ${res.status}`);
    return body;
  };
  const api = Object.fromEntries(API_METHODS.map((m) => [m, (...args: unknown[]) => call(m, args)])) as unknown as ExemplarApi;

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
  };
}
