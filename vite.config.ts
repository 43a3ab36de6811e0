import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Five pages share one code base: `/` (planners), `/screen` (briefing screens), `/embed` (public),
// `/admin` (accounts, admins only), `/print` (A4 briefing sheets).
// The server (server/) serves dist/web in production; in development Vite proxies /api to it.
const API_PORT = Number(process.env.PORT ?? 8787);

export default defineConfig(({ command }) => ({
  root: resolve(import.meta.dirname, 'web'),
  publicDir: resolve(import.meta.dirname, 'web/public'),
  plugins: [react()],
  // window.__sgm* handles (web/src/lib/testHooks.ts): only in builds made with SGM_TEST_HOOKS=1
  // (the browser tests, the bench) and in the dev server; never in `npm run build` / `npm start`.
  define: { __SGM_TEST_HOOKS__: JSON.stringify(command === 'serve' || process.env.SGM_TEST_HOOKS === '1') },
  build: {
    outDir: resolve(import.meta.dirname, 'dist/web'),
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 2500,
    rollupOptions: {
      input: {
        index: resolve(import.meta.dirname, 'web/index.html'),
        screen: resolve(import.meta.dirname, 'web/screen.html'),
        embed: resolve(import.meta.dirname, 'web/embed.html'),
        admin: resolve(import.meta.dirname, 'web/admin.html'),
        print: resolve(import.meta.dirname, 'web/print.html'),
      },
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': `http://127.0.0.1:${API_PORT}` },
  },
}));
