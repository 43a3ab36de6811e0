import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Three pages share one code base: `/` (planners), `/screen` (briefing screens), `/embed` (public).
// The server (server/) serves dist/web in production; in development Vite proxies /api to it.
const API_PORT = Number(process.env.PORT ?? 8787);

export default defineConfig({
  root: resolve(import.meta.dirname, 'web'),
  publicDir: resolve(import.meta.dirname, 'web/public'),
  plugins: [react()],
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
      },
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': `http://127.0.0.1:${API_PORT}` },
  },
});
