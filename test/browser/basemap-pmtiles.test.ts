/**
 * BASEMAP_PMTILES end to end: a server started with a small PMTiles archive (written by the test,
 * test/server/basemap/pmtiles-writer.ts) makes the pages draw the Protomaps style from it. Every
 * request is watched: the archive is read through range requests on our own server (206), and
 * nothing else leaves our origin — no glyph server, no sprite, no tile host.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { syntheticBasemap, TEST_BOUNDS, writePmtiles } from '../server/basemap/pmtiles-writer';
import { launch, type Session } from './driver';
import { startServer } from './global-setup';

let server: { url: string; child: ChildProcess };
let session: Session;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sgm-basemap-'));
  const { tiles, metadata } = syntheticBasemap(8);
  writeFileSync(join(dir, 'shangrao.pmtiles'), writePmtiles(tiles, { metadata: { ...metadata, attribution: 'Test basemap 测试底图' }, bounds: TEST_BOUNDS }));
  server = await startServer({ WEB_DIR: inject('webDir'), BASEMAP_PMTILES: join(dir, 'shangrao.pmtiles') });
  session = await launch(server.url);
});

afterAll(async () => {
  await session?.close();
  server?.child.kill('SIGTERM');
});

describe('a PMTiles basemap the deployer brings', () => {
  for (const [view, path] of [
    ['planner', ''],
    ['embed', 'embed'],
  ] as const)
    it(`the ${view} draws it from our server's archive with range requests, and nothing leaves our origin`, { timeout: 150_000 }, async () => {
      const context = await session.browser.newContext({ viewport: { width: 1000, height: 700 } });
      const foreign: string[] = [];
      await context.route(
        (url) => !url.href.startsWith(server.url) && url.protocol.startsWith('http'),
        (route) => {
          foreign.push(route.request().url());
          return route.abort();
        },
      );
      const page = await context.newPage();
      const ranges: { status: number; range: string | null }[] = [];
      page.on('response', (r) => {
        if (r.url().endsWith('/basemap/tiles.pmtiles')) ranges.push({ status: r.status(), range: r.request().headers()['range'] ?? null });
      });
      const log: string[] = [];
      page.on('console', (m) => log.push(`${m.type()}: ${m.text()}`));
      page.on('pageerror', (e) => log.push(`pageerror: ${e.message}`));
      await page.goto(`${server.url}${path}`);
      await page.waitForSelector('[data-map-ready="true"]', { timeout: 60_000 });
      // The Protomaps layers are in the map, under ours, and their source has loaded tiles.
      await expect
        .poll(
          () =>
            page.evaluate(() => {
              const m = (window as unknown as { __sgmMap?: { getStyle(): { layers: { id: string }[] }; isSourceLoaded(id: string): boolean; getSource(id: string): unknown } }).__sgmMap;
              if (!m || !m.getSource('own-protomaps')) return 'no source';
              const ids = m.getStyle().layers.map((l) => l.id);
              return `${m.isSourceLoaded('own-protomaps')}|${ids.indexOf('own-earth') >= 0 && ids.indexOf('own-earth') < ids.indexOf('county-fill')}`;
            }),
          { timeout: 60_000, message: `the basemap did not load; console:\n${log.join('\n')}` },
        )
        .toBe('true|true');
      const drawn = await page.evaluate(() => {
        const m = (window as unknown as { __sgmMap: { querySourceFeatures(id: string, o: { sourceLayer: string }): unknown[] } }).__sgmMap;
        return ['earth', 'water', 'roads'].map((l) => m.querySourceFeatures('own-protomaps', { sourceLayer: l }).length);
      });
      expect(drawn.every((n) => n > 0), `features per layer earth/water/roads: ${drawn}`).toBe(true);
      expect(ranges.length).toBeGreaterThan(1);
      expect(ranges.every((r) => r.status === 206 && /^bytes=\d+-\d+$/.test(r.range ?? '')), JSON.stringify(ranges)).toBe(true);
      expect(foreign).toEqual([]);
      expect(await page.locator('.maplibregl-ctrl-attrib').textContent()).toContain('Test basemap 测试底图');
      await page.screenshot({ path: join(tmpdir(), `sgm-basemap-pmtiles-${view}.png`) });
      await context.close();
    });
});
