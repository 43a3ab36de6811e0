/**
 * /screen during the tour: the features changed since `since` (the since-panel's change sets) are
 * ringed on the map. At each stop the ringed ids — the page's data-changed-ids and the ids in the
 * deck.gl ring layer actually drawn — equal the changed feature ids that /api says match the stop's
 * filter. With prefers-reduced-motion the ring does not breathe (its radius stays at rest).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ApiFeatureCollection } from '../../core/api';
import type { ChangesResponse } from '../../core/changes';
import { ensureAccounts, signIn } from './accounts';
import { launch, type AppPage, type Session } from './driver';

let session: Session;
const baseUrl = inject('baseUrl');
const PASSWORD = 'a screen test password';
const SINCE = '2000-01-01';

beforeAll(async () => {
  await ensureAccounts(inject('stateDir'), PASSWORD, [{ username: 'screeneditor', role: 'editor' }]);
  session = await launch(baseUrl);
});
afterAll(async () => {
  await session?.close();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON read for assertions
const api = async <T = any>(path: string): Promise<T> => (await fetch(new URL(path, baseUrl), { cache: 'no-store' })).json() as Promise<T>;

/** What the screen should ring for a stop's filter (its data-filter, as /api/stats reads it). */
async function expectedRinged(filter: string): Promise<string[]> {
  const changes = await api<ChangesResponse>(`/api/changes?since=${SINCE}&limit=20`);
  const changed = new Set(changes.change_sets.flatMap((cs) => cs.changes.filter((c) => c.feature && c.op !== 'delete').map((c) => c.feature!)));
  const q = new URLSearchParams(filter);
  const all = ((await api('/api/layers')).layers as { id: string }[]).map((l) => l.id);
  const layers = q.get('layers')?.split(',') ?? all;
  q.delete('layers');
  const fcs = await Promise.all(layers.map((l) => api<ApiFeatureCollection>(`/api/layers/${l}/features?${q}`)));
  return fcs.flatMap((fc) => fc.features.map((f) => f.properties.id)).filter((id) => changed.has(id)).sort();
}

/** The ids the page says it rings, and those in the ring layer handed to deck.gl, with its radius. */
async function ringed(app: AppPage): Promise<{ attr: string[]; drawn: string[]; radius: number | null; filter: string }> {
  return app.page.evaluate(() => {
    const attr = (document.querySelector('.scr-map')!.getAttribute('data-changed-ids') ?? '').split(' ').filter(Boolean).sort();
    type L = { id: string; props: { data: { id: string }[]; getRadius: number } };
    const layers = (window as unknown as { __sgmOverlay: { _props: { layers: L[] } } }).__sgmOverlay._props.layers;
    const ring = layers.find((l) => l.id === 'screen-changed');
    return { attr, drawn: (ring?.props.data ?? []).map((d) => d.id).sort(), radius: ring ? ring.props.getRadius : null, filter: document.querySelector('.scr')!.getAttribute('data-filter') ?? '' };
  });
}

/** Change one 婺源 feature's status (signed in as an editor, from a page of ours), so there is a change to ring. */
async function makeAChange(): Promise<string> {
  const fc = await api<ApiFeatureCollection>('/api/layers/scenic-areas/features?county=361130');
  const f = fc.features.find((x) => x.properties.counties.length === 1)!;
  const app = await session.open('/', { waitForMap: false });
  try {
    await signIn(app, 'screeneditor', PASSWORD);
    const etag = (await fetch(new URL(`/api/features/${f.properties.id}`, baseUrl))).headers.get('ETag')!;
    const status = f.properties.status === 'completed' ? 'in_progress' : 'completed';
    // A status change must carry a date and evidence new with it: other tests may have set this feature's already.
    const date = f.properties.status_date === '2025-06-30' ? '2025-07-01' : '2025-06-30';
    const code = await app.page.evaluate(
      async ([id, etag, status, date]) =>
        (
          await fetch(`/api/features/${id}?note=screen-ring-test`, {
            method: 'PATCH',
            headers: { 'Content-Type': 'application/merge-patch+json', 'If-Match': etag },
            body: JSON.stringify({ properties: { status, status_date: date, status_evidence: { title: `上饶市屏幕测试 ${Date.now()}` } } }),
          })
        ).status,
      [f.properties.id, etag, status, date] as const,
    );
    expect(code).toBe(200);
  } finally {
    await app.close();
  }
  return f.properties.id;
}

describe('screen: changed features ringed during the tour', () => {
  it('rings exactly the changed features in the stop shown, at each stop', { timeout: 150_000 }, async () => {
    const id = await makeAChange();
    const app = await session.open(`/screen?tour=county&county=361130,361181&interval=3600&since=${SINCE}`, { viewport: { width: 1920, height: 1080 }, waitForMap: false });
    try {
      await app.page.waitForSelector('.scr [data-figure="total"]', { timeout: 30_000 });
      await app.page.waitForSelector('[data-since-count]', { timeout: 30_000 });
      const seen = new Set<string>();
      for (let stop = 0; stop < 3; stop++) {
        // Wait until the page rings what /api says for the stop now shown (the change list arrives on its own).
        const filter = (await ringed(app)).filter;
        const expected = await expectedRinged(filter);
        await app.page.waitForFunction((want) => (document.querySelector('.scr-map')?.getAttribute('data-changed-ids') ?? '').split(' ').filter(Boolean).sort().join(' ') === want, expected.join(' '), { timeout: 30_000 });
        const got = await ringed(app);
        expect(got.filter).toBe(filter);
        expect(got.attr).toEqual(expected);
        expect(got.drawn).toEqual(expected);
        expected.forEach((x) => seen.add(x));
        const before = filter;
        await app.page.evaluate(() => (window as unknown as { __sgmScreen: { next(): void } }).__sgmScreen.next());
        await app.page.waitForFunction((b) => document.querySelector('.scr')!.getAttribute('data-filter') !== b, before, { timeout: 30_000 });
      }
      expect(seen).toContain(id);
      await app.waitForMap().catch(() => {});
      await app.screenshot('screen-changed-rings-1920x1080');
    } finally {
      await app.close();
    }
  });

  it('with prefers-reduced-motion the ring stays at rest (no pulse)', { timeout: 120_000 }, async () => {
    const context = await session.browser.newContext({ viewport: { width: 1920, height: 1080 }, deviceScaleFactor: 1, reducedMotion: 'reduce' });
    const page = await context.newPage();
    try {
      await page.goto(new URL(`/screen?tour=off&county=361130&since=${SINCE}`, baseUrl).href);
      await page.waitForFunction(() => (document.querySelector('.scr-map')?.getAttribute('data-changed-ids') ?? '') !== '', undefined, { timeout: 60_000 });
      const radii = new Set<number>();
      for (let i = 0; i < 5; i++) {
        // Five frames apart: a breathing ring would change radius between them.
        const r = await page.evaluate(
          () =>
            new Promise<number>((done) => {
              let n = 0;
              const step = () => {
                if (++n < 5) return requestAnimationFrame(step);
                const l = (window as unknown as { __sgmOverlay: { _props: { layers: { id: string; props: { getRadius: number } }[] } } }).__sgmOverlay._props.layers.find((x) => x.id === 'screen-changed');
                done(l ? l.props.getRadius : -1);
              };
              requestAnimationFrame(step);
            }),
        );
        radii.add(r);
      }
      expect([...radii].length).toBe(1);
      // At rest: four times the flow width (max(3, 0.4 % of 1080 px) = 4 px) → 16 px.
      expect([...radii][0]).toBe(16);
    } finally {
      await context.close();
    }
  });
});
