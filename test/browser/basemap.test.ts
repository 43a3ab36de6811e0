/**
 * 天地图 end to end: a server started with BASEMAPS=tianditu TIANDITU_TOKEN=… makes /embed with
 * basemap=tianditu ask 天地图 for tiles with that key (the page's CSP allowing them). The tile
 * requests are intercepted and answered with a blank tile: no network is needed.
 */
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, type Session } from './driver';
import { startServer } from './global-setup';

/** A 1×1 transparent PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

let server: { url: string; child: ChildProcess };
let session: Session;

beforeAll(async () => {
  server = await startServer({ WEB_DIR: inject('webDir'), BASEMAPS: 'tianditu', TIANDITU_TOKEN: 'test-key-42' });
  session = await launch(server.url);
});

afterAll(async () => {
  await session?.close();
  server?.child.kill('SIGTERM');
});

describe('天地图 basemap', () => {
  it('with BASEMAPS=tianditu and a token, the embed asks 天地图 for tiles with that key', async () => {
    const context = await session.browser.newContext({ viewport: { width: 800, height: 600 } });
    const tiles: string[] = [];
    const blocked: string[] = [];
    await context.route(/^https:\/\/t\d\.tianditu\.gov\.cn\//, (route) => {
      tiles.push(route.request().url());
      return route.fulfill({ status: 200, contentType: 'image/png', body: PNG });
    });
    // Anything else off our origin would be a leak: refuse and record it.
    await context.route(
      (url) => !url.href.startsWith(server.url) && !url.hostname.endsWith('tianditu.gov.cn') && url.protocol.startsWith('http'),
      (route) => {
        blocked.push(route.request().url());
        return route.abort();
      },
    );
    const page = await context.newPage();
    const cspErrors: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
    });
    const log: string[] = [];
    page.on('console', (m) => log.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => log.push(`pageerror: ${e.message}`));
    await page.goto(`${server.url}embed?basemap=tianditu`);
    await expect.poll(() => tiles.length, { timeout: 30_000, message: `no 天地图 tile was asked for; console:\n${log.join('\n')}` }).toBeGreaterThan(0);
    await page.waitForSelector('[data-map-ready="true"]', { timeout: 30_000 });
    expect(tiles[0]).toMatch(/\/vec_w\/wmts\?.*REQUEST=GetTile.*&tk=test-key-42$/);
    expect(cspErrors).toEqual([]);
    expect(blocked).toEqual([]);
    await context.close();
  });

  it('without basemap=tianditu the page stays offline', async () => {
    const context = await session.browser.newContext({ viewport: { width: 800, height: 600 } });
    const foreign: string[] = [];
    await context.route(
      (url) => !url.href.startsWith(server.url) && url.protocol.startsWith('http'),
      (route) => {
        foreign.push(route.request().url());
        return route.abort();
      },
    );
    const page = await context.newPage();
    await page.goto(`${server.url}embed`);
    await page.waitForSelector('[data-map-ready="true"]', { timeout: 30_000 });
    await page.waitForFunction(() => {
      const m = (window as unknown as { __sgmMap?: { loaded(): boolean; areTilesLoaded(): boolean } }).__sgmMap;
      return !!m && m.loaded() && m.areTilesLoaded();
    });
    expect(foreign).toEqual([]);
    await context.close();
  });
});
