// The renderer build, shared by electron-vite (electron.vite.config.ts) and browser mode (`npm run
// build:web`, plain vite: no Electron package or binary involved). Output: out/renderer.
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

export const rendererConfig = {
  root: resolve('src/renderer'),
  // Relative asset URLs work from file:// (Electron) and from the browser-mode server's root alike.
  base: './',
  build: {
    outDir: resolve('out/renderer'),
    emptyOutDir: true,
    // Chromium of Electron 45 and any current browser.
    target: 'es2022',
    reportCompressedSize: false,
  },
};

export default defineConfig(rendererConfig);
