/**
 * Page and asset headers on real responses over a socket (the app served by @hono/node-server, as
 * `npm start` does): every route to a page gets that page's framing headers and CSP, assets are
 * cached for a year, and the Referrer-Policy is the pages' own, not secureHeaders' default.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { readConfig } from '../../server/config';
import { MemoryStore } from '../../server/store/memory-store';
import { dataset } from './factories';

let server: ServerType;
let base: string;
const webDir = mkdtempSync(join(tmpdir(), 'sgm-pages-'));

beforeAll(async () => {
  for (const f of ['index.html', 'screen.html', 'embed.html', 'admin.html', 'print.html', 'other.html']) writeFileSync(join(webDir, f), `<!doctype html><title>${f}</title>`);
  mkdirSync(join(webDir, 'assets'));
  writeFileSync(join(webDir, 'assets', 'app-abc123.js'), 'console.log(1)');
  writeFileSync(join(webDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  const config = readConfig({ WEB_DIR: webDir, EMBED_FRAME_ANCESTORS: 'https://host.example' });
  const app = await createApp({ store: new MemoryStore(dataset()), config, webDir });
  await new Promise<void>((ok) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => ok());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

const get = (path: string) => fetch(base + path);

describe('pages over a socket', () => {
  const routes: [kind: 'app' | 'embed' | 'admin', paths: string[]][] = [
    ['app', ['/', '/index.html', '/screen', '/screen/', '/screen.html', '/print', '/print/', '/print.html']],
    ['embed', ['/embed', '/embed/', '/embed.html']],
    ['admin', ['/admin', '/admin/', '/admin.html']],
  ];
  for (const [kind, paths] of routes) {
    for (const path of paths) {
      it(`${path} carries the ${kind} page's headers`, async () => {
        const res = await get(path);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toMatch(/^text\/html/);
        const csp = res.headers.get('content-security-policy') ?? '';
        expect(csp).toMatch(/default-src 'self'/);
        if (kind === 'app') {
          expect(csp).toMatch(/frame-ancestors 'self'(;|$)/);
          expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
        } else if (kind === 'admin') {
          expect(csp).toMatch(/frame-ancestors 'none'(;|$)/);
          expect(res.headers.get('x-frame-options')).toBe('DENY');
        } else {
          expect(csp).toMatch(/frame-ancestors https:\/\/host\.example(;|$)/);
          expect(res.headers.get('x-frame-options')).toBeNull();
        }
        expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
        expect(res.headers.get('cache-control')).toBe('no-cache');
      });
    }
  }

  it('never serves an HTML file without a page route (so without framing headers)', async () => {
    expect((await get('/other.html')).status).toBe(404);
    expect((await get('/assets/../other.html')).status).toBe(404);
  });
});

describe('assets over a socket', () => {
  it('/assets/* are cached for a year as immutable, with the same Referrer-Policy as the pages', async () => {
    const res = await get('/assets/app-abc123.js');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('console.log(1)');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('other static files are cached for an hour', async () => {
    const res = await get('/favicon.svg');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=3600');
  });

  it('a missing asset is a 404 without the long cache', async () => {
    const res = await get('/assets/nope-000.js');
    expect(res.status).toBe(404);
    expect(res.headers.get('cache-control')).not.toBe('public, max-age=31536000, immutable');
  });
});

describe('CSP with the deployment\'s own basemap', () => {
  it("BASEMAP_STYLE's origin may be reached (style, tiles, glyphs, sprite); without it, only our own origin", async () => {
    const { pageCsp } = await import('../../server/http/framing');
    const withStyle = pageCsp('app', readConfig({ BASEMAP_STYLE: 'https://gis.example.gov.cn:8443/styles/city/style.json' }));
    expect(withStyle).toContain("connect-src 'self' https://gis.example.gov.cn:8443;");
    expect(withStyle).toContain("img-src 'self' data: blob: https://gis.example.gov.cn:8443;");
    expect(pageCsp('app', readConfig({}))).toContain("connect-src 'self';");
    // A PMTiles archive is served by us: nothing else is allowed.
    expect(pageCsp('embed', readConfig({ BASEMAP_PMTILES: 'x.pmtiles' }))).toContain("connect-src 'self';");
  });
});
