// The Electron shell: one window, a File menu, and the API over IPC. Everything else lives in api.ts.
// On first start it opens a demo project (the recipes of resources/data) made in the user's data folder;
// later starts reopen the last project.
import { app, BrowserWindow, dialog, ipcMain, Menu, type IpcMainInvokeEvent } from 'electron';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { API_METHODS, IPC_EVENT_CHANNEL, ipcChannel } from '../shared/transport';
import { ExemplarService } from './api';
import { checkCall, invoke } from './boundary';

// Tests (e2e/electron.spec.ts) keep their state out of the real user's data folder.
if (process.env.EXEMPLAR_USER_DATA) app.setPath('userData', process.env.EXEMPLAR_USER_DATA);

let win: BrowserWindow | null = null;
let service: ExemplarService | null = null;
let offEvents = () => {};

const statePath = () => join(app.getPath('userData'), 'state.json');

function lastProject(): string | null {
  try {
    const p = (JSON.parse(readFileSync(statePath(), 'utf8')) as { project?: string }).project;
    return p && existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

async function importInto(s: ExemplarService, data: string): Promise<void> {
  const { jobId } = await s.importData({ path: data });
  await s.wait(jobId);
}

async function demoProject(): Promise<string> {
  const path = join(app.getPath('userData'), 'demo.exemplar');
  if (existsSync(path)) return path;
  const s = ExemplarService.open(path, { create: true });
  try {
    await importInto(s, join(app.getAppPath(), 'resources', 'data', 'recipes.csv'));
  } finally {
    await s.close();
  }
  return path;
}

function openProject(path: string, opts: { create?: boolean } = {}): ExemplarService {
  offEvents();
  void service?.close();
  service = ExemplarService.open(path, opts);
  offEvents = service.jobs.on((event) => win?.webContents.send(IPC_EVENT_CHANNEL, event));
  writeFileSync(statePath(), JSON.stringify({ project: path }));
  win?.setTitle(`Exemplar — ${path}`);
  return service;
}

async function openDialog(): Promise<void> {
  const r = await dialog.showOpenDialog(win!, { properties: ['openFile'], filters: [{ name: 'Exemplar project', extensions: ['exemplar'] }] });
  if (r.canceled || !r.filePaths[0]) return;
  openProject(r.filePaths[0]);
  win?.webContents.reload();
}

/** A new project file, then (optionally) a table to import into it. */
async function newDialog(): Promise<void> {
  const r = await dialog.showSaveDialog(win!, { title: 'New project', filters: [{ name: 'Exemplar project', extensions: ['exemplar'] }] });
  if (r.canceled || !r.filePath) return;
  const s = openProject(r.filePath, { create: true });
  const data = await dialog.showOpenDialog(win!, { title: 'Import cases', properties: ['openFile'], filters: [{ name: 'Tables', extensions: ['csv', 'tsv', 'arff', 'jsonl'] }] });
  if (!data.canceled && data.filePaths[0]) await importInto(s, data.filePaths[0]);
  win?.webContents.reload();
}

function menu(): Menu {
  const report = (e: unknown) => dialog.showErrorBox('Exemplar', (e as Error).message);
  return Menu.buildFromTemplate([
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Open Project…', accelerator: 'CmdOrCtrl+O', click: () => void openDialog().catch(report) },
        { label: 'New Project…', accelerator: 'CmdOrCtrl+N', click: () => void newDialog().catch(report) },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { role: 'viewMenu' },
  ]);
}

/** Only our own page may call the API (not a frame or page it navigated to). */
function fromOurWindow(e: IpcMainInvokeEvent): boolean {
  return win !== null && e.sender === win.webContents && e.senderFrame === win.webContents.mainFrame;
}

for (const method of API_METHODS) {
  ipcMain.handle(ipcChannel(method), (e, ...args: unknown[]) => {
    if (!fromOurWindow(e)) throw new Error('Refused: the call did not come from the Exemplar window.');
    if (!service) throw new Error('No project is open.');
    return invoke(service, checkCall(method, args));
  });
}

async function start(): Promise<void> {
  Menu.setApplicationMenu(menu());
  mkdirSync(app.getPath('userData'), { recursive: true });
  const project = process.argv.find((a) => a.endsWith('.exemplar') && existsSync(a)) ?? lastProject() ?? (await demoProject());
  win = new BrowserWindow({
    width: 1200,
    height: 800,
    show: false,
    webPreferences: {
      preload: fileURLToPath(new URL('../preload/index.cjs', import.meta.url)),
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
    },
  });
  win.once('ready-to-show', () => win?.show());
  // The app never navigates or opens windows: links and window.open stay out.
  win.webContents.on('will-navigate', (e) => e.preventDefault());
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.on('closed', () => (win = null));
  openProject(project);
  const devUrl = process.env.ELECTRON_RENDERER_URL;
  if (devUrl) await win.loadURL(devUrl);
  else await win.loadFile(fileURLToPath(new URL('../renderer/index.html', import.meta.url)));
}

app.whenReady().then(start).catch((e: unknown) => {
  dialog.showErrorBox('Exemplar', (e as Error).message);
  app.quit();
});
app.on('window-all-closed', () => {
  offEvents();
  void service?.close();
  app.quit();
});
