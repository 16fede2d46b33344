import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * The agent console: an SPA served by the API under /console (dist/web/console). Asset names carry a content hash,
 * so the API serves them as immutable and index.html as no-cache. Everything is bundled: no CDN, no font service.
 */
export default defineConfig({
  root: here,
  base: '/console/',
  logLevel: 'warn',
  build: {
    outDir: path.resolve(here, '..', '..', 'dist', 'web', 'console'),
    emptyOutDir: true,
    target: 'es2020',
    assetsInlineLimit: 0,
    reportCompressedSize: false,
  },
});
