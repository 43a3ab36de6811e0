/**
 * Tile mode (issue 18; web/src/map/tile-mode.ts) end to end on the shipped data: a server started
 * with TILE_THRESHOLD=0 makes every view draw from /tiles instead of whole-layer GeoJSON. The map
 * draws the features (pixels, picking), a click opens the feature's detail read from the API, the
 * list pages from the API (limit/offset, counted by the server), a filter hides features (the tile
 * URLs carry it), nothing leaves our server, and screenshots of the three views at three sizes.
 * The other browser tests run against the default threshold: the GeoJSON mode.
 */
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ApiFeatureCollection } from '../../core/api';
import { launch, VIEWPORTS, type AppPage, type Session } from './driver';
import { startServer } from './global-setup';

let server: { url: string; child: ChildProcess };
let session: Session;

beforeAll(async () => {
  server = await startServer({ WEB_DIR: inject('webDir'), TILE_THRESHOLD: '0' });
  session = await launch(server.url);
}, 120_000);
afterAll(async () => {
  await session?.close();
  server?.child.kill('SIGTERM');
});

const LAYERS = ['green-parks', 'scenic-areas', 'gas-pipelines', 'bird-habitats', 'cold-chain-bases', 'agricultural-zones', 'waterways'];

async function apiIds(query = ''): Promise<string[]> {
  const all = await Promise.all(
    LAYERS.map(async (l) => ((await (await fetch(new URL(`/api/layers/${l}/features${query}`, server.url))).json()) as ApiFeatureCollection).features.map((f) => f.properties.id)),
  );
  return all.flat().sort();
}

/** Wait until deck.gl's tile layers can pick `id` (its tile has loaded and been drawn), or fail. */
async function waitDrawn(app: AppPage, id: string, drawn = true): Promise<void> {
  await expect.poll(async () => (await app.mapPickableFeatureIds()).includes(id), { timeout: 30_000, interval: 250 }).toBe(drawn);
}

/** RGBA bytes of the map canvas in a square of `r` px around a lon/lat. */
async function pixelsAround(app: AppPage, lngLat: [number, number], r = 8): Promise<number[]> {
  return app.page.evaluate(
    ([lng, lat, r]) => {
      const m = (window as unknown as { __sgmMap: { project(l: [number, number]): { x: number; y: number }; getCanvas(): HTMLCanvasElement } }).__sgmMap;
      const src = m.getCanvas();
      const scale = src.width / src.clientWidth;
      const p = m.project([lng, lat]);
      const c = document.createElement('canvas');
      c.width = c.height = 2 * r;
      const ctx = c.getContext('2d')!;
      ctx.drawImage(src, (p.x - r) * scale, (p.y - r) * scale, 2 * r * scale, 2 * r * scale, 0, 0, 2 * r, 2 * r);
      return Array.from(ctx.getImageData(0, 0, 2 * r, 2 * r).data);
    },
    [lngLat[0], lngLat[1], r] as const,
  );
}

/** Open a page; the first load of a tile-mode page may take long on a busy machine, so wait for the map longer than the driver does. */
async function open(path: string, viewport: { width: number; height: number } = VIEWPORTS.desktop): Promise<AppPage> {
  const app = await session.open(path, { viewport, waitForMap: false });
  await app.page.waitForSelector('[data-map-ready="true"]', { timeout: 120_000 });
  await app.waitForMap();
  return app;
}

function expectClean(app: AppPage) {
  expect(app.consoleErrors).toEqual([]);
  expect(app.foreignRequests()).toEqual([]);
}

describe('tile mode (TILE_THRESHOLD=0)', () => {
  it('the planner draws from /tiles, never loads whole layers, and the drawn features are the data', { timeout: 240_000 }, async () => {
    const app = await open('/');
    try {
      await waitDrawn(app, 'scenic-huangling');
      const tiles = app.requests.filter((u) => new URL(u).pathname.startsWith('/tiles/'));
      expect(tiles.length).toBeGreaterThan(0);
      // Feature requests are pages (limit/offset), never a whole layer.
      const featureRequests = app.requests.filter((u) => /\/api\/layers\/[^/]+\/features/.test(u));
      expect(featureRequests.length).toBeGreaterThan(0);
      for (const u of featureRequests) expect([u, new URL(u).searchParams.has('limit'), new URL(u).searchParams.has('offset')]).toEqual([u, true, true]);
      // What deck.gl can pick is the API's data (occluded ones may be missing).
      const all = await apiIds();
      const drawn = await app.mapPickableFeatureIds();
      expect(drawn.length).toBeGreaterThan(all.length / 2);
      for (const id of drawn) expect(all).toContain(id);
      // Pixels: the symbol of 篁岭 is on the canvas, and gone when its layer is hidden.
      const shown = await pixelsAround(app, [117.99, 29.36]);
      await app.toggleLayer('scenic-areas');
      await waitDrawn(app, 'scenic-huangling', false);
      const hidden = await pixelsAround(app, [117.99, 29.36]);
      const changed = shown.filter((v, i) => Math.abs(v - hidden[i]) > 40).length;
      expect(changed).toBeGreaterThan(20);
      expectClean(app);
    } finally {
      await app.close();
    }
  });

  it('the list comes from the API, counted by the server; a click on the map opens the detail read from the API', { timeout: 240_000 }, async () => {
    const app = await open('/');
    try {
      const all = await apiIds();
      await expect.poll(() => app.page.locator('#sgm-results-h').innerText(), { timeout: 20_000 }).toContain(String(all.length));
      expect((await app.listedFeatureIds()).sort()).toEqual(all);
      await waitDrawn(app, 'scenic-huangling');
      await app.clickMapAt([117.99, 29.36]);
      expect(app.params().get('feature')).toBe('scenic-huangling');
      const detail = app.page.locator('[data-detail="scenic-huangling"]');
      await detail.waitFor({ state: 'visible' });
      // The plan's words come from /api/features/{id}: tiles do not carry them.
      const quote = ((await (await fetch(new URL('/api/features/scenic-huangling', server.url))).json()) as { properties: { quote: string } }).properties.quote;
      await expect.poll(() => detail.innerText(), { timeout: 10_000 }).toContain(quote.slice(0, 12));
      expect(app.requests.some((u) => u.endsWith('/api/features/scenic-huangling'))).toBe(true);
      // Hover shows the tooltip with the layer's name from the tile feature.
      await app.page.mouse.move(0, 0);
      const box = (await app.page.locator('.sgm-map').boundingBox())!;
      const pt = await app.page.evaluate(() => (window as unknown as { __sgmMap: { project(l: [number, number]): { x: number; y: number } } }).__sgmMap.project([117.99, 29.36]));
      await app.page.mouse.move(box.x + pt.x, box.y + pt.y);
      await expect.poll(() => app.page.locator('.sgm-tooltip').innerText().catch(() => ''), { timeout: 20_000 }).toContain('篁岭');
      await app.screenshot('tiles-planner-selected-desktop');
      expectClean(app);
    } finally {
      await app.close();
    }
  });

  it('a filter hides features: the tiles are asked for with it, and the list follows', { timeout: 240_000 }, async () => {
    const app = await open('/');
    try {
      await waitDrawn(app, 'scenic-sanqingshan');
      await app.selectCounty('361130');
      await waitDrawn(app, 'scenic-sanqingshan', false);
      await waitDrawn(app, 'scenic-huangling');
      expect(app.requests.some((u) => new URL(u).pathname.startsWith('/tiles/') && new URL(u).searchParams.get('county') === '361130')).toBe(true);
      const wuyuan = await apiIds('?county=361130');
      for (const id of await app.mapPickableFeatureIds()) expect(wuyuan).toContain(id);
      await expect.poll(async () => (await app.listedFeatureIds()).sort(), { timeout: 20_000 }).toEqual(wuyuan);
      expectClean(app);
    } finally {
      await app.close();
    }
  });

  for (const [name, viewport] of Object.entries(VIEWPORTS))
    it(`screenshots of the planner, screen and embed in tile mode (${name})`, { timeout: 400_000 }, async () => {
      for (const [view, path] of [
        ['planner', '/?measure=13'],
        ['screen', '/screen?tour=off'],
        ['embed', '/embed'],
      ] as const) {
        const app = await open(path, viewport);
        try {
          await expect.poll(async () => (await app.mapPickableFeatureIds()).length, { timeout: 30_000, interval: 250 }).toBeGreaterThan(0);
          await app.screenshot(`tiles-${view}-${name}`);
          expectClean(app);
        } finally {
          await app.close();
        }
      }
    });
});
