/** What /api says about the shipped data/: the figures mean what they say (issue 11). */
import { describe, expect, it } from 'vitest';
import type { StatsResponse } from '../../core/api';
import { readDataset } from '../../server/dataset/load';
import { testApp } from './app-factory';

describe('the API over the shipped data/', async () => {
  const app = await testApp(await readDataset('data'));
  const stats = async (q = ''): Promise<StatsResponse> => (await app.request(`/api/stats${q}`)).json();

  it('/api/counties and /api/context carry where the outlines come from, their terms and datum', async () => {
    for (const path of ['/api/counties', '/api/context']) {
      const fc = await (await app.request(path)).json();
      expect(fc.boundaries).toMatchObject({ datum: 'WGS 84', converted_from: 'gcj02', official: false });
      expect(fc.boundaries.attribution).toContain('高德');
      expect(fc.boundaries.licence_en).toContain("AMap's terms");
    }
  });

  it('gives no length for schematic pipelines: 0 km and no feature with a mapped extent', async () => {
    const pipes = (await stats()).layers.find((l) => l.id === 'gas-pipelines')!;
    expect(pipes).toMatchObject({ count: 6, line_km: 0, with_extent: 0, by_precision: { schematic: 6 } });
    const byCounty = (await stats()).counties.map((c) => c.by_layer_line_km['gas-pipelines']);
    expect(byCounty.every((km) => km === 0)).toBe(true);
  });

  it('counts each pipeline in the county the plan names, not where its sketch lies', async () => {
    const s = await stats('?layers=gas-pipelines');
    const counted = s.counties.filter((c) => c.by_layer['gas-pipelines'] > 0).map((c) => c.code);
    expect(counted).toEqual(['361103', '361123', '361127', '361128', '361130', '361181']);
  });

  it('counts markers whose county the plan does not name as city-wide, never in a county', async () => {
    const s = await stats();
    expect(s.citywide.count).toBe(9);
    expect(s.outside.count).toBe(2);
    const inCounties = await stats('?county=361102');
    const ids = (await (await app.request('/api/layers/cold-chain-bases/features?county=361102,361104')).json()).features.map((f: { id: string }) => f.id);
    expect(ids).not.toContain('logistics-kengkou-dry-port');
    expect(inCounties.citywide.count).toBe(0);
  });

  it('县县通: the six pipelines reach six counties, none completed — so progress is not reported', async () => {
    const t = (await stats()).measures.find((m) => m.id === 13)!.targets[0];
    expect(t).toMatchObject({ tracked: true, current: 6, completed: 0 });
  });

  it('two sea outlets (measure 8): both mapped, neither reported complete', async () => {
    const t = (await stats()).measures.find((m) => m.id === 8)!.targets[0];
    expect(t).toMatchObject({ tracked: true, current: 2, completed: 0 });
  });
});
