// The Electron shell with the electron module stubbed (no binary here): the window's security settings,
// the demo project on first start, and IPC delegating to ExemplarService through the boundary checks.
import { afterAll, describe, expect, it, vi } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JobEvent } from '../shared/api';
import { API_METHODS, IPC_EVENT_CHANNEL, ipcChannel } from '../shared/transport';

const stub = vi.hoisted(() => {
  const state = {
    userData: '',
    appPath: '',
    handlers: new Map<string, (e: unknown, ...args: unknown[]) => unknown>(),
    appEvents: new Map<string, () => void>(),
    windows: [] as { opts: { webPreferences: Record<string, unknown> }; webContents: { send: ReturnType<typeof vi.fn>; mainFrame: object }; loadFile: ReturnType<typeof vi.fn> }[],
  };
  class BrowserWindow {
    webContents = { send: vi.fn(), reload: vi.fn(), on: vi.fn(), setWindowOpenHandler: vi.fn(), mainFrame: {} };
    loadFile = vi.fn(async () => {});
    loadURL = vi.fn(async () => {});
    once = vi.fn();
    on = vi.fn();
    setTitle = vi.fn();
    constructor(readonly opts: { webPreferences: Record<string, unknown> }) {
      state.windows.push(this);
    }
  }
  const electron = {
    app: {
      whenReady: () => Promise.resolve(),
      getPath: () => state.userData,
      getAppPath: () => state.appPath,
      on: (name: string, fn: () => void) => state.appEvents.set(name, fn),
      quit: () => {},
    },
    BrowserWindow,
    ipcMain: { handle: (channel: string, fn: (e: unknown, ...args: unknown[]) => unknown) => state.handlers.set(channel, fn) },
    dialog: { showErrorBox: (_t: string, m: string) => console.error(m), showOpenDialog: vi.fn(), showSaveDialog: vi.fn() },
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: vi.fn() },
  };
  return { state, electron };
});
vi.mock('electron', () => stub.electron);

const { state } = stub;
state.userData = mkdtempSync(join(tmpdir(), 'exemplar-shell-'));
state.appPath = fileURLToPath(new URL('../..', import.meta.url));
afterAll(() => {
  state.appEvents.get('window-all-closed')?.();
  rmSync(state.userData, { recursive: true, force: true });
});

async function started() {
  await import('./index');
  await vi.waitFor(() => expect(state.windows[0]?.loadFile).toHaveBeenCalled(), { timeout: 30_000 });
  const win = state.windows[0];
  const own = { sender: win.webContents, senderFrame: win.webContents.mainFrame };
  const invoke = (method: string, args: unknown[], from: unknown = own) => Promise.resolve().then(() => state.handlers.get(ipcChannel(method as 'fit'))!(from, ...args));
  return { win, invoke };
}

describe('the Electron shell', () => {
  it('opens one locked-down window on a demo project made on first start', async () => {
    const { win, invoke } = await started();
    expect(win.opts.webPreferences).toMatchObject({ contextIsolation: true, nodeIntegration: false, sandbox: true });
    expect(String(win.opts.webPreferences.preload)).toMatch(/preload[/\\]index\.cjs$/);
    expect(existsSync(join(state.userData, 'demo.exemplar'))).toBe(true);
    expect(JSON.parse(readFileSync(join(state.userData, 'state.json'), 'utf8'))).toEqual({ project: join(state.userData, 'demo.exemplar') });
    const datasets = (await invoke('listDatasets', [])) as { name: string; rows: number }[];
    expect(datasets.map((d) => [d.name, d.rows])).toEqual([['recipes.csv', 56]]);
  });

  it('handles every API method, checks arguments, and answers only its own window', async () => {
    const { invoke } = await started();
    expect([...state.handlers.keys()].sort()).toEqual(API_METHODS.map(ipcChannel).sort());
    await expect(invoke('getModel', ['1'])).rejects.toThrow(/modelId must be an integer/);
    await expect(invoke('listDatasets', [], { sender: {}, senderFrame: {} })).rejects.toThrow(/Refused/);
  });

  it('forwards job events to the window', async () => {
    const { win, invoke } = await started();
    const { jobId } = (await invoke('importData', [{ path: join(state.appPath, 'resources', 'data', 'recipes.csv'), name: 'again' }])) as { jobId: string };
    await invoke('wait', [jobId]);
    const sent = win.webContents.send.mock.calls.filter(([channel]) => channel === IPC_EVENT_CHANNEL).map(([, e]) => e as JobEvent);
    expect(sent.filter((e) => e.jobId === jobId).at(-1)?.type).toBe('done');
  });
});
