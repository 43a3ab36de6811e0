/**
 * Geometry editing in the planner (issue 15) in Chromium against the real server, with terra-draw on
 * the map: an editor moves a point (preview "moved … km"; /api/features/{id} serves the new
 * position), draws a new point feature (it is listed and served), and an editor limited to 婺源
 * drags a 婺源 point into 德兴: the save is refused (403 shown, nothing changed). Screenshots of the
 * flow go to test/artifacts (copied to docs/edit/). What the tests change is put back at the end
 * (the point moved back, the new feature deleted), so the other browser tests see the data as shipped.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { pointOnFeature } from '@turf/turf';
import type { ApiFeature, ApiFeatureCollection, CountiesResponse } from '../../core/api';
import { ensureAccounts, signIn as signInAs } from './accounts';
import { afterPaint, launch, VIEWPORTS, type AppPage, type Session } from './driver';

let session: Session;
const baseUrl = inject('baseUrl');
const PASSWORD = 'a geometry password';

beforeAll(async () => {
  await ensureAccounts(inject('stateDir'), PASSWORD, [
    { username: 'geoplanner', role: 'editor' },
    { username: 'geowuyuan', role: 'editor', counties: ['361130'] },
    { username: 'geoviewer', role: 'viewer' },
  ]);
  session = await launch(baseUrl);
});
afterAll(async () => {
  await session?.close();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON read for assertions
const api = async <T = any>(path: string): Promise<T> => (await fetch(new URL(path, baseUrl), { cache: 'no-store' })).json() as Promise<T>;

/** Point features lying in exactly one county, not schematic. */
async function pointsIn(county: string): Promise<ApiFeature[]> {
  const layers = (await api('/api/layers')).layers as { id: string }[];
  const fcs = await Promise.all(layers.map((l) => api<ApiFeatureCollection>(`/api/layers/${l.id}/features?county=${county}`)));
  return fcs.flatMap((fc) => fc.features).filter((f) => f.geometry.type === 'Point' && f.properties.counties.length === 1 && f.properties.precision !== 'schematic');
}

const signIn = (app: AppPage, username: string) => signInAs(app, username, PASSWORD);

/** Page position of a lon/lat on the map. */
async function onPage(app: AppPage, lngLat: [number, number]): Promise<{ x: number; y: number }> {
  const box = (await app.page.locator('.sgm-map').boundingBox())!;
  const p = await app.page.evaluate(([lng, lat]) => (window as unknown as { __sgmMap: { project(l: [number, number]): { x: number; y: number } } }).__sgmMap.project([lng, lat]), lngLat);
  return { x: box.x + p.x, y: box.y + p.y };
}

/** Lon/lat under a page position. */
async function lngLatAt(app: AppPage, pt: { x: number; y: number }): Promise<[number, number]> {
  const box = (await app.page.locator('.sgm-map').boundingBox())!;
  return app.page.evaluate(([x, y]) => {
    const ll = (window as unknown as { __sgmMap: { unproject(p: [number, number]): { lng: number; lat: number } } }).__sgmMap.unproject([x, y]);
    return [ll.lng, ll.lat] as [number, number];
  }, [pt.x - box.x, pt.y - box.y]);
}

/** Wait until terra-draw's layers are on the map and drawn. */
async function drawingShown(app: AppPage) {
  await app.page.waitForFunction(() => {
    const m = (window as unknown as { __sgmMap: { getStyle(): { layers: { id: string }[] } } }).__sgmMap;
    return m.getStyle().layers.some((l) => l.id.startsWith('sgm-draw'));
  });
  await afterPaint(app.page);
}

/** Press at `from`, move to `to` in steps, release: a drag on the map. */
async function drag(app: AppPage, from: { x: number; y: number }, to: { x: number; y: number }) {
  await app.page.mouse.move(from.x, from.y);
  await app.page.mouse.down();
  await app.page.mouse.move(from.x + (to.x - from.x) / 4, from.y + (to.y - from.y) / 4, { steps: 5 });
  await app.page.mouse.move(to.x, to.y, { steps: 15 });
  await app.page.mouse.up();
  await afterPaint(app.page);
}

/** Move the map so that both positions are in view (no animation). */
async function showBoth(app: AppPage, a: [number, number], b: [number, number]) {
  await app.page.evaluate(
    ([a, b]) => {
      const m = (window as unknown as { __sgmMap: { fitBounds(b: [number, number, number, number], o: object): void } }).__sgmMap;
      m.fitBounds([Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1])], { padding: 120, animate: false, maxZoom: 11 });
    },
    [a, b] as const,
  );
  await app.waitForMap();
}

/** A write from the signed-in page (same origin, its session cookie), for putting things back. */
async function pageFetch(app: AppPage, path: string, init: { method: string; headers?: Record<string, string>; body?: string }): Promise<number> {
  return app.page.evaluate(async ([path, init]) => (await fetch(path, init)).status, [path, init] as const);
}

async function etagOf(id: string): Promise<string> {
  return (await fetch(new URL(`/api/features/${id}`, baseUrl), { cache: 'no-store' })).headers.get('ETag')!;
}

describe('geometry editing in the planner', () => {
  it('an editor moves a point: the preview says how far, and /api/features/{id} serves the new position', async () => {
    const f = (await pointsIn('361181')).at(-1)!;
    const before = f.geometry as unknown as { type: 'Point'; coordinates: [number, number] };
    const app = await session.open(`/?feature=${f.properties.id}`);
    try {
      await signIn(app, 'geoplanner');
      const start = app.page.locator('[data-testid="geometry-start"]');
      await expect(start.textContent()).resolves.toBe('移动点位');
      await start.click();
      await drawingShown(app);
      const from = await onPage(app, before.coordinates);
      const to = { x: from.x + 70, y: from.y - 40 };
      await drag(app, from, to);
      const expected = await lngLatAt(app, to);
      await app.screenshot('edit-geometry-move-1440x900');
      await app.page.locator('[data-testid="geometry-review"]').click();
      const preview = await app.page.locator('[data-testid="geometry-preview"]').textContent();
      expect(preview).toMatch(/移动了 \d+(\.\d+)? (m|km)/);
      await app.page.locator('[data-testid="geometry-editor"] input[name="note"]').fill('浏览器测试：移动');
      await app.screenshot('edit-geometry-move-preview-1440x900');
      await app.page.locator('[data-testid="geometry-save"]').click();
      await app.page.waitForSelector('[data-testid="geometry-saved"]');
      const after = await api<ApiFeature>(`/api/features/${f.properties.id}`);
      const [lng, lat] = after.geometry.coordinates as [number, number];
      expect(after.geometry.type).toBe('Point');
      expect([lng, lat]).not.toEqual(before.coordinates);
      // Where the pointer let go, within a few pixels at this zoom (≈ 0.005°).
      expect(Math.abs(lng - expected[0])).toBeLessThan(0.005);
      expect(Math.abs(lat - expected[1])).toBeLessThan(0.005);
      // The drawing is gone and the history names the change.
      await expect(app.page.locator('[data-testid="geometry-editor"]').getAttribute('data-geometry-step')).resolves.toBe('idle');
      const history = await api(`/api/features/${f.properties.id}/history`);
      expect(JSON.stringify(history)).toContain('浏览器测试：移动');
      expect(app.consoleErrors).toEqual([]);
      // Put it back (the other browser tests read the shipped data).
      expect(await pageFetch(app, `/api/features/${f.properties.id}`, { method: 'PATCH', headers: { 'Content-Type': 'application/merge-patch+json', 'If-Match': await etagOf(f.properties.id) }, body: JSON.stringify({ geometry: before }) })).toBe(200);
    } finally {
      await app.close();
    }
  }, 120_000);

  it('an editor reshapes a line by dragging a vertex: the preview counts vertices, the new shape is served', async () => {
    const fc = await api<ApiFeatureCollection>('/api/layers/gas-pipelines/features');
    const f = fc.features.find((x) => x.geometry.type === 'LineString' && (x.geometry.coordinates as number[][]).length >= 2)!;
    const before = f.geometry as unknown as { type: 'LineString'; coordinates: [number, number][] };
    const app = await session.open(`/?feature=${f.properties.id}`);
    try {
      await signIn(app, 'geoplanner');
      const start = app.page.locator('[data-testid="geometry-start"]');
      await expect(start.textContent()).resolves.toBe('修改形状');
      await start.click();
      await drawingShown(app);
      const from = await onPage(app, before.coordinates[0]);
      await drag(app, from, { x: from.x + 40, y: from.y + 40 });
      await app.screenshot('edit-geometry-reshape-1440x900');
      await app.page.locator('[data-testid="geometry-review"]').click();
      const n = before.coordinates.length;
      const preview = await app.page.locator('[data-testid="geometry-preview"]').textContent();
      expect(preview).toContain(`顶点数：${n} → ${n}`);
      expect(preview).toMatch(/中心移动了 \d+(\.\d+)? (m|km)/);
      await app.page.locator('[data-testid="geometry-save"]').click();
      await app.page.waitForSelector('[data-testid="geometry-saved"]');
      const after = (await api<ApiFeature>(`/api/features/${f.properties.id}`)).geometry as unknown as { type: string; coordinates: [number, number][] };
      expect(after.type).toBe('LineString');
      expect(after.coordinates).toHaveLength(n);
      expect(after.coordinates[0]).not.toEqual(before.coordinates[0]);
      expect(after.coordinates.slice(1)).toEqual(before.coordinates.slice(1));
      expect(await pageFetch(app, `/api/features/${f.properties.id}`, { method: 'PATCH', headers: { 'Content-Type': 'application/merge-patch+json', 'If-Match': await etagOf(f.properties.id) }, body: JSON.stringify({ geometry: before }) })).toBe(200);
    } finally {
      await app.close();
    }
  }, 120_000);

  it('Esc cancels a move: nothing is sent and the drawing is removed', async () => {
    const f = (await pointsIn('361181')).at(-1)!;
    const app = await session.open(`/?feature=${f.properties.id}`);
    try {
      await signIn(app, 'geoplanner');
      await app.page.locator('[data-testid="geometry-start"]').click();
      await drawingShown(app);
      const from = await onPage(app, f.geometry.coordinates as [number, number]);
      await drag(app, from, { x: from.x + 50, y: from.y + 30 });
      await app.page.keyboard.press('Escape');
      await expect(app.page.locator('[data-testid="geometry-editor"]').getAttribute('data-geometry-step')).resolves.toBe('idle');
      const drawLayers = await app.page.evaluate(() => (window as unknown as { __sgmMap: { getStyle(): { layers: { id: string }[] } } }).__sgmMap.getStyle().layers.filter((l) => l.id.startsWith('sgm-draw')).length);
      expect(drawLayers).toBe(0);
      expect((await api<ApiFeature>(`/api/features/${f.properties.id}`)).geometry).toEqual(f.geometry);
    } finally {
      await app.close();
    }
  }, 120_000);

  it('an editor draws a new point feature: it is stored, listed and on the map', async () => {
    const app = await session.open('/?layers=cold-chain-bases');
    let id: string | undefined;
    try {
      await signIn(app, 'geoplanner');
      await app.page.locator('[data-testid="new-feature-open"]').click();
      const form = app.page.locator('[data-testid="new-feature"]');
      await form.locator('select[name="layer"]').selectOption('cold-chain-bases');
      await expect(form.locator('select[name="kind"] option').allTextContents()).resolves.toEqual(['点']);
      await form.locator('[data-testid="new-feature-draw"]').click();
      await drawingShown(app);
      const where: [number, number] = [117.97, 28.45];
      const pt = await onPage(app, where);
      await app.page.mouse.click(pt.x, pt.y);
      await form.locator('input[name="name"]').waitFor();
      const placed = await lngLatAt(app, pt);
      await form.locator('input[name="name"]').fill('测试新物流点');
      await form.locator('input[name="name_en"]').fill('Test new logistics point');
      await form.locator('input[name="evidence"]').fill('浏览器测试依据');
      await form.locator('input[name="measures"][value="8"]').check();
      await form.locator('select[name="clause"]').selectOption('（八）');
      await form.locator('textarea[name="quote"]').fill('测试用的规划原文');
      await form.locator('textarea[name="location_note"]').fill('浏览器测试放置的点');
      await form.locator('textarea[name="location_note_en"]').fill('Placed by a browser test');
      await app.screenshot('edit-geometry-new-form-1440x900');
      await form.locator('form button[type="submit"]').click();
      const preview = await form.locator('[data-testid="new-feature-preview"]').textContent();
      expect(preview).toContain('测试新物流点');
      expect(preview).toContain('测试用的规划原文');
      await form.locator('[data-testid="new-feature-save"]').click();
      // The page selects the new feature: its details, in the list, on the map.
      await app.page.waitForFunction(() => new URL(location.href).searchParams.get('feature')?.length);
      id = app.params().get('feature')!;
      await app.page.waitForSelector(`[data-detail="${id}"]`);
      const stored = await api<ApiFeature>(`/api/features/${id}`);
      expect(stored.properties).toMatchObject({ name: '测试新物流点', layer: 'cold-chain-bases', measures: [8], precision: 'approximate', quote: '测试用的规划原文' });
      const [lng, lat] = stored.geometry.coordinates as [number, number];
      expect(Math.abs(lng - placed[0])).toBeLessThan(0.005);
      expect(Math.abs(lat - placed[1])).toBeLessThan(0.005);
      await app.waitForMap();
      await app.screenshot('edit-geometry-new-saved-1440x900');
      expect(await app.mapPickableFeatureIds()).toContain(id);
      expect(app.consoleErrors).toEqual([]);
    } finally {
      if (id) await pageFetch(app, `/api/features/${id}?note=${encodeURIComponent('浏览器测试结束')}`, { method: 'DELETE', headers: { 'If-Match': await etagOf(id) } });
      await app.close();
    }
  }, 120_000);

  it('an editor limited to 婺源 drags a 婺源 point into 德兴: refused with a clear message, nothing changed', async () => {
    const f = (await pointsIn('361130'))[0];
    const counties = await api<CountiesResponse>('/api/counties');
    const dexing = counties.features.find((c) => c.properties.code === '361181')!;
    const inside = pointOnFeature(dexing as never).geometry.coordinates as [number, number];
    const app = await session.open(`/?feature=${f.properties.id}`);
    try {
      await signIn(app, 'geowuyuan');
      await app.page.locator('[data-testid="geometry-start"]').click();
      await drawingShown(app);
      await showBoth(app, f.geometry.coordinates as [number, number], inside);
      await drag(app, await onPage(app, f.geometry.coordinates as [number, number]), await onPage(app, inside));
      await app.page.locator('[data-testid="geometry-review"]').click();
      await app.page.locator('[data-testid="geometry-save"]').click();
      const alert = app.page.locator('[data-testid="geometry-error"]');
      await alert.waitFor();
      const text = await alert.textContent();
      expect(text).toMatch(/^无权修改/);
      expect(text).toContain('361181'); // 德兴, where it would go
      expect(text).toContain('361130'); // 婺源, where this editor may edit
      await app.screenshot('edit-geometry-refused-1440x900');
      expect((await api<ApiFeature>(`/api/features/${f.properties.id}`)).geometry).toEqual(f.geometry);
    } finally {
      await app.close();
    }
  }, 120_000);

  it('on a phone (390×844) the move controls fit and work', async () => {
    const f = (await pointsIn('361181')).at(-1)!;
    const app = await session.open(`/?feature=${f.properties.id}`, { viewport: VIEWPORTS.phone });
    try {
      await signIn(app, 'geoplanner');
      const start = app.page.locator('[data-testid="geometry-start"]');
      await start.scrollIntoViewIfNeeded();
      await start.click();
      await app.page.locator('[data-testid="geometry-review"]').waitFor();
      await app.screenshot('edit-geometry-move-390x844');
      await app.page.locator('[data-testid="geometry-cancel"]').click();
      await expect(app.page.locator('[data-testid="geometry-editor"]').getAttribute('data-geometry-step')).resolves.toBe('idle');
    } finally {
      await app.close();
    }
  }, 120_000);
});

describe('the internal note (not public)', () => {
  it('an editor writes it, a signed-in viewer reads it, anonymous callers never get it', async () => {
    const f = (await pointsIn('361181'))[0];
    const id = f.properties.id;
    const NOTE = '内部备注：浏览器测试 INTERNAL-MARK';
    const editor = await session.open(`/?feature=${id}`, { waitForMap: false });
    try {
      await signIn(editor, 'geoplanner');
      const form = editor.page.locator('[data-testid="internal-editor"]');
      await editor.page.locator('details:has([data-testid="internal-editor"]) > summary').click();
      await form.locator('textarea[name="internal_note"]').fill(NOTE);
      await form.locator('form button[type="submit"]').click();
      expect(await form.locator('[data-testid="change-preview"]').textContent()).toContain(NOTE);
      await form.locator('button:has-text("保存")').click();
      await form.locator('[data-testid="saved"]').waitFor();
    } finally {
      await editor.close();
    }
    // Anonymous: neither the feature nor its full form carries it.
    const pub = await fetch(new URL(`/api/features/${id}`, baseUrl), { cache: 'no-store' });
    expect(await pub.text()).not.toContain('INTERNAL-MARK');
    expect((await fetch(new URL(`/api/features/${id}/full`, baseUrl))).status).toBe(401);
    const viewer = await session.open(`/?feature=${id}`, { waitForMap: false });
    try {
      await signIn(viewer, 'geoviewer');
      const shown = viewer.page.locator('[data-testid="internal-note"]');
      await shown.waitFor();
      expect(await shown.textContent()).toContain(NOTE);
      await expect(viewer.page.locator('[data-testid="status-editor"]').count()).resolves.toBe(0); // a viewer does not edit
      await viewer.screenshot('edit-internal-note-viewer-1440x900');
    } finally {
      await viewer.close();
    }
  }, 120_000);
});
