/** The web views (the three of the plan, /admin and /print) and their static assets, served from the built web app. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type MiddlewareHandler } from 'hono';
import type { ServerConfig } from './config';
import { pageCsp, xFrameOptions, type PageKind } from './http/framing';

const PAGES: { path: string; file: string; kind: PageKind }[] = [
  { path: '/', file: 'index.html', kind: 'app' },
  { path: '/screen', file: 'screen.html', kind: 'app' },
  { path: '/embed', file: 'embed.html', kind: 'embed' },
  // Account management: framed by nobody; its data comes only from /api/admin (admins only).
  { path: '/admin', file: 'admin.html', kind: 'admin' },
  // A4 briefing sheets (same parameters as the map views); framed like the planner.
  { path: '/print', file: 'print.html', kind: 'app' },
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
    // Every route to a page gets that page's headers: /embed, /embed/ and /embed.html alike.
    pages.get(p.path, handler);
    if (p.path !== '/') pages.get(`${p.path}/`, handler);
    pages.get(`/${p.file}`, handler);
  }
  // Any other HTML file in the build would be served without a page's framing headers: none is.
  pages.get('*', async (c, next) => (/\.html?$/i.test(c.req.path) ? c.notFound() : next()));
  // Cache-Control is set on the response after serveStatic made it (with @hono/node-server 2.x a
  // header set in its onFound does not reach the response).
  const cacheFor = (value: string): MiddlewareHandler => async (c, next) => {
    await next();
    if (c.res.status === 200 && !c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', value);
  };
  pages.use('/assets/*', cacheFor('public, max-age=31536000, immutable'), serveStatic({ root: webDir }));
  pages.use('/*', cacheFor('public, max-age=3600'), serveStatic({ root: webDir }));
  return pages;
}
