/**
 * `asof=YYYY-MM-DD` (docs/contract.md): the data as it stood at the end of a day in Asia/Shanghai,
 * computed by the store (PostGIS: feature versions in SQL; embedded: change sets undone) — on both
 * stores (this file is in vitest.config.ts's API_SUITE).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { shanghaiToday } from '../../core/asof';
import { historyApp } from './history-factory';
import { EAST, WEST } from './factories';

type History = Awaited<ReturnType<typeof historyApp>>;
let app: History['app'];
let json: History['json'];

const countyCount = (stats: { counties: { code: string; count: number }[] }, code: string) => stats.counties.find((c) => c.code === code)!.count;

beforeAll(async () => {
  const h = await historyApp();
  ({ app, json } = h);
  // 2025-03-11 01:00 in Shanghai (still 2025-03-10 in UTC): west-point planned → completed.
  await h.patch('2025-03-10T17:00:00Z', 'west-point', { properties: { status: 'completed', status_date: '2025-03-01', status_evidence: { title: '上饶市政府工作报告' } } });
  // 2025-06-10: west-point moves into the eastern county.
  await h.patch('2025-06-10T04:00:00Z', 'west-point', { geometry: { type: 'Point', coordinates: [118.6, 28.6] } });
  // 2025-09-10: east-point deleted.
  await h.remove('2025-09-10T04:00:00Z', 'east-point');
  // 2025-10-01: a progress report on m4-five-a (goal: at least 3 by 2025) describing 2025-09-30;
  // 2026-01-05: another describing 2025-12-31, lower (as_of is the day a figure describes).
  await h.report('2025-10-01T04:00:00Z', 4, { target: 'm4-five-a', value: 3, as_of: '2025-09-30', source: '上饶市文旅局' });
  await h.report('2026-01-05T04:00:00Z', 4, { target: 'm4-five-a', value: 2, as_of: '2025-12-31', source: '上饶市文旅局' });
});

describe('asof on /api/features/{id} and /api/layers/{layer}/features', () => {
  it('answers a status as it stood at the end of the day in Asia/Shanghai, with the flag and headers', async () => {
    const before = await app.request('/api/features/west-point?asof=2025-03-10');
    expect(before.status).toBe(200);
    expect((await before.json()).properties.status).toBe('planned');
    expect(before.headers.get('data-as-of')).toBe('2025-03-10');
    expect(before.headers.get('data-as-of-before-history')).toBe('true');
    const after = await app.request('/api/features/west-point?asof=2025-03-11');
    expect((await after.json()).properties.status).toBe('completed');
    expect(after.headers.get('data-as-of-before-history')).toBe('false');
    expect(after.headers.get('cache-control')).toMatch(/public/);
    expect((await json('/api/features/west-point')).properties.status).toBe('completed');
  });

  it('says in the collection which change set it stands for, and whether the day is before the history', async () => {
    const early = await json('/api/layers/places/features?asof=2024-12-31');
    expect(early.asof).toEqual({ date: '2024-12-31', until: '2024-12-31T16:00:00.000Z', change_set: 0, before_history: true });
    const mid = await json('/api/layers/places/features?asof=2025-06-10');
    expect(mid.asof).toMatchObject({ date: '2025-06-10', change_set: 2, before_history: false });
    expect(mid.features.find((f: { id: string }) => f.id === 'west-point').geometry.coordinates).toEqual([118.6, 28.6]);
    expect((await json('/api/layers/places/features')).asof).toBeUndefined();
  });

  it('keeps a deleted feature in the data of the days before its deletion', async () => {
    expect((await app.request('/api/features/east-point?asof=2025-09-09')).status).toBe(200);
    const gone = await app.request('/api/features/east-point?asof=2025-09-10');
    expect(gone.status).toBe(404);
    expect((await gone.json()).error.message).toMatch(/2025-09-10/);
    expect((await app.request('/api/features/east-point')).status).toBe(404);
    const ids = (fc: { features: { id: string }[] }) => fc.features.map((f) => f.id);
    expect(ids(await json('/api/layers/places/features?asof=2025-09-09'))).toContain('east-point');
    expect(ids(await json('/api/layers/places/features?asof=2025-09-10'))).not.toContain('east-point');
    // filters work as of the day too: east-point was in the eastern county then
    expect(ids(await json(`/api/layers/places/features?county=${EAST}&asof=2025-09-09`))).toEqual(['west-point', 'east-point']);
    expect(ids(await json(`/api/layers/places/features?county=${EAST}&asof=2025-06-09`))).toEqual(['east-point']);
  });
});

describe('asof on /api/stats', () => {
  it('counts statuses and counties as they stood, so the figures differ across the edits', async () => {
    const s0 = await json('/api/stats?asof=2025-03-10');
    const s1 = await json('/api/stats?asof=2025-03-11');
    expect(s0.by_status.completed).toBe(0);
    expect(s1.by_status.completed).toBe(1);
    expect(s0.totals.features).toBe(s1.totals.features);
    expect(s1.asof).toMatchObject({ change_set: 1, before_history: false });
    // the move between counties (membership as of the day, not as now)
    const s2 = await json('/api/stats?asof=2025-06-10');
    expect([countyCount(s1, WEST), countyCount(s1, EAST)]).toEqual([3, 3]);
    expect([countyCount(s2, WEST), countyCount(s2, EAST)]).toEqual([2, 4]);
    const s3 = await json('/api/stats?asof=2025-09-10');
    expect(s3.totals.features).toBe(s2.totals.features - 1);
    const now = await json('/api/stats');
    expect(now.totals.features).toBe(s3.totals.features);
    expect(now.asof).toBeUndefined();
  });

  it('shows a progress report only from the day it describes (its as_of) on', async () => {
    const target = (s: { measures: { id: number; targets: { reported: unknown }[] }[] }) => s.measures.find((m) => m.id === 4)!.targets[0].reported;
    expect(target(await json('/api/stats?asof=2025-09-29'))).toBeNull();
    expect(target(await json('/api/stats?asof=2025-09-30'))).toMatchObject({ value: 3, as_of: '2025-09-30' });
  });

  it('gives every target its deadline and where it stands on the day, from the reports up to it', async () => {
    type S = { measures: { id: number; targets: { deadline: string | null; standing: string }[] }[] };
    const m4 = (s: S) => s.measures.find((m) => m.id === 4)!.targets[0];
    expect(m4(await json('/api/stats?asof=2025-09-29'))).toMatchObject({ deadline: '2025-12-31', standing: 'open' });
    expect(m4(await json('/api/stats?asof=2025-09-30')).standing).toBe('met');
    expect(m4(await json('/api/stats?asof=2026-01-01')).standing).toBe('missed');
    expect(m4(await json('/api/stats')).standing).toBe('missed');
    // measure 13's target states no year: no deadline, never guessed
    expect((await json('/api/stats')).measures.find((m: { id: number }) => m.id === 13).targets[0]).toMatchObject({ deadline: null, standing: 'no_deadline' });
  });

  it('is documented in the OpenAPI document (parameter and the asof member)', async () => {
    const doc = await json('/api/openapi.json');
    for (const path of ['/api/stats', '/api/layers/{layer}/features', '/api/features/{id}'])
      expect(doc.paths[path].get.parameters.map((p: { name: string }) => p.name), path).toContain('asof');
    expect(JSON.stringify(doc.components.schemas.AsOf)).toMatch(/before_history/);
  });
});

describe('asof refused', () => {
  const tomorrow = new Date(Date.parse(`${shanghaiToday()}T00:00:00Z`) + 86400_000).toISOString().slice(0, 10);
  for (const bad of ['2025-02-30', '20250301', '2025-3-1', 'yesterday', tomorrow, ''])
    it(`400 naming asof for "${bad}" on every route that takes it`, async () => {
      for (const path of ['/api/stats', '/api/layers/places/features', '/api/features/west-point', '/tiles/places/0/0/0.mvt']) {
        const res = await app.request(`${path}?asof=${encodeURIComponent(bad)}`);
        expect(res.status, `${path} ${bad}`).toBe(400);
        const body = await res.json();
        expect(body.error).toMatchObject({ code: 'bad_parameter', parameter: 'asof' });
        expect(body.error.message).toMatch(/YYYY-MM-DD|future/);
      }
    });

  it('400 for asof given twice', async () => {
    const res = await app.request('/api/stats?asof=2025-01-01&asof=2025-02-01');
    expect(res.status).toBe(400);
    expect((await res.json()).error.parameter).toBe('asof');
  });
});

describe('asof on /tiles', () => {
  it('serves the tile of the day with the same headers, and carries asof into TileJSON', async () => {
    const res = await app.request('/tiles/places/0/0/0.mvt?asof=2025-03-10');
    expect([200, 204]).toContain(res.status);
    expect(res.headers.get('data-as-of-before-history')).toBe('true');
    const before = new Uint8Array(await res.arrayBuffer());
    const after = new Uint8Array(await (await app.request('/tiles/places/0/0/0.mvt?asof=2025-03-11')).arrayBuffer());
    expect(Buffer.from(before).equals(Buffer.from(after))).toBe(false); // the status changed between them
    const tj = await json('/tiles/places.json?asof=2025-03-10');
    expect(tj.tiles[0]).toMatch(/\?asof=2025-03-10$/);
  });
});

describe('asof on /ogc items', () => {
  it('pages the features of the day; a bad date is a 400 naming asof', async () => {
    const ids = (fc: { features: { id: string }[] }) => fc.features.map((f) => f.id);
    expect(ids(await json('/ogc/collections/places/items?asof=2025-09-09'))).toContain('east-point');
    expect(ids(await json('/ogc/collections/places/items?asof=2025-09-10'))).not.toContain('east-point');
    const bad = await app.request('/ogc/collections/places/items?asof=2025-13-01');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.parameter).toBe('asof');
  });
});
