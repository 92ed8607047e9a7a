// The renderer's entry: pick the transport (Electron preload or browser-mode HTTP) and mount the page.
import { pickTransport } from './state/transport';
import { mountExplorer } from './views/explorer';

const root = document.getElementById('app')!;
try {
  mountExplorer(root, pickTransport(window));
} catch (e) {
  root.replaceChildren(Object.assign(document.createElement('p'), { className: 'error', textContent: (e as Error).message }));
}
