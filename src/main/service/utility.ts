// Electron's service process (a utilityProcess the main process forks): the project's ServicePool, driven
// by requests from the main process over the process's port. The main process only relays what the window
// asks and what the user picked; everything that touches the project happens here and in the pool's threads.
import { statSync } from 'node:fs';
import type { JobEvent } from '../../shared/api';
import { ServicePool } from './pool';
import { type Answered, CallError, type Port, pushEvent, type Request, serveRpc } from './rpc';

/** Answers the main process's requests on port until `close`; `exit` ends the process afterwards. */
export function runServiceProcess(port: Port, exit: () => void = () => process.exit(0)): void {
  let pool: ServicePool | null = null;
  let offEvents = () => {};
  const need = (): ServicePool => {
    if (!pool) throw new CallError('unavailable', 'No project is open.');
    return pool;
  };

  serveRpc(port, async (r: Request): Promise<Answered> => {
    switch (r.op) {
      case 'open': {
        if (pool) throw new CallError('conflict', 'This service process already has a project open.');
        pool = await ServicePool.start({ project: r.project, demo: r.demo, create: r.create });
        offEvents = pool.onEvent((e: JobEvent) => pushEvent(port, e));
        return { value: null };
      }
      case 'call': {
        const body = await need().call(r.method, r.args);
        return { value: body };
      }
      case 'addFile': {
        // The main process passes only paths the user picked; still, only a regular file is a table to read.
        let isFile = false;
        try {
          isFile = statSync(r.path).isFile();
        } catch {
          // missing: said below
        }
        if (!isFile) throw new CallError('notFound', `${r.path} is not a file.`);
        return { value: await need().registerFile(r.path, r.name) };
      }
      case 'uploadBegin':
        return { value: { upload: need().uploads.begin(r.name).id } };
      case 'uploadChunk':
        await need().uploads.get(r.upload).write(r.bytes);
        return { value: null };
      case 'uploadEnd':
        return { value: await need().uploads.get(r.upload).end() };
      case 'close':
        offEvents();
        await pool?.close();
        pool = null;
        setImmediate(exit);
        return { value: null };
      default:
        throw new CallError('badRequest', `The service process does not answer ${r.op}.`);
    }
  });
}
