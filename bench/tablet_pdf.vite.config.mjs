// Vite build of bench/tablet_pdf_entry.js for headless Chromium (run by bench/tablet_pdf.py from
// pwa/, with pwa's Vite): minified like the app's build, written to PALIER_BENCH_OUT.
// Plain object, no import of 'vite': bench/ has no node_modules of its own.
import { fileURLToPath } from 'node:url';

const out = process.env.PALIER_BENCH_OUT;
if (!out) throw new Error('PALIER_BENCH_OUT (the output directory) is not set');

export default {
  root: fileURLToPath(new URL('.', import.meta.url)),
  logLevel: 'warn',
  publicDir: false,
  build: {
    outDir: out,
    emptyOutDir: true,
    target: 'es2020',
    sourcemap: false,
    rollupOptions: {
      input: fileURLToPath(new URL('./tablet_pdf_entry.js', import.meta.url)),
      output: { entryFileNames: 'entry.js', chunkFileNames: '[name]-[hash].js' },
    },
  },
};
