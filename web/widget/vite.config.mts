import { gzipSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.resolve(here, '..', '..', 'dist', 'web');
/** The budget the issue sets for what a host page downloads. */
const MAX_GZIP_BYTES = 60 * 1024;

/** Writes widget.js.gz beside widget.js (the API serves it to browsers that accept gzip), prints and enforces the size. */
function gzipBudget(): Plugin {
  return {
    name: 'widget-gzip-budget',
    apply: 'build',
    writeBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk' || chunk.fileName !== 'widget.js') continue;
        const gz = gzipSync(chunk.code, { level: 9 });
        writeFileSync(path.join(outDir, 'widget.js.gz'), gz);
        const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
        const line = `widget.js: ${kb(Buffer.byteLength(chunk.code))}, gzipped ${kb(gz.length)} (budget ${kb(MAX_GZIP_BYTES)})`;
        if (gz.length > MAX_GZIP_BYTES) this.error(`${line}: over budget`);
        process.stdout.write(`${line}\n`);
      }
    },
  };
}

export default defineConfig({
  root: here,
  logLevel: 'warn',
  plugins: [gzipBudget()],
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2020',
    lib: {
      entry: path.join(here, 'src', 'main.ts'),
      formats: ['iife'],
      name: 'SupportWidget',
      fileName: () => 'widget.js',
    },
    reportCompressedSize: false,
  },
});
