/**
 * GDAL's OAPIF driver (a real OGC API – Features client, as QGIS uses) against the running server:
 * every layer's count, properties and coordinates, and `-where` against the same query in /api.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ogrinfo, ogrToGeoJson } from './gdal';
import { startServer } from './test-server';

type Fc = { features: { id?: string; properties: Record<string, unknown>; geometry: { type: string; coordinates: unknown } }[] };

describe('GDAL (OAPIF driver) reads the OGC API', { timeout: 120_000 }, () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let source: string;
  beforeAll(async () => {
    server = await startServer();
    source = `OAPIF:${server.url}/ogc`;
  });
  afterAll(() => server?.close());
  const api = async (path: string) => (await fetch(`${server.url}${path}`)).json();

  it('ogrinfo lists every layer as a collection', async () => {
    const out = await ogrinfo(['-ro', '-q', source]);
    const layers: { id: string }[] = (await api('/api/layers')).layers;
    for (const l of layers) expect(out).toMatch(new RegExp(`^\\d+: ${l.id} `, 'm'));
  });

  it('every layer: the same features, public properties and coordinates as /api', async () => {
    const layers: { id: string; count: number }[] = (await api('/api/layers')).layers;
    for (const l of layers) {
      const gdal = await ogrToGeoJson(source, l.id, ['-oo', 'PAGE_SIZE=1000']);
      const ours: Fc = await api(`/api/layers/${l.id}/features`);
      expect([l.id, gdal.features.length]).toEqual([l.id, l.count]);
      const byId = new Map(ours.features.map((f) => [f.properties.id as string, f]));
      for (const f of gdal.features) {
        const mine = byId.get(f.properties.id as string);
        expect(mine, `${l.id}: GDAL read ${String(f.properties.id)}, which /api does not serve`).toBeDefined();
        // Same values for the public fields GDAL reads as plain fields (lists and objects aside).
        for (const key of ['name', 'name_en', 'status', 'precision', 'clause', 'layer']) expect([f.properties.id, key, f.properties[key]]).toEqual([f.properties.id, key, mine!.properties[key]]);
        expect(f.properties.measures).toEqual(mine!.properties.measures);
        expect(f.properties.counties ?? []).toEqual(mine!.properties.counties);
        // Only public fields: what GDAL saw is what the layer publishes, nothing more.
        for (const key of Object.keys(f.properties)) expect(Object.keys(mine!.properties).concat(['zone'])).toContain(key);
        expect(JSON.stringify(roundCoords(f.geometry.coordinates))).toBe(JSON.stringify(roundCoords(mine!.geometry.coordinates)));
      }
    }
  });

  it('-where gives the same features as the same query through /api', async () => {
    const cases: [string, string, string][] = [
      ['scenic-areas', "status = 'planned'", 'status=planned'],
      ['green-parks', "status = 'unknown'", 'status=unknown'],
      ['scenic-areas', "name LIKE '%三清%'", 'q=三清'],
    ];
    for (const [layer, where, query] of cases) {
      const gdal = await ogrToGeoJson(source, layer, ['-where', where]);
      const ours: Fc = await api(`/api/layers/${layer}/features?${query}`);
      const gdalIds = gdal.features.map((f) => f.properties.id).sort();
      expect(gdalIds.length).toBeGreaterThan(0);
      expect([where, gdalIds]).toEqual([where, ours.features.map((f) => f.properties.id).sort()]);
    }
  });

  it('-spat (bbox) gives the features /api gives for the bbox', async () => {
    const gdal = await ogrToGeoJson(source, 'scenic-areas', ['-spat', '117.5', '28.5', '118.3', '29.5']);
    const ours: Fc = await api('/api/layers/scenic-areas/features?bbox=117.5,28.5,118.3,29.5');
    expect(ours.features.length).toBeGreaterThan(0);
    expect(gdal.features.map((f) => f.properties.id).sort()).toEqual(ours.features.map((f) => f.properties.id).sort());
  });
});

function roundCoords(c: unknown): unknown {
  return Array.isArray(c) ? c.map(roundCoords) : typeof c === 'number' ? Math.round(c * 1e7) / 1e7 : c;
}
