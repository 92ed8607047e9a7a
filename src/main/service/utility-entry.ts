// Entry point of Electron's service process (`utilityProcess.fork` of out/main/service.js, bundled by
// electron.vite.config.ts): the service on the port Electron gives a utility process.
import type { Port, WireMessage } from './rpc';
import { runServiceProcess } from './utility';

/** Electron's `process.parentPort` in a utility process (typed here: this layer does not import electron). */
interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (e: { data: WireMessage }) => void): void;
  off(event: 'message', listener: (e: { data: WireMessage }) => void): void;
}

const parent = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (!parent) throw new Error('This is the Exemplar service process: Electron starts it (utilityProcess.fork).');

const port: Port = {
  post: (m) => parent.postMessage(m),
  listen(listener) {
    const on = (e: { data: WireMessage }) => listener(e.data);
    parent.on('message', on);
    return () => parent.off('message', on);
  },
};

runServiceProcess(port);
