/**
 * The planner's figures panel shows what /api/stats says for the same filter, and nothing else
 * (issue 11: every figure the views show has a test of its meaning; the meaning of each /api/stats
 * figure is pinned in test/server/figure-meaning.test.ts). Lengths and areas appear only where
 * something is drawn to scale; features counted in no county are their own row.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { StatsResponse } from '../../core/api';
import { launch, type AppPage, type Session } from './driver';

let session: Session;
const baseUrl = inject('baseUrl');

beforeAll(async () => {
  session = await launch(baseUrl);
});
afterAll(async () => {
  await session?.close();
});

async function apiStats(query: string): Promise<StatsResponse> {
  const res = await fetch(new URL(`/api/stats${query}`, baseUrl));
  expect(res.status).toBe(200);
  return (await res.json()) as StatsResponse;
}

/** What the figures panel must show for these stats: total, per layer, per county, city-wide. */
function expectedFigures(s: StatsResponse): Record<string, number> {
  const out: Record<string, number> = { total: s.totals.features };
  for (const l of s.layers) out[`layer:${l.id}`] = l.count;
  const pipes = s.layers.find((l) => l.id === 'gas-pipelines');
  const habitats = s.layers.find((l) => l.id === 'bird-habitats');
  const pipeKm = !!pipes && pipes.with_extent > 0;
  const habKm2 = !!habitats && habitats.with_extent > 0;
  for (const c of s.counties) {
    const km = c.by_layer_line_km['gas-pipelines'] ?? 0;
    const km2 = c.by_layer_polygon_km2['bird-habitats'] ?? 0;
    if (c.count === 0 && !(pipeKm && km > 0) && !(habKm2 && km2 > 0)) continue;
    out[`county:${c.code}`] = c.count;
    if (pipeKm) out[`county-pipeline-km:${c.code}`] = km;
    if (habKm2) out[`county-habitat-km2:${c.code}`] = km2;
  }
  if (s.citywide.count > 0) out.citywide = s.citywide.count;
  return out;
}

async function shownFigures(app: AppPage): Promise<Record<string, number>> {
  return app.page.$$eval('[data-testid="figures"] [data-figure]', (els) =>
    Object.fromEntries(els.map((e) => [e.getAttribute('data-figure')!, Number(e.getAttribute('data-value'))])),
  );
}

describe("the planner's figures", () => {
  for (const filter of ['', '?county=361128', '?measure=13', '?county=361130&status=unknown', '?layers=bird-habitats,scenic-areas'])
    it(`equal /api/stats for "${filter || 'no filter'}"`, async () => {
      const app = await session.open(`/${filter}`);
      try {
        const expected = expectedFigures(await apiStats(filter));
        await app.page.waitForSelector(`[data-testid="figures"] [data-figure="total"][data-value="${expected.total}"]`, { timeout: 30_000 });
        expect(await shownFigures(app)).toEqual(expected);
        // Schematic pipelines never get a length: their note says so instead.
        const stats = await apiStats(filter);
        const pipes = stats.layers.find((l) => l.id === 'gas-pipelines');
        if (pipes && pipes.count > 0 && pipes.with_extent === 0) await app.page.locator('[data-testid="pipeline-length-note"]').waitFor({ state: 'visible' });
        expect(app.consoleErrors).toEqual([]);
      } finally {
        await app.close();
      }
    });
});
