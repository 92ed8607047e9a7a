// The renderer's entry: pick the transport (Electron preload or browser-mode HTTP), create the stores, mount
// the window, and load the project. `#app[data-ready]` says the page is live (job events flow and the
// project is loaded): end-to-end specs wait on it, never on a timer.
import { createApp } from './state/app';
import { pickTransport } from './state/transport';
import { mountShell } from './views/shell';

const root = document.getElementById('app')!;
performance.mark('exemplar:script');
// The window is built in a task of its own, after this one: the task that runs the module script also fires
// DOMContentLoaded and load, and Chromium lays the document out there. With the window built here, that forced
// first layout of the whole window joined the script's evaluation and the mount in one 55–120 ms task; now it
// lays out an empty page, and the window's first layout is the next frame's.
setTimeout(start, 0);

function start(): void {
  try {
    const app = createApp(pickTransport(window), window);
    mountShell(root, app);
    performance.mark('exemplar:mounted');
    const route = app.route.get();
    Promise.all([app.transport.ready, app.project.load({ modelId: route.model })]).then(
      () => {
        root.dataset.ready = 'true';
        window.dispatchEvent(new CustomEvent('exemplar:ready'));
      },
      (e: unknown) => {
        app.project.set({ loaded: true, error: (e as Error).message });
        root.dataset.ready = 'error';
        root.prepend(Object.assign(document.createElement('p'), { className: 'error banner', role: 'alert', textContent: `Could not load the project: ${(e as Error).message}` }));
      },
    );
    // For the benchmark and the end-to-end specs: the stores, read-only by convention.
    (window as unknown as { __exemplar?: unknown }).__exemplar = app;
  } catch (e) {
    root.replaceChildren(Object.assign(document.createElement('p'), { className: 'error', textContent: (e as Error).message }));
  }
}
