/**
 * The membership cache (server/store/membership-cache.ts): exact-path memberships are kept per
 * county outlines in the state directory, keyed by the geometry, and a restart reads them back
 * instead of computing them; a changed geometry, other outlines or a broken file are never
 * trusted. And polygon-clipping's intersection gives turf's areas.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { area, featureCollection, intersect, polygon } from '@turf/turf';
import type { Geometry, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { CountyIndex, type CountyFeature } from '../../server/store/membership';
import { countiesKey, geometryKey, MembershipCache } from '../../server/store/membership-cache';
import { EmbeddedStore } from '../../server/store/memory/embedded-store';
import { dataset } from './factories';

const counties = (JSON.parse(readFileSync('data/counties.geojson', 'utf8')) as { features: CountyFeature[] }).features;
const hash = countiesKey(counties);
const byCode = (code: string) => counties.find((c) => c.properties.code === code)!;
const ring = (c: CountyFeature) => (c.geometry.type === 'Polygon' ? c.geometry.coordinates[0] : c.geometry.coordinates[0][0]);
// A box around a vertex of 婺源's outline: across a border, so it takes the exact path.
const [x, y] = ring(byCode('361130'))[10];
const across: Polygon = { type: 'Polygon', coordinates: [[[x - 0.05, y - 0.05], [x + 0.05, y - 0.05], [x + 0.05, y + 0.05], [x - 0.05, y + 0.05], [x - 0.05, y - 0.05]]] };
const line: Geometry = { type: 'LineString', coordinates: [[x - 0.05, y - 0.03], [x + 0.05, y + 0.04]] };

describe('geometryKey', () => {
  it('is the same for equal geometries and differs when a vertex moves, the order changes or the type differs', () => {
    const k = geometryKey(across);
    expect(geometryKey(JSON.parse(JSON.stringify(across)))).toBe(k);
    const moved = JSON.parse(JSON.stringify(across)) as Polygon;
    moved.coordinates[0][1][0] += 1e-9;
    expect(geometryKey(moved)).not.toBe(k);
    const reversed: Polygon = { type: 'Polygon', coordinates: [[...across.coordinates[0]].reverse()] };
    expect(geometryKey(reversed)).not.toBe(k);
    expect(geometryKey({ type: 'LineString', coordinates: across.coordinates[0] })).not.toBe(geometryKey({ type: 'MultiPoint', coordinates: across.coordinates[0] }));
  });
});

describe('MembershipCache', () => {
  it('a second index reads what the first computed, and uses it (a planted entry proves the lookup)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sgm-mcache-'));
    const first = new CountyIndex(counties, { cache: MembershipCache.open(dir, hash) });
    const m = first.membershipOf(across);
    expect(m.counties.length).toBeGreaterThan(1);
    first.membershipOf(line);
    first.releaseCache();
    const files = readdirSync(join(dir, 'derived'));
    expect(files).toEqual([`membership-${hash}.json`]);

    const cache = MembershipCache.open(dir, hash);
    expect(cache.size).toBe(2);
    const second = new CountyIndex(counties, { cache });
    expect(second.membershipOf(across)).toEqual(m);

    // Plant a wrong answer: an index reading the file returns it, so the file really is used.
    const file = join(dir, 'derived', files[0]);
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    doc.rows = doc.rows.map((r: unknown[]) => (r[0] === geometryKey(across) ? [r[0], ['361181'], {}, { 361181: 1 }, 0, 1] : r));
    writeFileSync(file, JSON.stringify(doc));
    const planted = new CountyIndex(counties, { cache: MembershipCache.open(dir, hash) });
    expect(planted.membershipOf(across).counties).toEqual(['361181']);
  });

  it('does not use a file made for other county outlines, or a broken one, and says so', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sgm-mcache-'));
    const index = new CountyIndex(counties, { cache: MembershipCache.open(dir, hash) });
    index.membershipOf(across);
    index.releaseCache();
    expect(MembershipCache.open(dir, 'other-outlines').size).toBe(0);
    writeFileSync(join(dir, 'derived', `membership-${hash}.json`), '{"format":1,"counties":"');
    const said: string[] = [];
    expect(MembershipCache.open(dir, hash, (m) => said.push(m)).size).toBe(0);
    expect(said.join()).toMatch(/ignoring .*membership-.*computed again/);
  });

  it('the embedded store keeps it in STATE_DIR/derived; a restart reads it and serves the same figures', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sgm-state-'));
    const a = await EmbeddedStore.open({ stateDir: dir, dataset: dataset(), log: () => {} });
    const stats = await a.stats({});
    await a.close();
    expect(readdirSync(join(dir, 'derived')).some((f) => /^membership-[0-9a-f]{16}\.json$/.test(f))).toBe(true);
    const b = await EmbeddedStore.open({ stateDir: dir, dataset: dataset(), log: () => {} });
    expect(await b.stats({})).toEqual(stats);
    await b.close();
  });
});

describe('polygon-clipping intersection = turf intersect', () => {
  it('gives the same km² in each county for polygons across borders', () => {
    const index = new CountyIndex(counties);
    let compared = 0;
    for (let i = 0; i < 16; i++) {
      const [px, py] = ring(counties[i % counties.length])[(i * 37) % 50];
      const s = 0.02 + (i % 5) * 0.02;
      const g: Polygon = { type: 'Polygon', coordinates: [[[px - s, py - s], [px + s, py - s * 0.3], [px + s * 0.4, py + s], [px - s, py - s]]] };
      const m = index.membershipOf(g);
      for (const [code, km2] of Object.entries(m.km2ByCounty)) {
        const part = intersect(featureCollection([polygon(g.coordinates), byCode(code) as never]));
        const ref = part ? area(part) / 1e6 : 0;
        expect(Math.abs(km2 - ref), `polygon ${i} in ${code}`).toBeLessThanOrEqual(1e-6 * Math.max(1, ref));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(16);
  }, 60_000);
});
