// The service of one project as the front doors see it: three service threads (src/main/service/host.ts)
// behind one `call`. The primary thread writes and runs the jobs; two reader threads answer the read-only
// methods over their own connections: one for the quick reads, one for the long ones (predict, evaluate, audit),
// so a 100k-case predict, or a million-row import in the primary, delays a listModels by nothing (STYLE.md:
// "a slow call delays nobody else's"). On Linux the long-read thread also runs at a lower priority, so on a
// busy machine the quick reads get the cores first. This code only routes and relays bytes: it runs
// in the thread that answers the window (the HTTP thread, or Electron's service process) and never parses
// a call's arguments or builds its result.
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { JobEvent } from '../../shared/api';
import { startWorker } from '../jobs';
import type { HostOptions } from './host';
import { type CallArgs, CallError, type DemoSpec, type Port, READ_METHODS, type Request, RpcClient, type WireMessage } from './rpc';

export interface PoolOptions {
  project: string;
  /** Make the project the demo when it does not exist yet. */
  demo?: DemoSpec;
  /** Create an empty project when the file does not exist. */
  create?: boolean;
  /** Reader threads: 2 (the default: quick reads and long reads apart), 1 (every read in one), or 0 (the primary answers everything). */
  readers?: 0 | 1 | 2;
  /** Where uploads go; a private temporary folder (removed on close) when absent. */
  uploads?: string;
  /** The largest upload in bytes (default UPLOAD_LIMIT). */
  uploadLimit?: number;
}

/** Reads whose time grows with the data or the call (every case, or every case given; the audit reads every row). */
const LONG_READS: ReadonlySet<string> = new Set(['predict', 'evaluate', 'audit']);

/** Niceness of the long-read thread (Linux; 0 is normal, 19 the lowest priority). */
const LONG_READ_NICENESS = 10;

/** Uploaded tables up to 4 GiB: the importer streams them, so size costs time, not memory. */
export const UPLOAD_LIMIT = 4 * 2 ** 30;

/** Extensions the importer reads a format from; an upload keeps its own so the importer sees it. */
const DATA_EXTENSIONS = new Set(['.csv', '.txt', '.tsv', '.tab', '.arff', '.jsonl', '.ndjson', '.json']);

/** One service thread: started on first use, started again after it died. */
class ServiceThread {
  private client: RpcClient | null = null;
  private starting: Promise<RpcClient> | null = null;
  private worker: Worker | null = null;
  private closed = false;

  constructor(
    private readonly opts: HostOptions,
    private readonly onEvent: (e: JobEvent) => void,
  ) {}

  /** Calls routed here and not answered yet (counted from routing on, before the thread may have started). */
  inFlight = 0;

  async request<T>(request: Request, transfer?: ArrayBuffer[]): Promise<T> {
    this.inFlight++;
    try {
      return await (await this.get()).request<T>(request, transfer);
    } finally {
      this.inFlight--;
    }
  }

  get(): Promise<RpcClient> {
    if (this.closed) return Promise.reject(new CallError('unavailable', 'The service is closing.'));
    if (this.client) return Promise.resolve(this.client);
    this.starting ??= this.start().finally(() => (this.starting = null));
    return this.starting;
  }

  private start(): Promise<RpcClient> {
    return new Promise<RpcClient>((resolve, reject) => {
      const worker = startWorker('service', this.opts);
      this.worker = worker;
      const port: Port = {
        post: (m, transfer) => worker.postMessage(m, transfer),
        listen(listener) {
          const on = (m: WireMessage) => listener(m);
          worker.on('message', on);
          return () => void worker.off('message', on);
        },
      };
      const client = new RpcClient(port);
      client.onEvent(this.onEvent);
      let ready = false;
      worker.on('message', (m: { type: string; message?: string }) => {
        if (m.type === 'ready') {
          ready = true;
          this.client = client;
          resolve(client);
        } else if (m.type === 'failed') reject(new CallError('unavailable', m.message ?? 'The service did not start.'));
      });
      const died = (why: string) => {
        if (this.worker === worker) {
          this.worker = null;
          this.client = null;
        }
        client.failAll(new CallError('unavailable', `The service thread stopped (${why}); call again to restart it.`));
        if (!ready) reject(new CallError('unavailable', `The service did not start: ${why}.`));
      };
      worker.on('error', (e) => died(e.message));
      worker.on('exit', (code) => died(`exit code ${code}`));
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    const client = this.client;
    const worker = this.worker;
    this.closed = true;
    if (client && worker) {
      // The service closes its project file (checkpointing the WAL) before the thread ends.
      await client.request({ op: 'close' }).catch(() => {});
      client.dispose();
    }
    await worker?.terminate();
  }
}

export class ServicePool {
  private readonly primary: ServiceThread;
  private readonly readers: ServiceThread[];
  private readonly listeners = new Set<(e: JobEvent) => void>();
  /** Bumped whenever the primary may have written: a reader reads afresh when its generation differs. */
  private generation = 0;
  readonly uploads: Uploads;

  private constructor(readonly opts: PoolOptions) {
    const emit = (e: JobEvent) => {
      if (e.type !== 'progress') this.generation++;
      for (const l of this.listeners) l(e);
    };
    this.primary = new ServiceThread({ role: 'primary', project: opts.project, demo: opts.demo, create: opts.create }, emit);
    const reader = (nice: number) => new ServiceThread({ role: 'reader', project: opts.project, nice }, emit);
    // [quick reads, long reads]
    this.readers = opts.readers === 0 ? [] : opts.readers === 1 ? [reader(0)] : [reader(0), reader(LONG_READ_NICENESS)];
    this.uploads = new Uploads(opts.uploads, opts.uploadLimit ?? UPLOAD_LIMIT, (path, name) => this.registerFile(path, name));
  }

  /** Starts the primary thread (which opens, creates or upgrades the project) and then the readers. */
  static async start(opts: PoolOptions): Promise<ServicePool> {
    const pool = new ServicePool(opts);
    try {
      await pool.primary.get();
      await Promise.all(pool.readers.map((r) => r.get()));
    } catch (e) {
      await pool.close();
      throw e;
    }
    return pool;
  }

  onEvent(listener: (e: JobEvent) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** Calls an API method; args is the JSON array of arguments as bytes or text (or a value). Resolves with the result as JSON bytes. */
  async call(method: string, args: CallArgs): Promise<Uint8Array> {
    const transfer = args instanceof Uint8Array && args.byteOffset === 0 && args.byteLength === args.buffer.byteLength ? [args.buffer as ArrayBuffer] : undefined;
    if (READ_METHODS.has(method) && this.readers.length) {
      const [quick, long = quick] = this.readers;
      // A long read never takes the quick thread; a quick one takes the long thread only when that is idle and the quick one is not.
      const reader = LONG_READS.has(method) ? long : quick.inFlight > 0 && long.inFlight === 0 ? long : quick;
      return reader.request<Uint8Array>({ op: 'call', method, args, generation: this.generation }, transfer);
    }
    try {
      return await this.primary.request<Uint8Array>({ op: 'call', method, args }, transfer);
    } finally {
      this.generation++;
    }
  }

  /** Makes a file the user picked known to the service; returns the id that `importData({ file })` takes. */
  async registerFile(path: string, name: string): Promise<{ file: string; name: string }> {
    const file = randomBytes(16).toString('hex');
    return this.primary.request({ op: 'registerFile', file, path, name });
  }

  async close(): Promise<void> {
    await Promise.all(this.readers.map((r) => r.close()));
    await this.primary.close();
    this.uploads.close();
  }
}

/** An upload in progress: bytes written to a file of the upload folder, refused past the limit. */
export interface Upload {
  readonly id: string;
  readonly received: number;
  write(chunk: Uint8Array): Promise<void>;
  /** Closes the file and registers it: the id `importData({ file })` takes. */
  end(): Promise<{ file: string; name: string }>;
  abort(): void;
}

/** Files the user uploaded (browser mode) or handed over without a path (Electron), in a private folder. */
export class Uploads {
  private dir: string | null;
  private readonly own: boolean;
  private readonly open = new Map<string, Upload>();

  constructor(
    dir: string | undefined,
    readonly limit: number,
    private readonly register: (path: string, name: string) => Promise<{ file: string; name: string }>,
  ) {
    this.own = dir === undefined;
    this.dir = dir ?? null;
  }

  private folder(): string {
    if (!this.dir) this.dir = mkdtempSync(join(tmpdir(), 'exemplar-uploads-'));
    else mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    return this.dir;
  }

  /** name: the file's name as the user knows it (its extension tells the importer the format). */
  begin(name: string): Upload {
    const clean = cleanName(name);
    const ext = extname(clean).toLowerCase();
    const id = randomBytes(16).toString('hex');
    const path = join(this.folder(), `${id}${DATA_EXTENSIONS.has(ext) ? ext : ''}`);
    const out: WriteStream = createWriteStream(path, { flags: 'wx', mode: 0o600 });
    let received = 0;
    let failed: Error | null = null;
    out.on('error', (e) => (failed = e));
    const forget = () => this.open.delete(id);
    const upload: Upload = {
      id,
      get received() {
        return received;
      },
      write: (chunk) => {
        if (failed) return Promise.reject(failed);
        received += chunk.byteLength;
        if (received > this.limit) {
          upload.abort();
          return Promise.reject(tooLarge(this.limit));
        }
        // Waits for the disk when the stream's buffer is full, so a fast sender cannot fill the memory.
        return out.write(chunk) ? Promise.resolve() : new Promise<void>((ok) => out.once('drain', ok));
      },
      end: () => {
        forget();
        return new Promise<void>((ok, fail) => out.end((e?: Error | null) => (e || failed ? fail(e ?? failed) : ok()))).then(() => this.register(path, clean));
      },
      abort: () => {
        forget();
        out.destroy();
        rmSync(path, { force: true });
      },
    };
    this.open.set(id, upload);
    return upload;
  }

  get(id: string): Upload {
    const u = this.open.get(id);
    if (!u) throw new CallError('notFound', `No upload ${id} in progress.`);
    return u;
  }

  close(): void {
    for (const u of [...this.open.values()]) u.abort();
    if (this.own && this.dir) rmSync(this.dir, { recursive: true, force: true });
  }
}

export function tooLarge(limit: number): CallError {
  return new CallError('tooLarge', `The file is over the upload limit of ${formatBytes(limit)}.`);
}

export function formatBytes(n: number): string {
  return n >= 2 ** 30 ? `${+(n / 2 ** 30).toFixed(1)} GiB` : n >= 2 ** 20 ? `${+(n / 2 ** 20).toFixed(1)} MiB` : n >= 2 ** 10 ? `${+(n / 2 ** 10).toFixed(1)} KiB` : `${n} bytes`;
}

/** The last path segment, without control characters: a name to show, never a path to follow. */
function cleanName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const base = name.split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return base.slice(0, 200) || 'upload';
}
