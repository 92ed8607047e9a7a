// Browser mode: the same ExemplarService over HTTP on 127.0.0.1, for machines without a display server or
// an Electron binary. The built renderer (out/renderer) is served as static files; the API answers only
// requests that carry the launch token, so other local users and web pages cannot drive it (Jupyter's
// token scheme). Routes and headers: src/shared/transport.ts.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { AddressInfo } from 'node:net';
import type { JobEvent } from '../shared/api';
import { API_PREFIX, EVENTS_PATH, TOKEN_HEADER } from '../shared/transport';
import { ExemplarService } from './api';
import { BadRequest, checkCall, invoke } from './boundary';

export interface ServeOptions {
  /** The .exemplar project file to open (it must exist). */
  project: string;
  /** 0 (the default) lets the system pick a free port. */
  port?: number;
  /** Only 127.0.0.1: browser mode is for the local user. */
  host?: '127.0.0.1';
  /** The launch token; a random one when absent. */
  token?: string;
  /** The built renderer; out/renderer when absent. */
  staticDir?: string;
}

export interface RunningServer {
  /** The page to open, token included. */
  url: string;
  port: number;
  token: string;
  service: ExemplarService;
  close(): Promise<void>;
}

/** Requests bodies above this are refused (a predict call with many cases stays far below). */
const MAX_BODY_BYTES = 16 << 20;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
};

/** out/renderer, from the bundle (out/node/cli.js) or the sources (src/main/serve.ts): two folders up either way. */
function findRenderer(): string | null {
  const dir = fileURLToPath(new URL('../../out/renderer', import.meta.url));
  return existsSync(join(dir, 'index.html')) ? dir : null;
}

export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  if (opts.host !== undefined && opts.host !== '127.0.0.1') throw new Error('Browser mode listens on 127.0.0.1 only.');
  const host = '127.0.0.1';
  if (!existsSync(opts.project)) throw new Error(`${opts.project}: no such project file.`);
  const token = opts.token ?? randomBytes(24).toString('base64url');
  if (token.length < 16) throw new Error('The launch token must be at least 16 characters.');
  const tokenBytes = Buffer.from(token);
  const staticDir = opts.staticDir ?? findRenderer();
  const service = ExemplarService.open(resolve(opts.project));
  const streams = new Set<ServerResponse>();
  let port = 0;

  const offEvents = service.jobs.on((event: JobEvent) => {
    const frame = `data: ${JSON.stringify(event)}\n\n`;
    for (const res of streams) res.write(frame);
  });

  const hasToken = (req: IncomingMessage, url: URL, allowQuery: boolean): boolean => {
    const header = req.headers[TOKEN_HEADER];
    const given = typeof header === 'string' ? header : allowQuery ? url.searchParams.get('token') : null;
    if (!given) return false;
    const bytes = Buffer.from(given);
    return bytes.length === tokenBytes.length && timingSafeEqual(bytes, tokenBytes);
  };

  const server = createServer((req, res) => {
    void handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: (e as Error).message });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // The token rides in the page URL: never send it on as a referrer.
    res.setHeader('Referrer-Policy', 'no-referrer');
    // A page elsewhere that rebinds its own name to 127.0.0.1 sends its own Host: refuse it.
    if (req.headers.host !== `${host}:${port}` && req.headers.host !== `localhost:${port}`) return sendJson(res, 403, { error: 'Unexpected Host header.' });
    const url = new URL(req.url ?? '/', `http://${host}:${port}`);

    if (url.pathname === EVENTS_PATH) {
      if (!hasToken(req, url, true)) return sendJson(res, 403, { error: 'Missing or wrong token.' });
      if (req.method !== 'GET') return sendJson(res, 405, { error: 'Use GET for events.' });
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
      // The first bytes make the browser's EventSource fire `open`.
      res.write('retry: 1000\n: connected\n\n');
      streams.add(res);
      res.on('close', () => streams.delete(res));
      return;
    }

    if (url.pathname.startsWith(API_PREFIX)) {
      if (!hasToken(req, url, false)) return sendJson(res, 403, { error: 'Missing or wrong token.' });
      if (req.method !== 'POST') return sendJson(res, 405, { error: 'Use POST with a JSON array of arguments.' });
      let call;
      try {
        const body = await readBody(req);
        let args: unknown;
        try {
          args = body.length ? JSON.parse(body) : [];
        } catch {
          throw new BadRequest('The body must be JSON.');
        }
        call = checkCall(url.pathname.slice(API_PREFIX.length), args);
      } catch (e) {
        return sendJson(res, e instanceof BadRequest ? 400 : 500, { error: (e as Error).message });
      }
      try {
        // Absent results (cancel) travel as null.
        return sendJson(res, 200, (await invoke(service, call)) ?? null);
      } catch (e) {
        // 400 is for input refused at this boundary; whatever the service throws past it is a 500, message kept.
        return sendJson(res, 500, { error: (e as Error).message });
      }
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'Method not allowed.' });
    if (!staticDir) {
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' });
      return void res.end('The renderer is not built: run `npm run build:web`.\n');
    }
    let rel: string;
    try {
      rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
    } catch {
      return sendJson(res, 400, { error: 'Malformed path.' });
    }
    const file = resolve(staticDir, rel);
    if (!file.startsWith(resolve(staticDir) + sep) || !existsSync(file)) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      return void res.end('Not found.\n');
    }
    const body = readFileSync(file);
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Length': body.length,
      // Built assets have hashed names; index.html must be fetched fresh.
      'Cache-Control': rel === 'index.html' ? 'no-store' : 'max-age=31536000, immutable',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  // Heartbeats keep idle streams open through anything that times them out.
  const heartbeat = setInterval(() => {
    for (const res of streams) res.write(': heartbeat\n\n');
  }, 25_000);
  heartbeat.unref();

  try {
    await new Promise<void>((ok, fail) => {
      server.once('error', fail);
      server.listen(opts.port ?? 0, host, () => ok());
    });
  } catch (e) {
    offEvents();
    await service.close();
    throw e;
  }
  port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | null = null;
  return {
    url: `http://${host}:${port}/?token=${encodeURIComponent(token)}`,
    port,
    token,
    service,
    close() {
      closing ??= new Promise<void>((done) => {
        clearInterval(heartbeat);
        offEvents();
        for (const res of streams) res.end();
        server.close(() => void service.close().then(done));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((ok, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        fail(new BadRequest(`The request body is over ${MAX_BODY_BYTES >> 20} MiB.`));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => ok(Buffer.concat(chunks).toString('utf8')));
    req.on('error', fail);
  });
}

export const SERVE_USAGE = 'exemplar serve FILE.exemplar [--port P]';

/**
 * `exemplar serve FILE.exemplar [--port P]`: serves until SIGINT or SIGTERM, then resolves. argv is what
 * follows `serve`. Prints the line scripts (and e2e/global-setup.ts) read the address from.
 */
export async function serveCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args: argv, options: { port: { type: 'string' } }, allowPositionals: true, strict: true });
  if (positionals.length !== 1) throw new Error(`Usage: ${SERVE_USAGE}`);
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be an integer between 0 and 65535, not "${values.port}".`);
  const server = await startServer({ project: positionals[0], port });
  console.log(`Exemplar is serving ${positionals[0]} at ${server.url}`);
  await new Promise<void>((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void server.close().then(done);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
