import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';
import { VitePWA } from 'vite-plugin-pwa';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

export default defineConfig({
  base: '/',
  // The build's version, sent to the server with every call (X-Palier-App-Version).
  define: { __APP_VERSION__: JSON.stringify(pkg.version) },
  plugins: [
    preact(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.js',
      injectRegister: false, // registered by src/lib/sw-client.js
      registerType: 'prompt',
      scope: '/',
      base: '/',
      manifestFilename: 'manifest.webmanifest',
      includeManifestIcons: false, // public/ PNGs are precached by globPatterns
      manifest: {
        id: '/',
        name: 'Palier',
        short_name: 'Palier',
        description: 'Visites et suivi des logements, même sans réseau.',
        lang: 'fr',
        dir: 'ltr',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        background_color: '#ffffff',
        theme_color: '#0b3d91',
        icons: [
          { src: '/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,png,svg}'], // the manifest is added by the plugin
        maximumFileSizeToCacheInBytes: 3 * 1024 * 1024,
      },
      devOptions: { enabled: false },
    }),
  ],
  server: {
    // `npm run dev`: the API of a local server (Flask, or scripts/mock-server.js).
    proxy: { '/api': process.env.PALIER_API || 'http://127.0.0.1:5000' },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    sourcemap: false,
    rollupOptions: {
      output: {
        // pdf-lib loads only with the tablet's PDF; a readable name tells the size report (and
        // anyone reading dist/) what that chunk is. Naming only: a manualChunks entry would move
        // shared helpers into it and make the first screen import it.
        chunkFileNames: (chunk) => (chunk.moduleIds.some((id) => /node_modules\/pdf-lib\//.test(id))
          ? 'assets/pdf-lib-[hash].js' : 'assets/[name]-[hash].js'),
      },
    },
  },
  test: {
    environment: 'node',
    setupFiles: ['./tests/setup.js'],
    testTimeout: 60000, // a busy CI machine: waits are on conditions (tests/setup.js)
    include: ['src/**/*.test.{js,jsx}', 'tests/**/*.test.{js,jsx}'],
  },
});
