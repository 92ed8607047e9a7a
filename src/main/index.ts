// The Electron shell: one window, a File menu, and the relay between the window and the service. The service
// (SQLite, import, fits, prediction) runs in a utility process (src/main/service/utility.ts) with its threads;
// this process never opens the project, parses a call or builds a result: it checks who calls, passes the
// call's JSON text on, and passes the answer's bytes back. On first start it opens the digits demo, made in
// the user's data folder while the window shows its fit; later starts reopen the last project.
//
// Electron's security checklist, all of it: context isolation and the sandbox; every permission request
// denied; the renderer served from app:// with its CSP as a header; IPC answered only for our own page
// (senderFrame.url); no navigation, no new windows, no webviews; ELECTRON_RENDERER_URL only when not packaged.
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, utilityProcess, type IpcMainInvokeEvent, type MenuItemConstructorOptions, type UtilityProcess } from 'electron';
import { readFile } from 'node:fs/promises';
import { existsSync, statSync } from 'node:fs';
import { basename, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  API_METHODS,
  type IpcAnswer,
  IPC_DROPPED_FILE,
  IPC_EVENT_CHANNEL,
  IPC_MENU_CHANNEL,
  IPC_PRINT_PDF,
  IPC_OPEN_DATA_FILE,
  IPC_UPLOAD_BEGIN,
  IPC_UPLOAD_CHUNK,
  IPC_UPLOAD_END,
  ipcChannel,
  type MenuCommand,
  type OpenedFile,
} from '../shared/transport';
import { demoProjectPath, digitsDemo, recentProjects, rememberProject } from './service/profile';
import { CallError, type DemoSpec, type Port, type Request as ServiceRequest, RpcClient, type WireMessage } from './service/rpc';

/** The renderer's origin: a standard, secure custom scheme, so the page is not a file:// page with file:// powers. */
const APP_ORIGIN = 'app://exemplar';

/** Same policy as browser mode's header (src/main/serve.ts); connect-src also lets the dev server's page reach its own origin. */
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

// Tests (e2e/electron.spec.ts) keep their state out of the real user's data folder.
if (process.env.EXEMPLAR_USER_DATA) app.setPath('userData', process.env.EXEMPLAR_USER_DATA);

let win: BrowserWindow | null = null;
let service: ServiceProcess | null = null;

/** The dev server's page (electron-vite dev), never in a packaged app: there it would let an environment variable choose the code the window runs. */
function devServerUrl(): string | null {
  return !app.isPackaged && process.env.ELECTRON_RENDERER_URL ? process.env.ELECTRON_RENDERER_URL : null;
}

const rendererDir = () => fileURLToPath(new URL('../renderer', import.meta.url));
const resourcesDir = () => (app.isPackaged ? join(process.resourcesPath, 'data') : join(app.getAppPath(), 'resources', 'data'));
const userFolder = () => app.getPath('userData');

/** The service process of one project, and the typed messages to it. */
class ServiceProcess {
  private constructor(
    readonly project: string,
    private readonly child: UtilityProcess,
    private readonly client: RpcClient,
  ) {}

  static async start(project: string, opts: { demo?: DemoSpec; create?: boolean }): Promise<ServiceProcess> {
    // In a packaged app the service's bundles run from app.asar.unpacked (package.json "build": asarUnpack):
    // it starts worker threads, which load scripts from the file system.
    const entry = fileURLToPath(new URL('./service.js', import.meta.url)).replace(/app\.asar(?=[\\/])/, 'app.asar.unpacked');
    const child = utilityProcess.fork(entry, [], { serviceName: 'Exemplar service', stdio: 'inherit' });
    const port: Port = {
      post: (m) => child.postMessage(m),
      listen(listener) {
        const on = (m: WireMessage) => listener(m);
        child.on('message', on);
        return () => void child.off('message', on);
      },
    };
    const client = new RpcClient(port);
    client.onEvent((e) => win?.webContents.send(IPC_EVENT_CHANNEL, e));
    child.once('exit', (code) => client.failAll(new CallError('unavailable', `The service process ended (code ${code}): reopen the project.`)));
    await client.request({ op: 'open', project, ...opts });
    return new ServiceProcess(project, child, client);
  }

  request<T>(r: ServiceRequest): Promise<T> {
    return this.client.request<T>(r);
  }

  async stop(): Promise<void> {
    await this.client.request({ op: 'close' }).catch(() => {});
    this.client.dispose();
    this.child.kill();
  }
}

/** Answers a call as the preload expects it: the body, or the error's kind and message (never a thrown Error, whose message Electron decorates). */
async function answer<T>(work: () => Promise<T>): Promise<IpcAnswer<T>> {
  try {
    return { body: await work() };
  } catch (e) {
    return { error: { kind: e instanceof CallError ? e.kind : 'internal', message: (e as Error).message } };
  }
}

/** Only our own page may call: the window's main frame, showing app:// (or the dev server's page when not packaged). */
function fromOurPage(e: IpcMainInvokeEvent): boolean {
  if (!win || e.sender !== win.webContents || e.senderFrame !== win.webContents.mainFrame) return false;
  const url = e.senderFrame?.url ?? '';
  const dev = devServerUrl();
  return url.startsWith(`${APP_ORIGIN}/`) || (dev !== null && url.startsWith(new URL(dev).origin + '/'));
}

function handle(channel: string, fn: (...args: unknown[]) => Promise<unknown>): void {
  ipcMain.handle(channel, (e, ...args: unknown[]) => {
    if (!fromOurPage(e)) return { error: { kind: 'forbidden', message: 'Refused: the call did not come from the Exemplar window.' } };
    return answer(() => {
      if (!service) throw new CallError('unavailable', 'No project is open.');
      return fn(...args);
    });
  });
}

for (const method of API_METHODS) {
  // The arguments' JSON text goes to the service as it came; the result's JSON bytes come back as they left it.
  handle(ipcChannel(method), (args) => service!.request({ op: 'call', method, args: typeof args === 'string' ? args : '' }));
}
/** A picked file becomes an id the page can import; the page never holds, or sends, a path. */
const addFile = (path: string): Promise<OpenedFile> => service!.request({ op: 'addFile', path, name: basename(path) });
handle(IPC_OPEN_DATA_FILE, async () => {
  const r = await dialog.showOpenDialog(win!, { title: 'Import cases', properties: ['openFile'], filters: [{ name: 'Tables', extensions: ['csv', 'tsv', 'txt', 'arff', 'jsonl', 'ndjson', 'json'] }] });
  return r.canceled || !r.filePaths[0] ? null : addFile(r.filePaths[0]);
});
// The preload read this path from a File the user dropped or chose (webUtils.getPathForFile): the page's own
// script cannot reach this channel, and a File it makes has no path.
handle(IPC_DROPPED_FILE, async (path) => {
  if (typeof path !== 'string' || !path || !existsSync(path) || !statSync(path).isFile()) throw new CallError('badRequest', 'Not a file.');
  return addFile(path);
});
handle(IPC_UPLOAD_BEGIN, (name) => service!.request({ op: 'uploadBegin', name: String(name) }));
handle(IPC_UPLOAD_CHUNK, (upload, bytes) => {
  if (typeof upload !== 'string' || !(bytes instanceof Uint8Array)) throw new CallError('badRequest', 'An upload chunk is an id and bytes.');
  return service!.request({ op: 'uploadChunk', upload, bytes });
});
handle(IPC_UPLOAD_END, (upload) => service!.request({ op: 'uploadEnd', upload: String(upload) }));
handle(IPC_PRINT_PDF, (html) => {
  if (typeof html !== 'string' || html.length > 64 << 20) throw new CallError('badRequest', 'A report to print must be HTML text under 64 MiB.');
  return printToPdf(html);
});

/**
 * A report's HTML as a PDF: Chromium lays it out in a hidden window with scripts off (the report has none,
 * and its CSP forbids every request), then prints it on A4. Any failure rejects, and the page says so.
 */
async function printToPdf(html: string): Promise<Uint8Array> {
  const page = new BrowserWindow({ show: false, webPreferences: { sandbox: true, javascript: false, contextIsolation: true } });
  try {
    await page.loadURL(`data:text/html;charset=utf-8;base64,${Buffer.from(html, 'utf8').toString('base64')}`);
    const pdf = await page.webContents.printToPDF({ pageSize: 'A4', printBackground: true, displayHeaderFooter: false });
    if (pdf.length < 5 || pdf.subarray(0, 5).toString('latin1') !== '%PDF-') throw new Error('Chromium printed no PDF.');
    return new Uint8Array(pdf);
  } finally {
    page.destroy();
  }
}

/** Opens a project in a new service process (the old one closes first) and shows it. */
async function openProject(path: string, opts: { create?: boolean } = {}): Promise<void> {
  const folder = userFolder();
  const demo = resolve(path) === demoProjectPath(folder) ? digitsDemo(join(resourcesDir(), 'digits.csv')) : undefined;
  const old = service;
  service = null;
  await old?.stop();
  service = await ServiceProcess.start(resolve(path), { demo, create: opts.create });
  rememberProject(folder, path);
  win?.setTitle(`Exemplar — ${basename(path)}`);
  Menu.setApplicationMenu(menu());
}

async function openDialog(): Promise<void> {
  const r = await dialog.showOpenDialog(win!, { properties: ['openFile'], filters: [{ name: 'Exemplar project', extensions: ['exemplar'] }] });
  if (r.canceled || !r.filePaths[0]) return;
  await openProject(r.filePaths[0]);
  win?.webContents.reload();
}

/** A new, empty project; the page's Data view imports into it. */
async function newDialog(): Promise<void> {
  const r = await dialog.showSaveDialog(win!, { title: 'New project', filters: [{ name: 'Exemplar project', extensions: ['exemplar'] }] });
  if (r.canceled || !r.filePath) return;
  const path = extname(r.filePath) ? r.filePath : `${r.filePath}.exemplar`;
  await openProject(path, { create: true });
  win?.webContents.reload();
}

function menu(): Menu {
  const report = (e: unknown) => dialog.showErrorBox('Exemplar', (e as Error).message);
  const recent: MenuItemConstructorOptions[] = recentProjects(userFolder()).map((p) => ({
    label: p,
    click: () => void openProject(p).then(() => win?.webContents.reload()).catch(report),
  }));
  return Menu.buildFromTemplate([
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Open Project…', accelerator: 'CmdOrCtrl+O', click: () => void openDialog().catch(report) },
        { label: 'New Project…', accelerator: 'CmdOrCtrl+N', click: () => void newDialog().catch(report) },
        { label: 'Open Recent', submenu: recent.length ? recent : [{ label: 'No recent projects', enabled: false }] },
        { type: 'separator' },
        { label: 'Export Report…', accelerator: 'CmdOrCtrl+E', click: () => win?.webContents.send(IPC_MENU_CHANNEL, 'report' satisfies MenuCommand) },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { role: 'viewMenu' },
  ]);
}

/** app://exemplar/… → the built renderer's files, nothing outside it, each with the CSP header. */
async function serveRenderer(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const root = rendererDir();
  let file: string;
  try {
    file = resolve(root, decodeURIComponent(url.pathname).replace(/^\/+/, '') || 'index.html');
  } catch {
    return new Response('Bad path', { status: 400 });
  }
  if (url.host !== 'exemplar' || !file.startsWith(root + sep) || !existsSync(file)) return new Response('Not found', { status: 404 });
  const types: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2', '.json': 'application/json' };
  return new Response(await readFile(file), {
    headers: { 'Content-Type': types[extname(file)] ?? 'application/octet-stream', 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff' },
  });
}

async function start(): Promise<void> {
  // Deny every permission (camera, notifications, geolocation, …): the app needs none.
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  protocol.handle('app', serveRenderer);
  app.on('web-contents-created', (_e, contents) => {
    // The app never navigates, opens windows or embeds webviews.
    contents.on('will-navigate', (e) => e.preventDefault());
    contents.on('will-attach-webview', (e) => e.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
  const folder = userFolder();
  const named = process.argv.find((a) => a.endsWith('.exemplar') && existsSync(a));
  const project = named ?? recentProjects(folder)[0] ?? demoProjectPath(folder);
  win = new BrowserWindow({
    width: 1200,
    height: 800,
    show: false,
    webPreferences: {
      preload: fileURLToPath(new URL('../preload/index.cjs', import.meta.url)),
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
      webSecurity: true,
      webviewTag: false,
    },
  });
  win.once('ready-to-show', () => win?.show());
  win.on('closed', () => (win = null));
  await openProject(project);
  const dev = devServerUrl();
  await win.loadURL(dev ?? `${APP_ORIGIN}/index.html`);
}

app.whenReady().then(start).catch((e: unknown) => {
  dialog.showErrorBox('Exemplar', (e as Error).message);
  app.quit();
});
app.on('window-all-closed', () => {
  const s = service;
  service = null;
  void (s?.stop() ?? Promise.resolve()).finally(() => app.quit());
});
