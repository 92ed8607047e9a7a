// The Electron shell with the electron module stubbed (no binary here): the window's security settings and
// the checklist (permissions denied, app:// with a CSP header, IPC only from our page), the digits demo on
// first start, and IPC relayed to the service process. The stubbed utilityProcess.fork runs the real service
// process code (src/main/service/utility.ts) in this process, its messages cloned as a process boundary
// would, over the real service threads (out/node/workers/service.js: `npm run build:node` first).
import { afterAll, describe, expect, it, vi } from 'vitest';
import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JobEvent } from '../shared/api';
import { API_METHODS, type IpcAnswer, IPC_DROPPED_FILE, IPC_EVENT_CHANNEL, IPC_MENU_CHANNEL, IPC_OPEN_DATA_FILE, IPC_PRINT_PDF, IPC_UPLOAD_BEGIN, IPC_UPLOAD_CHUNK, IPC_UPLOAD_END, ipcChannel } from '../shared/transport';
import type { Port, WireMessage } from './service/rpc';
import { runServiceProcess } from './service/utility';

const stub = vi.hoisted(() => {
  const state = {
    userData: '',
    appPath: '',
    packaged: false,
    handlers: new Map<string, (e: unknown, ...args: unknown[]) => unknown>(),
    appEvents: new Map<string, (...a: unknown[]) => void>(),
    windows: [] as {
      opts: { webPreferences: Record<string, unknown> };
      webContents: { send: ReturnType<typeof vi.fn>; mainFrame: { url: string }; printToPDF: ReturnType<typeof vi.fn> };
      loadURL: ReturnType<typeof vi.fn>;
      destroy: ReturnType<typeof vi.fn>;
    }[],
    forks: [] as { path: string; child: unknown }[],
    permissionRequest: null as null | ((wc: unknown, permission: string, callback: (ok: boolean) => void) => void),
    permissionCheck: null as null | ((...a: unknown[]) => boolean),
    schemes: [] as unknown[],
    protocolHandler: null as null | ((req: Request) => Promise<Response>),
    openDialog: vi.fn(),
    fork: null as null | ((path: string) => unknown),
    /** The last application menu set (its template, as the stub builds it). */
    menu: null as unknown,
    failPrint: false,
  };
  class BrowserWindow {
    webContents = {
      send: vi.fn(),
      reload: vi.fn(),
      on: vi.fn(),
      setWindowOpenHandler: vi.fn(),
      mainFrame: { url: 'app://exemplar/index.html' },
      printToPDF: vi.fn(async () => {
        if (state.failPrint) throw new Error('printing failed');
        return Buffer.from('%PDF-1.7 stub');
      }),
    };
    loadURL = vi.fn(async () => {});
    destroy = vi.fn();
    once = vi.fn();
    on = vi.fn();
    setTitle = vi.fn();
    constructor(readonly opts: { webPreferences: Record<string, unknown> }) {
      state.windows.push(this);
    }
  }
  const electron = {
    app: {
      get isPackaged() {
        return state.packaged;
      },
      whenReady: () => Promise.resolve(),
      getPath: () => state.userData,
      setPath: () => {},
      getAppPath: () => state.appPath,
      on: (name: string, fn: () => void) => state.appEvents.set(name, fn),
      quit: () => {},
    },
    BrowserWindow,
    ipcMain: { handle: (channel: string, fn: (e: unknown, ...args: unknown[]) => unknown) => state.handlers.set(channel, fn) },
    dialog: { showErrorBox: (_t: string, m: string) => console.error(m), showOpenDialog: state.openDialog, showSaveDialog: vi.fn() },
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: (m: unknown) => (state.menu = m) },
    protocol: {
      registerSchemesAsPrivileged: (s: unknown[]) => state.schemes.push(...s),
      handle: (_scheme: string, fn: (req: Request) => Promise<Response>) => (state.protocolHandler = fn),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: typeof state.permissionRequest) => (state.permissionRequest = fn),
        setPermissionCheckHandler: (fn: typeof state.permissionCheck) => (state.permissionCheck = fn),
      },
    },
    utilityProcess: { fork: (path: string) => state.fork!(path) },
  };
  return { state, electron };
});
vi.mock('electron', () => stub.electron);

const { state } = stub;
const root = fileURLToPath(new URL('../..', import.meta.url));
state.userData = mkdtempSync(join(tmpdir(), 'exemplar-shell-'));
state.appPath = root;

/** A utility process in this process: two ends of a channel whose messages are cloned on the way. */
state.fork = (path: string) => {
  const child = new EventEmitter() as EventEmitter & { postMessage(m: unknown): void; kill(): void };
  const toService = new EventEmitter();
  const servicePort: Port = {
    post: (m) => setImmediate(() => child.emit('message', structuredClone(m))),
    listen(listener) {
      toService.on('message', listener);
      return () => void toService.off('message', listener);
    },
  };
  child.postMessage = (m) => setImmediate(() => toService.emit('message', structuredClone(m) as WireMessage));
  child.kill = () => child.emit('exit', 0);
  runServiceProcess(servicePort, () => child.emit('exit', 0));
  state.forks.push({ path, child });
  return child;
};

// A packaged app, started with ELECTRON_RENDERER_URL set: it must not load (or answer) that page.
state.packaged = true;
(process as { resourcesPath?: string }).resourcesPath = join(root, 'resources');
process.env.ELECTRON_RENDERER_URL = 'http://localhost:5173/';

afterAll(async () => {
  // The service process closes its project before the folder goes.
  const exited = Promise.all(state.forks.map(({ child }) => new Promise((r) => (child as EventEmitter).once('exit', r))));
  state.appEvents.get('window-all-closed')?.();
  await exited;
  delete process.env.ELECTRON_RENDERER_URL;
  rmSync(state.userData, { recursive: true, force: true });
});

async function started() {
  await import('./index');
  await vi.waitFor(() => expect(state.windows[0]?.loadURL).toHaveBeenCalled(), { timeout: 60_000 });
  const win = state.windows[0];
  const own = { sender: win.webContents, senderFrame: win.webContents.mainFrame };
  const ipc = (channel: string, args: unknown[], from: unknown = own) => Promise.resolve().then(() => state.handlers.get(channel)!(from, ...args) as Promise<IpcAnswer<unknown>>);
  /** An API call as the preload makes it: JSON text in, JSON bytes out. */
  const invoke = async (method: string, args: unknown[], from: unknown = own) => {
    const a = await ipc(ipcChannel(method as 'fit'), [JSON.stringify(args)], from);
    if ('error' in a) throw new Error(a.error.message);
    return JSON.parse(new TextDecoder().decode(a.body as Uint8Array)) as unknown;
  };
  return { win, invoke, ipc };
}

describe('the Electron shell', () => {
  it('opens one locked-down window on app:// (ELECTRON_RENDERER_URL is ignored when packaged), with the service in a utility process', async () => {
    const { win } = await started();
    expect(win.opts.webPreferences).toMatchObject({ contextIsolation: true, nodeIntegration: false, sandbox: true, webviewTag: false });
    expect(String(win.opts.webPreferences.preload)).toMatch(/preload[/\\]index\.cjs$/);
    expect(win.loadURL).toHaveBeenCalledWith('app://exemplar/index.html');
    expect(state.forks).toHaveLength(1);
    expect(state.forks[0].path).toMatch(/[/\\]service\.js$/);
    expect(state.schemes).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }]);
  });

  it('denies every permission request and check', async () => {
    await started();
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn();
      state.permissionRequest!({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
      expect(state.permissionCheck!({}, permission, 'app://exemplar', {})).toBe(false);
    }
  });

  it('serves the renderer from app:// with the CSP as a header, and nothing outside it', async () => {
    await started();
    const index = await state.protocolHandler!(new Request('app://exemplar/index.html'));
    if (existsSync(join(root, 'out', 'renderer', 'index.html'))) {
      expect(index.status).toBe(200);
      expect(index.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    }
    expect((await state.protocolHandler!(new Request('app://exemplar/..%2f..%2fpackage.json'))).status).toBe(404);
    expect((await state.protocolHandler!(new Request('app://elsewhere/index.html'))).status).toBe(404);
  });

  it('makes the digits demo on first start and remembers it', async () => {
    const { invoke } = await started();
    expect(existsSync(join(state.userData, 'demo.exemplar'))).toBe(true);
    expect(JSON.parse(readFileSync(join(state.userData, 'state.json'), 'utf8'))).toEqual({ recent: [join(state.userData, 'demo.exemplar')] });
    const datasets = (await invoke('listDatasets', [])) as { name: string; rows: number }[];
    expect(datasets.map((d) => [d.name, d.rows])).toEqual([['digits', 1797]]);
  });

  it('relays every API method, checks arguments in the service, and answers only its own page', async () => {
    const { invoke, win } = await started();
    for (const m of API_METHODS) expect(state.handlers.has(ipcChannel(m)), m).toBe(true);
    await expect(invoke('getModel', ['1'])).rejects.toThrow(/modelId must be an integer/);
    await expect(invoke('getModel', [99])).rejects.toThrow(/No model 99/);
    // Another window, a subframe, or our window showing another page.
    await expect(invoke('listDatasets', [], { sender: {}, senderFrame: {} })).rejects.toThrow(/Refused/);
    await expect(invoke('listDatasets', [], { sender: win.webContents, senderFrame: { url: 'app://exemplar/index.html' } })).rejects.toThrow(/Refused/);
    win.webContents.mainFrame.url = 'https://evil.example/';
    await expect(invoke('listDatasets', [])).rejects.toThrow(/Refused/);
    // The dev server's page is ours only in an unpackaged app.
    win.webContents.mainFrame.url = 'http://localhost:5173/index.html';
    await expect(invoke('listDatasets', [])).rejects.toThrow(/Refused/);
    win.webContents.mainFrame.url = 'app://exemplar/index.html';
    // A path from the page is refused; a file the user picked in the dialog is imported by its id.
    await expect(invoke('importData', [{ path: join(root, 'package.json') }])).rejects.toThrow(/takes `file`/);
  });

  it('imports a file the user picked, by id, and forwards the job events to the window', async () => {
    const { win, invoke, ipc } = await started();
    state.openDialog.mockResolvedValueOnce({ canceled: false, filePaths: [join(root, 'resources', 'data', 'recipes.csv')] });
    const picked = (await ipc(IPC_OPEN_DATA_FILE, [])) as { body: { file: string; name: string } };
    expect(picked.body.name).toBe('recipes.csv');
    state.openDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] });
    expect(await ipc(IPC_OPEN_DATA_FILE, [])).toEqual({ body: null });
    expect(await ipc(IPC_DROPPED_FILE, [join(root, 'resources')])).toMatchObject({ error: { kind: 'badRequest' } });

    const { jobId } = (await invoke('importData', [{ file: picked.body.file, name: 'again' }])) as { jobId: string };
    await invoke('wait', [jobId]);
    await vi.waitFor(() => {
      const sent = win.webContents.send.mock.calls.filter(([channel]) => channel === IPC_EVENT_CHANNEL).map(([, e]) => e as JobEvent);
      expect(sent.filter((e) => e.jobId === jobId).at(-1)?.type).toBe('done');
    });
    expect(((await invoke('listDatasets', [])) as { name: string }[]).map((d) => d.name)).toContain('again');
  });

  it('takes a File without a path (one a page made) as bytes, in chunks, and imports it by id', async () => {
    const { invoke, ipc } = await started();
    const begun = (await ipc(IPC_UPLOAD_BEGIN, ['made.csv'])) as { body: { upload: string } };
    const text = new TextEncoder().encode('colour,size\nred,1\nblue,2\nred,3\n');
    await ipc(IPC_UPLOAD_CHUNK, [begun.body.upload, text.subarray(0, 10)]);
    await ipc(IPC_UPLOAD_CHUNK, [begun.body.upload, text.subarray(10)]);
    const opened = (await ipc(IPC_UPLOAD_END, [begun.body.upload])) as { body: { file: string; name: string } };
    expect(opened.body.name).toBe('made.csv');
    const { jobId } = (await invoke('importData', [{ file: opened.body.file }])) as { jobId: string };
    expect(await invoke('wait', [jobId])).toMatchObject({ dataset: { name: 'made.csv', rows: 3 } });
    expect(await ipc(IPC_UPLOAD_CHUNK, ['nope', text])).toMatchObject({ error: { kind: 'notFound' } });
  });

  it('prints a report’s HTML to PDF in a hidden window with scripts off, for its own page only; File ▸ Export Report… asks the page', async () => {
    const { win, ipc } = await started();
    const before = state.windows.length;
    const html = '<!doctype html><title>Report π</title><p>φ</p>';
    const a = (await ipc(IPC_PRINT_PDF, [html])) as { body: Uint8Array };
    expect(Buffer.from(a.body).subarray(0, 5).toString()).toBe('%PDF-');
    const page = state.windows[before];
    expect(page.opts.webPreferences).toMatchObject({ sandbox: true, javascript: false });
    expect(page.loadURL).toHaveBeenCalledWith(`data:text/html;charset=utf-8;base64,${Buffer.from(html).toString('base64')}`);
    expect(page.webContents.printToPDF).toHaveBeenCalledWith(expect.objectContaining({ pageSize: 'A4', printBackground: true }));
    expect(page.destroy).toHaveBeenCalled();
    expect(await ipc(IPC_PRINT_PDF, [42])).toMatchObject({ error: { kind: 'badRequest' } });
    expect(await ipc(IPC_PRINT_PDF, [html], { sender: {}, senderFrame: {} })).toMatchObject({ error: { kind: 'forbidden' } });
    // A failed print is an error the page shows, and the hidden window still goes.
    const next = state.windows.length;
    state.failPrint = true;
    expect(await ipc(IPC_PRINT_PDF, ['<p>x</p>'])).toMatchObject({ error: { message: expect.stringContaining('printing failed') } });
    state.failPrint = false;
    expect(state.windows[next].destroy).toHaveBeenCalled();

    const file = (state.menu as { label?: string; submenu?: { label?: string; click?: () => void }[] }[]).find((m) => m.label === 'File')!;
    file.submenu!.find((i) => i.label === 'Export Report…')!.click!();
    expect(win.webContents.send).toHaveBeenCalledWith(IPC_MENU_CHANNEL, 'report');
  });
});
