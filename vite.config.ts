/**
 * Build of the web app: the page lives in web/, the engine runs in a Web Worker that
 * imports the use-cases from src/app directly, and the bundle goes to dist/web (the HTTP
 * server serves it at /). Relative asset URLs, so the bundle works under any base path.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('./web', import.meta.url));
const outDir = fileURLToPath(new URL('./dist/web', import.meta.url));
const repository = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: './',
  publicDir: false,
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
  },
  worker: { format: 'es' },
  server: { host: '127.0.0.1', port: 5173, fs: { allow: [repository] } },
  preview: { host: '127.0.0.1', port: 4173 },
});
