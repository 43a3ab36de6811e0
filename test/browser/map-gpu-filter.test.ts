/**
 * Filtering on the GPU (web/src/map/mask-filter.ts) in Chromium: a county and measure filter
 * changes a uniform only — no per-feature attribute of any deck.gl layer is recomputed (counted by
 * the extension in test builds, window.__sgmMaskUpdates) — and the map draws exactly the matching
 * features (deck.gl picking: hidden features are not pickable). A search text recomputes only the
 * per-feature search flag.
 */
import { describe, expect, inject, it } from 'vitest';
import type { ApiFeatureCollection } from '../../core/api';
import type { AppPage } from './driver';
import { sessionPerFile } from './session';

const baseUrl = inject('baseUrl');
const session = sessionPerFile(baseUrl);

async function apiIds(query: string): Promise<Set<string>> {
  const layers = ((await (await fetch(new URL('/api/layers', baseUrl))).json()) as { layers: { id: string }[] }).layers;
  const ids = new Set<string>();
  for (const l of layers) {
    const fc = (await (await fetch(new URL(`/api/layers/${l.id}/features?${query}`, baseUrl))).json()) as ApiFeatureCollection;
    for (const f of fc.features) ids.add(f.properties.id);
  }
  return ids;
}

const updates = (app: AppPage) => app.page.evaluate(() => ({ ...(window as unknown as { __sgmMaskUpdates?: Record<string, number> }).__sgmMaskUpdates }));

describe('map filter on the GPU', () => {
  it('a county + measure change recomputes no attribute and draws only the matching features; q recomputes only the search flag', async () => {
    const app = await session().open('/');
    try {
      const start = await updates(app);
      // The masks were built when the data arrived (one count per deck.gl primitive layer holding them).
      expect(start.maskValues ?? 0).toBeGreaterThan(0);
      const drawnAll = await app.mapPickableFeatureIds();

      await app.selectCounty('361130');
      await app.selectMeasure(4);
      expect(app.params().get('county')).toBe('361130');
      expect(app.params().get('measure')).toBe('4');
      expect(await updates(app)).toEqual(start);

      const expected = await apiIds('county=361130&measure=4');
      const drawn = await app.mapPickableFeatureIds();
      expect(drawn).toContain('scenic-huangling');
      expect(drawn.filter((id) => !expected.has(id))).toEqual([]);
      // The filter hid something that was drawn before.
      expect(drawnAll.filter((id) => !expected.has(id)).length).toBeGreaterThan(0);
      await app.screenshot('gpu-filter-county-measure-1440x900');

      // Text search: the search flags are recomputed once, the masks are not.
      await app.page.locator('#sgm-search').fill('篁岭');
      await app.page.waitForFunction(() => new URL(location.href).searchParams.get('q') === '篁岭');
      await app.waitForMap();
      const afterQ = await updates(app);
      expect(afterQ.maskValues).toBe(start.maskValues);
      expect(afterQ.maskSearch ?? 0).toBeGreaterThan(start.maskSearch ?? 0);
      const expectedQ = await apiIds(`county=361130&measure=4&q=${encodeURIComponent('篁岭')}`);
      const drawnQ = await app.mapPickableFeatureIds();
      expect(drawnQ).toContain('scenic-huangling');
      expect(drawnQ.filter((id) => !expectedQ.has(id))).toEqual([]);
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
