/**
 * The planner's work per user action, in Chromium: typing a search writes the address and asks
 * /api/stats once when typing pauses (not once per key), and moving the pointer over the map
 * re-renders the tooltip, not the whole planner. Counts, not timings (speed is in npm run bench).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, type Session } from './driver';

let session: Session;

beforeAll(async () => {
  session = await launch(inject('baseUrl'));
  // Warm-up: the first page after the server started pays for compressing every layer once; on a
  // loaded machine that can exceed the driver's 30 s wait for the map, so wait for it here.
  const warm = await session.open('/', { waitForMap: false });
  await warm.page.waitForSelector('[data-map-ready="true"]', { timeout: 150_000 });
  await warm.context.close();
});
afterAll(async () => {
  await session?.close();
});

describe('planner at scale: work per action', () => {
  it('typing "park" writes the URL and fetches /api/stats once, with the whole word, and the list follows', async () => {
    const app = await session.open('/');
    try {
      await app.page.evaluate(() => {
        const w = window as unknown as { __urlWrites: string[] };
        w.__urlWrites = [];
        for (const name of ['pushState', 'replaceState'] as const) {
          const orig = history[name].bind(history);
          history[name] = (data: unknown, unused: string, url?: string | URL | null) => {
            w.__urlWrites.push(String(url));
            orig(data, unused, url);
          };
        }
      });
      const before = app.requests.length;
      await app.page.locator('#sgm-search').pressSequentially('park', { delay: 40 });
      await app.page.waitForFunction(() => new URL(location.href).searchParams.get('q') === 'park');
      await app.page.waitForResponse((r) => r.url().includes('/api/stats') && new URL(r.url()).searchParams.get('q') === 'park');
      const statsQs = app.requests
        .slice(before)
        .filter((u) => new URL(u).pathname === '/api/stats')
        .map((u) => new URL(u).searchParams.get('q'));
      expect(statsQs).toEqual(['park']);
      const writes = await app.page.evaluate(() => (window as unknown as { __urlWrites: string[] }).__urlWrites);
      expect(writes.filter((u) => u.includes('q='))).toEqual([expect.stringMatching(/[?&]q=park(&|$)/)]);
      // The list follows the filter.
      const listed = await app.listedFeatureIds();
      expect(listed.length).toBeGreaterThan(0);
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.context.close();
    }
  });

  it('moving the pointer over the map re-renders the tooltip only, not the planner', async () => {
    const app = await session.open('/');
    try {
      const renders = () => app.page.evaluate(() => (window as unknown as { __sgmRenders?: Record<string, number> }).__sgmRenders?.planner ?? -1);
      const start = await renders();
      expect(start).toBeGreaterThan(0);
      const box = (await app.page.locator('.sgm-map').boundingBox())!;
      for (let i = 0; i < 12; i++) await app.page.mouse.move(box.x + box.width * (0.3 + i * 0.03), box.y + box.height * (0.4 + i * 0.02));
      // Over a county the tooltip shows: the hover reached React.
      await app.page.waitForSelector('.sgm-tooltip');
      await app.page.mouse.move(box.x + box.width * 0.55, box.y + box.height * 0.5);
      await app.page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.52);
      await app.page.waitForSelector('.sgm-tooltip');
      expect(await renders()).toBe(start);
    } finally {
      await app.context.close();
    }
  });
});
