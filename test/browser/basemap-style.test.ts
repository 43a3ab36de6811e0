/**
 * BASEMAP_STYLE end to end: a server started with the URL of a MapLibre style (a city's GeoServer
 * or Martin, here answered by the test: no network) makes the page fetch that style and draw its
 * layers under ours, with its relative tile URL resolved against the style's; nothing else leaves
 * our origin.
 */
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, type Session } from './driver';
import { startServer } from './global-setup';

const STYLE_URL = 'https://gis.example.gov.cn/styles/city/style.json';
/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const STYLE = {
  version: 8,
  sources: { imagery: { type: 'raster', tiles: ['../../tiles/{z}/{x}/{y}.png'], tileSize: 256, attribution: '市自然资源局 test basemap' } },
  layers: [
    { id: 'background', type: 'background', paint: { 'background-color': '#e8e4d8' } },
    { id: 'imagery', type: 'raster', source: 'imagery' },
  ],
};

let server: { url: string; child: ChildProcess };
let session: Session;

beforeAll(async () => {
  server = await startServer({ WEB_DIR: inject('webDir'), BASEMAP_STYLE: STYLE_URL });
  session = await launch(server.url);
});

afterAll(async () => {
  await session?.close();
  server?.child.kill('SIGTERM');
});

describe('a MapLibre style the deployer brings', () => {
  it('the planner fetches it and draws its layers under ours, its tiles from the style\'s own host', { timeout: 150_000 }, async () => {
    const context = await session.browser.newContext({ viewport: { width: 1000, height: 700 } });
    const asked: string[] = [];
    const foreign: string[] = [];
    await context.route(/^https:\/\/gis\.example\.gov\.cn\//, (route) => {
      const url = route.request().url();
      asked.push(url);
      if (url === STYLE_URL) return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(STYLE), headers: { 'Access-Control-Allow-Origin': '*' } });
      return route.fulfill({ status: 200, contentType: 'image/png', body: PNG, headers: { 'Access-Control-Allow-Origin': '*' } });
    });
    await context.route(
      (url) => !url.href.startsWith(server.url) && url.hostname !== 'gis.example.gov.cn' && url.protocol.startsWith('http'),
      (route) => {
        foreign.push(route.request().url());
        return route.abort();
      },
    );
    const page = await context.newPage();
    const cspErrors: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
    });
    await page.goto(server.url);
    await page.waitForSelector('[data-map-ready="true"]', { timeout: 60_000 });
    await expect
      .poll(
        () =>
          page.evaluate(() => {
            const ids = (window as unknown as { __sgmMap: { getStyle(): { layers: { id: string }[] } } }).__sgmMap.getStyle().layers.map((l) => l.id);
            return ids.indexOf('own-imagery') >= 0 && ids.indexOf('own-imagery') < ids.indexOf('county-fill');
          }),
        { timeout: 60_000, message: `the style's layers were not added; asked: ${asked.join(', ')}` },
      )
      .toBe(true);
    await expect.poll(() => asked.some((u) => /^https:\/\/gis\.example\.gov\.cn\/tiles\/\d+\/\d+\/\d+\.png$/.test(u)), { timeout: 60_000 }).toBe(true);
    expect(asked[0]).toBe(STYLE_URL);
    expect(cspErrors).toEqual([]);
    expect(foreign).toEqual([]);
    await context.close();
  });
});
