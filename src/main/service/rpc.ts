// The one message protocol between a front door and the service, whatever carries it: a worker thread's
// port (browser mode: the HTTP thread and the service threads), Electron's utilityProcess port (the main
// process and the service process). Requests carry an id and come back as a reply or a typed error; job
// events flow the other way unasked. Calls travel as JSON text (bytes), so whoever relays them (the HTTP
// thread, Electron's main process) never parses or builds a large object: that work happens in the thread
// that answers the call.
import type { JobEvent } from '../../shared/api';

/**
 * Methods that only read the project, so a reader thread may answer them (over a read-only connection: one
 * that tried to write would fail, not corrupt).
 */
export const READ_METHODS: ReadonlySet<string> = new Set([
  'listDatasets', 'getDataset', 'getCases', 'listModels', 'getModel', 'listJudgments', 'predict', 'evaluate',
  'getMap', 'getCluster', 'getCaseDetails', 'searchCases', 'getDatasetStats', 'audit', 'listPins',
]);

/** How a refused or failed call is classed; the HTTP front door turns it into a status code. */
export type ErrorKind = 'badRequest' | 'notFound' | 'conflict' | 'tooLarge' | 'unavailable' | 'internal';

export const HTTP_STATUS: Record<ErrorKind, number> = { badRequest: 400, notFound: 404, conflict: 409, tooLarge: 413, unavailable: 503, internal: 500 };

/** An error that crossed a port, with its kind kept. */
export class CallError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
  ) {
    super(message);
  }
}

/** A call's arguments: a JSON array as bytes (HTTP) or text (IPC), or already a value (tests, the demo). */
export type CallArgs = Uint8Array | string | unknown[];

/** What a front door asks. */
export type Request =
  | { op: 'call'; method: string; args: CallArgs; generation?: number }
  /** Service thread: a file the user picked or uploaded, known from now on by the id `file`. */
  | { op: 'registerFile'; file: string; path: string; name: string }
  /** Electron's service process: a file the user picked (dialog, drop, recent list); answers OpenedFile. */
  | { op: 'addFile'; path: string; name: string }
  /** Electron's service process: open a project (made the demo when `demo` is given and it does not exist; made empty with `create`). */
  | { op: 'open'; project: string; demo?: DemoSpec; create?: boolean }
  /** Electron's service process: a File without a path, sent in chunks. */
  | { op: 'uploadBegin'; name: string }
  | { op: 'uploadChunk'; upload: string; bytes: Uint8Array }
  | { op: 'uploadEnd'; upload: string }
  | { op: 'close' };

/** The bundled demo: a table imported into a new project and a short fit started on it. */
export interface DemoSpec {
  data: string;
  label: string;
  overrides: Record<string, { kind: 'numeric'; edges: number[] }>;
  prototypes: number;
  iterations: number;
  seed: number;
  chains: number;
}

type Envelope = { type: 'request'; id: number; request: Request };
type Answer = { type: 'reply'; id: number; value: unknown } | { type: 'error'; id: number; kind: ErrorKind; message: string };
type Push = { type: 'event'; event: JobEvent };
export type WireMessage = Envelope | Answer | Push;

/** Both ends of a channel, whatever carries it. */
export interface Port {
  post(message: WireMessage, transfer?: ArrayBuffer[]): void;
  /** Calls listener with every message; returns the function that stops. */
  listen(listener: (message: WireMessage) => void): () => void;
}

/** The asking end: requests with ids, answers matched back, events to listeners. */
export class RpcClient {
  private next = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly listeners = new Set<(e: JobEvent) => void>();
  private readonly stop: () => void;

  constructor(private readonly port: Port) {
    this.stop = port.listen((m) => {
      if (m.type === 'event') for (const l of this.listeners) l(m.event);
      else if (m.type === 'reply' || m.type === 'error') {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (m.type === 'reply') p.resolve(m.value);
        else p.reject(new CallError(m.kind, m.message));
      }
    });
  }

  /** How many requests wait for an answer. */
  get inFlight(): number {
    return this.pending.size;
  }

  request<T = unknown>(request: Request, transfer?: ArrayBuffer[]): Promise<T> {
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.port.post({ type: 'request', id, request }, transfer);
    });
  }

  onEvent(listener: (e: JobEvent) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** Fails every request still waiting (the other end went away). */
  failAll(error: CallError): void {
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }

  dispose(): void {
    this.stop();
    this.failAll(new CallError('unavailable', 'The service closed.'));
  }
}

/** What a handler returns: a value, and the buffers to move (not copy) with it. */
export interface Answered {
  value: unknown;
  transfer?: ArrayBuffer[];
}

/** The answering end: each request to handler, its result or error back to the asker. */
export function serveRpc(port: Port, handler: (request: Request) => Promise<Answered>): () => void {
  return port.listen((m) => {
    if (m.type !== 'request') return;
    handler(m.request).then(
      ({ value, transfer }) => port.post({ type: 'reply', id: m.id, value }, transfer),
      (e: unknown) => port.post({ type: 'error', id: m.id, kind: errorKind(e), message: (e as Error)?.message ?? String(e) }),
    );
  });
}

/** Sends a job event to the asking end. */
export function pushEvent(port: Port, event: JobEvent): void {
  port.post({ type: 'event', event });
}

const errorKind = (e: unknown): ErrorKind => (e instanceof CallError ? e.kind : 'internal');

/** JSON bytes of a value, in a buffer of their own so it can be transferred (Buffer.from may share a pool). */
export function jsonBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value ?? null));
}

export function parseJsonBytes(bytes: Uint8Array): unknown {
  return JSON.parse(new TextDecoder().decode(bytes));
}
