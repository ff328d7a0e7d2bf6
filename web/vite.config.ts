import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

// The app is served by the Linhai server from web/dist (src/server/web-app.ts). In development,
// `vite --config web/vite.config.ts` proxies /api to a server on LINHAI_DEV_API (default :4260).
export default defineConfig({
  root,
  plugins: [vue()],
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
