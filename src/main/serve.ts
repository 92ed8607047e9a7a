// Browser mode: the same ExemplarService over HTTP on 127.0.0.1, for machines without a display server or
// an Electron binary. The built renderer (out/renderer) is served as static files; the API answers only
// requests that carry the launch token, so other local users and web pages cannot drive it (Jupyter's
// token scheme). Routes and headers: src/shared/transport.ts.
//
// This thread only answers HTTP: the service runs in service threads (src/main/service/pool.ts) that get
// each call's body as bytes and hand back the result as bytes, so neither a large call nor a long one (a
// 100k-case predict, a million-row import) holds up the page, the event stream or another call.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { AddressInfo, Socket } from 'node:net';
import type { JobEvent } from '../shared/api';
import { API_PREFIX, EVENTS_PATH, TOKEN_HEADER, UPLOAD_PATH } from '../shared/transport';
import { formatBytes, ServicePool, tooLarge, UPLOAD_LIMIT } from './service/pool';
import { dataFolder, rememberProject, startProject } from './service/profile';
import { CallError, type DemoSpec, HTTP_STATUS } from './service/rpc';

export interface ServeLimits {
  /** Largest API request body (default 128 MiB: a predict of CALL_CAPS.predictCases digits, 64 columns each, is 86 MB). */
  bodyBytes: number;
  /** Largest upload (default UPLOAD_LIMIT). */
  uploadBytes: number;
  /** Time to receive a request's headers (default 10 s: a client that trickles them is cut off). */
  headersTimeoutMs: number;
  /** Time to receive a whole request, body included (default 10 min: a multi-GB upload on this machine). */
  requestTimeoutMs: number;
  /** Open connections at once (default 64; a page uses about 7). */
  connections: number;
}

export const DEFAULT_LIMITS: ServeLimits = { bodyBytes: 128 << 20, uploadBytes: UPLOAD_LIMIT, headersTimeoutMs: 10_000, requestTimeoutMs: 600_000, connections: 64 };

export interface ServeOptions {
  /** The .exemplar project file to open (it must exist unless `demo` says how to make it). */
  project: string;
  /** Make the project the bundled demo when it does not exist yet. */
  demo?: DemoSpec;
  /** 0 (the default) lets the system pick a free port. */
  port?: number;
  /** Only 127.0.0.1: browser mode is for the local user. */
  host?: '127.0.0.1';
  /** The launch token; a random one when absent. */
  token?: string;
  /** The built renderer; out/renderer when absent. */
  staticDir?: string;
  limits?: Partial<ServeLimits>;
  /** Reader threads of the service (default 2). */
  readers?: 0 | 1 | 2;
}

export interface RunningServer {
  /** The page to open, token included. */
  url: string;
  port: number;
  token: string;
  pool: ServicePool;
  close(): Promise<void>;
}

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

/**
 * The page's policy, sent as a header on every response (index.html carries the same as a meta tag, but
 * a meta tag cannot say frame-ancestors): our own scripts and styles only, no plugins, no framing.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** out/renderer, from the bundle (out/node/cli.js) or the sources (src/main/serve.ts): two folders up either way. */
function findRenderer(): string | null {
  const dir = fileURLToPath(new URL('../../out/renderer', import.meta.url));
  return existsSync(join(dir, 'index.html')) ? dir : null;
}

/** resources/data/digits.csv, found the same way. */
export const bundledDigits = () => fileURLToPath(new URL('../../resources/data/digits.csv', import.meta.url));

export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  if (opts.host !== undefined && opts.host !== '127.0.0.1') throw new Error('Browser mode listens on 127.0.0.1 only.');
  const host = '127.0.0.1';
  if (!opts.demo && !existsSync(opts.project)) throw new Error(`${opts.project}: no such project file.`);
  const token = opts.token ?? randomBytes(24).toString('base64url');
  if (token.length < 16) throw new Error('The launch token must be at least 16 characters.');
  const tokenBytes = Buffer.from(token);
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const staticDir = opts.staticDir ?? findRenderer();
  const pool = await ServicePool.start({ project: resolve(opts.project), demo: opts.demo, readers: opts.readers, uploadLimit: limits.uploadBytes });
  const streams = new Set<ServerResponse>();
  let port = 0;

  const offEvents = pool.onEvent((event: JobEvent) => {
    const frame = `data: ${JSON.stringify(event)}\n\n`;
    for (const res of streams) res.write(frame);
  });

  const sameToken = (given: string | null | undefined): boolean => {
    if (!given) return false;
    const bytes = Buffer.from(given);
    return bytes.length === tokenBytes.length && timingSafeEqual(bytes, tokenBytes);
  };
  const hasToken = (req: IncomingMessage, url: URL, allowQuery: boolean): boolean => {
    const header = req.headers[TOKEN_HEADER];
    return sameToken(typeof header === 'string' ? header : allowQuery ? url.searchParams.get('token') : null);
  };

  const server = createServer(
    // Node checks these every connectionsCheckingInterval; a second keeps the limits close to what they say.
    { headersTimeout: limits.headersTimeoutMs, requestTimeout: limits.requestTimeoutMs, connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs), maxHeaderSize: 16 << 10 },
    (req, res) => {
      void handle(req, res).catch((e: unknown) => {
        if (!res.headersSent) sendError(res, e);
        else res.destroy();
      });
    },
  );
  server.maxConnections = limits.connections;
  server.keepAliveTimeout = 5_000;
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // The token rides in the page URL: never send it on as a referrer.
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
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

    if (url.pathname === UPLOAD_PATH) {
      if (!hasToken(req, url, false)) return refuseBody(req, res, 403, 'Missing or wrong token.');
      if (req.method !== 'POST') return refuseBody(req, res, 405, 'Use POST with the file as the body.');
      const name = url.searchParams.get('name');
      if (!name) return refuseBody(req, res, 400, 'Give the file name: /api/upload?name=FILE.');
      if (declaredLength(req) > limits.uploadBytes) return refuseBody(req, res, 413, tooLarge(limits.uploadBytes).message);
      const upload = pool.uploads.begin(name);
      try {
        for await (const chunk of req) await upload.write(chunk as Buffer);
      } catch (e) {
        upload.abort();
        if (e instanceof CallError && e.kind === 'tooLarge') return refuseBody(req, res, 413, e.message);
        throw e;
      }
      return sendJson(res, 200, await upload.end());
    }

    if (url.pathname.startsWith(API_PREFIX)) {
      if (!hasToken(req, url, false)) return refuseBody(req, res, 403, 'Missing or wrong token.');
      if (req.method !== 'POST') return refuseBody(req, res, 405, 'Use POST with a JSON array of arguments.');
      if (declaredLength(req) > limits.bodyBytes) return refuseBody(req, res, 413, `The request body is over ${formatBytes(limits.bodyBytes)}.`);
      const body = await readBody(req, limits.bodyBytes);
      if (!body) return refuseBody(req, res, 413, `The request body is over ${formatBytes(limits.bodyBytes)}.`);
      const result = await pool.call(url.pathname.slice(API_PREFIX.length), body.byteLength ? body : []);
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': result.byteLength, 'Cache-Control': 'no-store' });
      return void res.end(result);
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'Method not allowed.' });
    // A link with a stale token (an earlier run's) gets a page that says where the right one is.
    if (url.searchParams.has('token') && !sameToken(url.searchParams.get('token'))) return sendHtml(res, 403, WRONG_TOKEN_PAGE);
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
    const content = readFileSync(file);
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Length': content.length,
      // Built assets have hashed names; index.html must be fetched fresh.
      'Cache-Control': rel === 'index.html' ? 'no-store' : 'max-age=31536000, immutable',
    });
    res.end(req.method === 'HEAD' ? undefined : content);
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
    await pool.close();
    throw e;
  }
  port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | null = null;
  return {
    url: `http://${host}:${port}/?token=${encodeURIComponent(token)}`,
    port,
    token,
    pool,
    close() {
      closing ??= new Promise<void>((done) => {
        clearInterval(heartbeat);
        offEvents();
        for (const res of streams) res.end();
        server.close(() => void pool.close().then(done));
        server.closeAllConnections();
        for (const s of sockets) s.destroy();
      });
      return closing;
    },
  };
}

/** Content-Length as sent (0 when absent: a chunked body is counted as it arrives). */
function declaredLength(req: IncomingMessage): number {
  const n = Number(req.headers['content-length'] ?? 0);
  return Number.isFinite(n) ? n : Infinity;
}

/**
 * Answers without reading the body, and closes the connection after: reading a refused body would let a
 * client make us take it anyway, and leaving it unread on a kept-alive connection would garble the next request.
 */
function refuseBody(req: IncomingMessage, res: ServerResponse, status: number, error: string): void {
  res.setHeader('Connection', 'close');
  sendJson(res, status, { error });
  res.once('finish', () => req.destroy());
}

/**
 * The body in a buffer of its own (so it can be moved to a service thread), or null past `limit` bytes.
 * With a Content-Length the buffer is made first and filled as chunks arrive, so a large body costs this
 * thread no copy of its own size at the end.
 */
async function readBody(req: IncomingMessage, limit: number): Promise<Uint8Array | null> {
  const declared = req.headers['content-length'] !== undefined ? declaredLength(req) : -1;
  if (declared >= 0) {
    const body = new Uint8Array(declared);
    let at = 0;
    for await (const chunk of req) {
      const c = chunk as Buffer;
      if (at + c.length > declared) return null; // more than it said: refused like a body over the limit
      body.set(c, at);
      at += c.length;
    }
    return at === declared ? body : body.slice(0, at);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return null;
    chunks.push(chunk as Buffer);
  }
  const body = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    body.set(c, at);
    at += c.length;
  }
  return body;
}

function sendError(res: ServerResponse, e: unknown): void {
  const status = e instanceof CallError ? HTTP_STATUS[e.kind] : 500;
  sendJson(res, status, { error: (e as Error)?.message ?? String(e) });
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' });
  res.end(body);
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(html), 'Cache-Control': 'no-store' });
  res.end(html);
}

const WRONG_TOKEN_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Exemplar: this link has the wrong token</title></head>
<body>
<h1>This link has the wrong token</h1>
<p>Exemplar only answers the link it printed when it started, and every start makes a new one. This link is
from an earlier run, or was mistyped.</p>
<p>Look in the terminal where Exemplar runs for the line<br>
<code>Exemplar is serving … at http://127.0.0.1:…/?token=…</code><br>
and open that address. If that terminal is gone, start Exemplar again (<code>npm start</code>, or
<code>exemplar serve FILE.exemplar</code>) and open the address it prints.</p>
</body></html>
`;

export const SERVE_USAGE = 'exemplar serve [FILE.exemplar] [--port P]';

/**
 * `exemplar serve [FILE.exemplar] [--port P]`: serves until SIGINT or SIGTERM, then resolves. argv is what
 * follows `serve`. Without FILE it opens the last project served, or the digits demo (made on first use, its
 * fit running while the page shows it). Prints one line, which scripts (and e2e/global-setup.ts) read the
 * address from.
 */
export async function serveCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args: argv, options: { port: { type: 'string' } }, allowPositionals: true, strict: true });
  if (positionals.length > 1) throw new Error(`Usage: ${SERVE_USAGE}`);
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be an integer between 0 and 65535, not "${values.port}".`);
  const folder = dataFolder();
  const { project, demo } = positionals[0] !== undefined ? { project: resolve(positionals[0]), demo: undefined } : startProject(folder, bundledDigits());
  const server = await startServer({ project, demo, port });
  try {
    rememberProject(folder, project);
  } catch {
    // A read-only home only costs the recent list.
  }
  console.log(`Exemplar is serving ${project} at ${server.url}`);
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
