import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';
import type { Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

// The app is served by the Linhai server from web/dist (src/server/web-app.ts). In development,
// `vite --config web/vite.config.ts` proxies /api to a server on LINHAI_DEV_API (default :4260).
/** Names this build: the service worker is registered as /sw.js?build=<id> (a new build reinstalls it). */
const buildId = Date.now().toString(36);

/** Writes precache.json: every built file, for the service worker to store at install. */
function precacheList(): Plugin {
  return {
    name: 'linhai-precache-list',
    generateBundle(_options, bundle) {
      const files = Object.keys(bundle).filter((name) => name.startsWith('assets/'));
      this.emitFile({ type: 'asset', fileName: 'precache.json', source: JSON.stringify(files) });
    },
  };
}

export default defineConfig({
  root,
  plugins: [vue(), precacheList()],
  define: { __LINHAI_BUILD__: JSON.stringify(buildId) },
  build: {
    outDir: 'dist',
    // bench/web-bundle.bench.ts reads it to size the reader route (src/pages/ReaderPage.vue).
    manifest: true,
    emptyOutDir: true,
    target: 'es2022',
    // Every route is its own chunk; the reader's must stay under 150 KB gzipped (bench: web-size).
    chunkSizeWarningLimit: 200,
  },
  server: {
    proxy: { '/api': process.env.LINHAI_DEV_API ?? 'http://127.0.0.1:4260' },
  },
});
