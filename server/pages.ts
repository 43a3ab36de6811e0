/** The three web views and their static assets, served from the built web app. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import type { ServerConfig } from './config';
import { pageCsp, xFrameOptions, type PageKind } from './http/framing';

const PAGES: { path: string; file: string; kind: PageKind }[] = [
  { path: '/', file: 'index.html', kind: 'app' },
  { path: '/screen', file: 'screen.html', kind: 'app' },
  { path: '/embed', file: 'embed.html', kind: 'embed' },
];

function readPage(webDir: string, file: string): string | undefined {
  try {
    return readFileSync(join(webDir, file), 'utf8');
  } catch {
    return undefined;
  }
}

export function createPages(cfg: ServerConfig, webDir: string) {
  const pages = new Hono();
  for (const p of PAGES) {
    const html = readPage(webDir, p.file);
    const headers: Record<string, string> = {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-cache',
      'Content-Security-Policy': pageCsp(p.kind, cfg),
      'Referrer-Policy': 'strict-origin-when-cross-origin',
    };
    const xfo = xFrameOptions(p.kind, cfg);
    if (xfo) headers['X-Frame-Options'] = xfo;
    const handler = (c: import('hono').Context) =>
      html === undefined
        ? c.text(`The web app is not built in ${webDir}: run "npm run build" or "npm start".`, 404)
        : c.body(html, 200, headers);
    pages.get(p.path, handler);
    if (p.path !== '/') pages.get(`${p.path}/`, handler);
  }
  pages.use(
    '/assets/*',
    serveStatic({
      root: webDir,
      onFound: (_path, c) => {
        c.header('Cache-Control', 'public, max-age=31536000, immutable');
      },
    }),
  );
  pages.use(
    '/*',
    serveStatic({
      root: webDir,
      onFound: (_path, c) => {
        c.header('Cache-Control', 'public, max-age=3600');
      },
    }),
  );
  return pages;
}
