/**
 * Our tiles read by GDAL's MVT driver (another client than the one that wrote them) and by
 * @mapbox/vector-tile, on the shipped data: the same features as /api for the same filter and area,
 * placed where /api puts them.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUFFER, EXTENT } from '../../server/tiles/mvt';
import { tileBounds } from '../../server/tiles/tile-math';
import { ogrToGeoJson } from './gdal';
import { startServer } from './test-server';

type Fc = { features: { id: string; geometry: { type: string; coordinates: number[] } }[] };

describe('tiles of the shipped data, read by GDAL and @mapbox/vector-tile', { timeout: 120_000 }, () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => (server = await startServer()));
  afterAll(() => server?.close());
  const tile = async (path: string) => new Uint8Array(await (await fetch(`${server.url}${path}`)).arrayBuffer());
  const api = async (path: string): Promise<Fc> => (await fetch(`${server.url}${path}`)).json();

  it('every layer at z7 over the city: decoded features are those /api gives for the tile (plus its buffer), with and without filters', async () => {
    const layers: { id: string }[] = (await (await fetch(`${server.url}/api/layers`)).json()).layers;
    // z7 tiles 105–106 × 52–53 cover Shangrao (lon 115.9–118.7, lat 27.8–29.6).
    for (const l of layers) {
      for (const filter of ['', 'status=planned', 'county=361130', 'measure=4,13']) {
        let total = 0;
        for (const [x, y] of [[105, 52], [105, 53], [106, 52], [106, 53]]) {
          const res = await fetch(`${server.url}/tiles/${l.id}/7/${x}/${y}.mvt${filter ? `?${filter}` : ''}`);
          const ids = async (buffer: number) =>
            (await api(`/api/layers/${l.id}/features?bbox=${tileBounds({ z: 7, x, y }, buffer).join(',')}${filter ? `&${filter}` : ''}`)).features.map((f) => f.id).sort();
          // A tile holds what lies in it, and may hold what lies in its 64/4096 buffer (drawn across edges).
          const inside = await ids(0);
          const withBuffer = await ids(BUFFER / EXTENT);
          total += inside.length;
          const got: string[] = [];
          if (res.status !== 204) {
            const layer = new VectorTile(new PbfReader(new Uint8Array(await res.arrayBuffer()))).layers[l.id];
            got.push(...new Set(Array.from({ length: layer.length }, (_, i) => String(layer.feature(i).properties.id))));
          }
          const where = `${l.id} ${filter} 7/${x}/${y}`;
          expect([where, inside.filter((id) => !got.includes(id))]).toEqual([where, []]);
          expect([where, got.filter((id) => !withBuffer.includes(id))]).toEqual([where, []]);
        }
        if (filter === '') expect([l.id, total > 0]).toEqual([l.id, true]);
      }
    }
  });

  it("GDAL's MVT driver opens a tile: the features /api gives for it (plus its buffer), points where /api puts them", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sgm-mvt-'));
    // GDAL reads z/x/y from the path of a single-tile file.
    mkdirSync(join(dir, '7', '106'), { recursive: true });
    const file = join(dir, '7', '106', '53.mvt');
    writeFileSync(file, await tile('/tiles/scenic-areas/7/106/53.mvt'));
    const gdal = await ogrToGeoJson(file, 'scenic-areas', ['-t_srs', 'EPSG:4326']);
    const ours = await api(`/api/layers/scenic-areas/features?bbox=${tileBounds({ z: 7, x: 106, y: 53 }).join(',')}`);
    expect(ours.features.length).toBeGreaterThan(0);
    const buffered = (await api(`/api/layers/scenic-areas/features?bbox=${tileBounds({ z: 7, x: 106, y: 53 }, BUFFER / EXTENT).join(',')}`)).features.map((f) => f.id);
    const gdalIds = gdal.features.map((f) => String(f.properties.id));
    expect(ours.features.map((f) => f.id).filter((id) => !gdalIds.includes(id))).toEqual([]);
    expect(gdalIds.filter((id) => !buffered.includes(id))).toEqual([]);
    // A z7 tile is 2.8° across in 4096 steps: positions agree to a step (~0.0007°).
    for (const f of gdal.features) {
      const mine = ours.features.find((o) => o.id === f.properties.id)!;
      if (mine.geometry.type !== 'Point') continue;
      const [lon, lat] = f.geometry.coordinates as number[];
      expect(Math.abs(lon - mine.geometry.coordinates[0])).toBeLessThan(0.001);
      expect(Math.abs(lat - mine.geometry.coordinates[1])).toBeLessThan(0.001);
    }
  });
});
