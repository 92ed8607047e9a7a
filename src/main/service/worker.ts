// Entry point of a service thread (bundled as workers/service.js by scripts/build-node.mjs and
// electron.vite.config.ts): a ServiceHost on the port to the thread that started it.
import { parentPort, workerData } from 'node:worker_threads';
import { type HostOptions, ServiceHost } from './host';
import type { Port, WireMessage } from './rpc';

const parent = parentPort!;
const port: Port = {
  post: (m, transfer) => parent.postMessage(m, transfer),
  listen(listener) {
    const on = (m: WireMessage) => listener(m);
    parent.on('message', on);
    return () => void parent.off('message', on);
  },
};

ServiceHost.start(workerData as HostOptions, port).then(
  () => parent.postMessage({ type: 'ready' }),
  (e: unknown) => parent.postMessage({ type: 'failed', message: (e as Error).message }),
);
