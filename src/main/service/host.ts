// What runs in a service thread: one ExemplarService over the project file, answering requests from a port
// (src/main/service/rpc.ts). The calls arrive unchecked, from the app: they pass the boundary checks here as
// untrusted (no paths, only file ids given out by this service), and their results leave as JSON bytes.
//
// A project is served by several such threads (src/main/service/pool.ts): the primary one does everything that
// writes and runs the jobs; readers answer reads over their own read-only connection (SQLite's WAL lets them
// read while the primary writes), so that a long call in one thread delays no call in another.
import { existsSync } from 'node:fs';
import { setPriority } from 'node:os';
import type { ExemplarApi, JobEvent } from '../../shared/api';
import { ExemplarService, NotFound } from '../api';
import { BadRequest, checkCall, Conflict, invoke } from '../boundary';
import { UnknownJob } from '../jobs';
import * as store from '../store';
import { type Answered, type CallArgs, CallError, type DemoSpec, jsonBytes, parseJsonBytes, type Port, pushEvent, READ_METHODS, type Request, serveRpc } from './rpc';

export type ServiceRole = 'primary' | 'reader';

export interface HostOptions {
  role: ServiceRole;
  project: string;
  /** Primary only: make the project the demo when it does not exist yet (or holds no dataset). */
  demo?: DemoSpec;
  /** Primary only: create an empty project when the file does not exist. */
  create?: boolean;
  /** Linux: this thread's niceness (a long-read thread yields the cores to the others). */
  nice?: number;
}

/** Turns what the service throws into the kind of error the front doors report. */
export function asCallError(e: unknown): CallError {
  if (e instanceof CallError) return e;
  const message = (e as Error)?.message ?? String(e);
  if (e instanceof BadRequest) return new CallError('badRequest', message);
  if (e instanceof NotFound || e instanceof UnknownJob) return new CallError('notFound', message);
  if (e instanceof Conflict) return new CallError('conflict', message);
  return new CallError('internal', message);
}

export class ServiceHost {
  private service: ExemplarService;
  /** Readers: the primary's write count this thread's caches reflect (summaries, classifiers). */
  private generation = 0;
  /** Primary: files the user picked or uploaded, by the id given out for them. */
  private readonly files = new Map<string, { path: string; name: string }>();
  /** Readers answer one call at a time: their calls are synchronous work, and a reopen must not cut one. */
  private queue: Promise<unknown> = Promise.resolve();
  private offEvents = () => {};

  private constructor(
    private readonly opts: HostOptions,
    private readonly port: Port,
  ) {
    this.service = this.open();
  }

  /** Opens the project and answers requests on port until a `close` request. */
  static async start(opts: HostOptions, port: Port): Promise<ServiceHost> {
    // On Linux a thread is a task with its own priority, and setpriority(pid 0) sets the calling thread's
    // only; elsewhere it would lower the whole process, so there it is left alone.
    if (opts.nice && process.platform === 'linux') {
      try {
        setPriority(0, opts.nice);
      } catch {
        // Not allowed here: the thread runs at normal priority.
      }
    }
    const host = new ServiceHost(opts, port);
    if (opts.role === 'primary') {
      host.offEvents = host.service.jobs.on((e: JobEvent) => pushEvent(port, e));
      if (opts.demo) await host.ensureDemo(opts.demo);
    }
    serveRpc(port, (r) => host.handle(r));
    return host;
  }

  private open(): ExemplarService {
    const { project, role, demo, create } = this.opts;
    if (role === 'reader') return new ExemplarService(store.openProject(project, { readonly: true }));
    // GPU providers are probed in a child process, so a native library's complaints (Dawn's "Couldn't load
    // Vulkan") stay out of the user's terminal; they reach the page as provider notes. EXEMPLAR_VERBOSE=1 shows them.
    return ExemplarService.open(project, { create: (demo !== undefined || create === true) && !existsSync(project), quietProviders: process.env.EXEMPLAR_VERBOSE !== '1' });
  }

  /**
   * The demo: its table imported and a short fit started, as jobs whose progress the page shows. Idempotent,
   * so a first start cut short (the app closed during the import) finishes on the next one.
   */
  private async ensureDemo(demo: DemoSpec): Promise<void> {
    const s = this.service;
    let datasets = await s.listDatasets();
    if (!datasets.length) {
      const { jobId } = await s.importData({ path: demo.data, label: demo.label, overrides: demo.overrides, name: 'digits' });
      await s.wait(jobId);
      datasets = await s.listDatasets();
    }
    if ((await s.listModels()).length === 0)
      await s.fit({ datasetId: datasets[0].id, prototypes: demo.prototypes, iterations: demo.iterations, seed: demo.seed, chains: demo.chains });
  }

  private async handle(request: Request): Promise<Answered> {
    try {
      switch (request.op) {
        case 'call':
          return this.opts.role === 'reader' ? await this.serial(() => this.call(request.method, request.args, request.generation ?? 0)) : await this.call(request.method, request.args, 0);
        case 'registerFile':
          if (this.opts.role !== 'primary') throw new CallError('internal', 'Files are registered with the primary service thread.');
          this.files.set(request.file, { path: request.path, name: request.name });
          return { value: { file: request.file, name: request.name } };
        case 'close':
          this.offEvents();
          await this.service.close();
          return { value: null };
        default:
          throw new CallError('badRequest', `A service thread does not answer ${request.op}.`);
      }
    } catch (e) {
      throw asCallError(e);
    }
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => {});
    return run;
  }

  private async call(method: string, raw: CallArgs, generation: number): Promise<Answered> {
    let args: unknown;
    try {
      args = raw instanceof Uint8Array ? parseJsonBytes(raw) : typeof raw === 'string' ? JSON.parse(raw) : raw;
    } catch {
      throw new BadRequest('The body must be a JSON array of arguments.');
    }
    const checked = checkCall(method, args);
    if (this.opts.role === 'reader') {
      if (!READ_METHODS.has(checked.method)) throw new CallError('internal', `${checked.method} is not answered by a reader thread.`);
      if (generation !== this.generation) {
        // The primary wrote since this thread read: results and caches may be stale, so read afresh.
        await this.service.close();
        this.service = this.open();
        this.generation = generation;
      }
    }
    if (checked.method === 'importData') checked.args[0] = this.resolveFile(checked.args[0] as Parameters<ExemplarApi['importData']>[0]);
    const body = jsonBytes(await invoke(this.service, checked));
    return { value: body, transfer: [body.buffer as ArrayBuffer] };
  }

  /** `file` → the path it stands for; the uploaded or picked file's name is the dataset's name unless one is given. */
  private resolveFile(req: Parameters<ExemplarApi['importData']>[0]): Parameters<ExemplarApi['importData']>[0] {
    const { file, ...rest } = req;
    if (file === undefined) return req;
    const known = this.files.get(file);
    if (!known) throw new NotFound(`No file ${file}: open or upload it again (file ids last while the service runs).`);
    return { ...rest, path: known.path, name: rest.name ?? known.name };
  }
}
