import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * GraphiQL for development, served by the API under /graphiql (dist/web/graphiql) only outside production. Bundled
 * from npm like the console: no CDN. React is GraphiQL's own dependency; nothing else in web/ uses it.
 */
export default defineConfig({
  root: here,
  base: '/graphiql/',
  logLevel: 'warn',
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  build: {
    outDir: path.resolve(here, '..', '..', 'dist', 'web', 'graphiql'),
    emptyOutDir: true,
    target: 'es2020',
    assetsInlineLimit: 0,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 4096,
    rollupOptions: {
      // Radix UI's "use client" directives mean nothing outside React Server Components.
      onwarn: (warning, warn) => (warning.code === 'MODULE_LEVEL_DIRECTIVE' ? undefined : warn(warning)),
    },
  },
});
