import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { describe, expect, it } from 'vitest';
import { parseTileAddress, tileBounds } from '../../../server/tiles/tile-math';
import { testApp } from '../app-factory';
import { EAST, WEST } from '../factories';

/** Lon/lat → the XYZ tile holding it at z. */
const tileAt = (lon: number, lat: number, z: number) => {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  return { z, x: Math.floor(((lon + 180) / 360) * n), y: Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n) };
};

describe('tile math', () => {
  it('parses z/x/y and refuses what is out of range, saying the range', () => {
    expect(parseTileAddress('7', '106', '53')).toEqual({ z: 7, x: 106, y: 53 });
    expect(parseTileAddress('17', '0', '0')).toMatch(/z must be 0 to 16/);
    expect(parseTileAddress('2', '4', '0')).toMatch(/x and y must be 0 to 3/);
    expect(parseTileAddress('a', '0', '0')).toMatch(/whole numbers/);
  });

  it('gives the bounds of a tile in lon/lat', () => {
    tileBounds({ z: 0, x: 0, y: 0 }).forEach((v, i) => expect(v).toBeCloseTo([-180, -85.0511287798066, 180, 85.0511287798066][i], 9));
    const [w, s, e, n] = tileBounds({ z: 1, x: 1, y: 0 });
    expect([w, e]).toEqual([0, 180]);
    expect(s).toBeCloseTo(0, 9);
    expect(n).toBeCloseTo(85.0511287798066, 9);
  });
});

describe('/tiles', async () => {
  const app = await testApp();
  const decode = async (res: Response) => new VectorTile(new PbfReader(new Uint8Array(await res.arrayBuffer())));
  const idsIn = (tile: VectorTile, layer: string) => {
    const l = tile.layers[layer];
    return l ? Array.from({ length: l.length }, (_, i) => String(l.feature(i).properties.id)).sort() : [];
  };
  const apiIds = async (layer: string, query: string) =>
    ((await (await app.request(`/api/layers/${layer}/features?${query}`)).json()).features as { id: string }[]).map((f) => f.id).sort();

  it('serves a Mapbox Vector Tile whose features are those /api gives for the same filter and area', async () => {
    const { z, x, y } = tileAt(118, 28.5, 5);
    const bbox = tileBounds({ z, x, y }).join(',');
    for (const [layer, filter] of [['places', ''], ['places', `county=${EAST}`], ['places', 'measure=16'], ['places', 'status=planned'], ['pipes', ''], ['areas', `county=${WEST}`]]) {
      const res = await app.request(`/tiles/${layer}/${z}/${x}/${y}.mvt${filter ? `?${filter}` : ''}`);
      const expected = await apiIds(layer, `bbox=${bbox}${filter ? `&${filter}` : ''}`);
      expect(expected.length).toBeGreaterThan(0);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile');
      expect([layer, filter, idsIn(await decode(res), layer)]).toEqual([layer, filter, expected]);
    }
  });

  it('carries public scalar fields and comma-wrapped measures and counties, no long texts', async () => {
    const { z, x, y } = tileAt(118, 28.5, 6);
    const tile = await decode(await app.request(`/tiles/pipes/${z}/${x}/${y}.mvt`));
    const f = tile.layers.pipes.feature(0);
    expect(f.properties).toMatchObject({ id: 'cross-line', status: 'planned', precision: 'approximate', measures: ',13,', counties: `,${WEST},${EAST},`, outside: false });
    expect(f.properties).not.toHaveProperty('quote');
    expect(f.properties).not.toHaveProperty('internal_note');
    expect(f.type).toBe(2);
  });

  it('a tile at higher zoom has only what reaches it: the line crossing it, not the points beside it', async () => {
    const between = tileAt(117.8, 28.5, 10);
    const at = `${between.z}/${between.x}/${between.y}`;
    expect((await app.request(`/tiles/places/${at}.mvt`)).status).toBe(204);
    expect(idsIn(await decode(await app.request(`/tiles/pipes/${at}.mvt`)), 'pipes')).toEqual(['cross-line']);
    const onPoint = tileAt(117.5, 28.5, 10);
    expect(idsIn(await decode(await app.request(`/tiles/places/${onPoint.z}/${onPoint.x}/${onPoint.y}.mvt`)), 'places')).toEqual(['west-point']);
  });

  it('an empty tile is 204; tiles have ETag, Cache-Control and 304', async () => {
    const empty = await app.request('/tiles/places/3/0/0.mvt');
    expect(empty.status).toBe(204);
    const { z, x, y } = tileAt(118, 28.5, 6);
    const res = await app.request(`/tiles/places/${z}/${x}/${y}.mvt`);
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(/^".+"$/);
    expect(res.headers.get('cache-control')).toMatch(/max-age=\d+/);
    expect((await app.request(`/tiles/places/${z}/${x}/${y}.mvt`, { headers: { 'If-None-Match': etag } })).status).toBe(304);
  });

  it('refuses out-of-range tiles, unknown parameters and bad filters with 4xx in the error shape', async () => {
    const cases: [string, number, string][] = [
      ['/tiles/places/17/0/0.mvt', 400, 'z/x/y'],
      ['/tiles/places/2/4/1.mvt', 400, 'z/x/y'],
      ['/tiles/places/2/1/-1.mvt', 400, 'z/x/y'],
      ['/tiles/places/1/0/0.mvt?colour=red', 400, 'colour'],
      ['/tiles/places/1/0/0.mvt?county=999', 400, 'county'],
      ['/tiles/places/1/0/0.mvt?measure=24', 400, 'measure'],
      ['/tiles/nope/1/0/0.mvt', 404, 'layer'],
      ['/tiles/nope.json', 404, 'layer'],
    ];
    for (const [path, status, parameter] of cases) {
      const res = await app.request(path);
      expect([path, res.status]).toEqual([path, status]);
      expect([path, (await res.json()).error.parameter]).toEqual([path, parameter]);
    }
    expect((await app.request('/tiles/places/1/0/0.png')).status).toBe(404);
  });

  it('TileJSON 3.0.0: tiles URL with the filter, zooms, bounds of the layer, vector_layers with fields', async () => {
    const res = await app.request(`http://t.test/tiles/places.json?county=${EAST}&measure=4`);
    expect(res.status).toBe(200);
    const tj = await res.json();
    expect(tj).toMatchObject({ tilejson: '3.0.0', scheme: 'xyz', minzoom: 0, maxzoom: 16, bounds: [117.5, 26.5, 119.5, 28.5] });
    expect(tj.tiles).toEqual([`http://t.test/tiles/places/{z}/{x}/{y}.mvt?county=${EAST}&measure=4`]);
    expect(tj.vector_layers[0].id).toBe('places');
    expect(Object.keys(tj.vector_layers[0].fields)).toEqual(expect.arrayContaining(['id', 'name', 'status', 'measures', 'counties']));
  });
});
