import { describe, expect, it } from 'vitest';
import { testApp } from '../app-factory';
import { EAST, WEST } from '../factories';

const ids = (fc: { features: { id: string }[] }) => fc.features.map((f) => f.id).sort();

describe('OGC API – Features under /ogc', async () => {
  const app = await testApp();
  const get = async (path: string) => {
    const res = await app.request(path);
    return { res, body: await res.json() };
  };

  it('landing page links service-desc, conformance and data with absolute URLs', async () => {
    const { res, body } = await get('http://example.org/ogc');
    expect(res.status).toBe(200);
    const rels = Object.fromEntries(body.links.map((l: { rel: string; href: string }) => [l.rel, l.href]));
    expect(rels).toMatchObject({ 'service-desc': 'http://example.org/ogc/api', conformance: 'http://example.org/ogc/conformance', data: 'http://example.org/ogc/collections' });
  });

  it('conformance names core, GeoJSON, OpenAPI 3.0, filter and CQL2 text', async () => {
    const { body } = await get('/ogc/conformance');
    expect(body.conformsTo).toEqual(expect.arrayContaining([
      'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
      'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
      'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
      'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter',
      'http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2',
      'http://www.opengis.net/spec/cql2/1.0/conf/cql2-text',
    ]));
  });

  it('/ogc/api is OpenAPI 3.0 stating the limit default and maximum', async () => {
    const { res, body } = await get('/ogc/api');
    expect(res.headers.get('content-type')).toMatch(/^application\/vnd\.oai\.openapi\+json;version=3\.0/);
    expect(body.openapi).toMatch(/^3\.0/);
    const limit = body.paths['/collections/{collectionId}/items'].get.parameters.find((p: { name: string }) => p.name === 'limit');
    expect(limit.schema).toMatchObject({ default: 100, maximum: 10000, minimum: 1 });
  });

  it('collections: one per layer with CRS84 extent from the features and itemType feature', async () => {
    const { body } = await get('/ogc/collections');
    expect(body.collections.map((c: { id: string }) => c.id)).toEqual(['places', 'pipes', 'areas']);
    const places = body.collections[0];
    expect(places).toMatchObject({ itemType: 'feature', crs: ['http://www.opengis.net/def/crs/OGC/1.3/CRS84'] });
    expect(places.extent.spatial.bbox).toEqual([[117.5, 26.5, 119.5, 28.5]]);
    const one = await get('/ogc/collections/pipes');
    expect(one.body.extent.spatial.bbox).toEqual([[117.5, 28.5, 118.5, 28.5]]);
    expect(one.body.links.map((l: { rel: string }) => l.rel)).toEqual(['self', 'items', 'http://www.opengis.net/def/rel/ogc/1.0/queryables']);
  });

  it('items: GeoJSON with numberMatched/numberReturned and next/prev links that page through', async () => {
    const first = await get('http://x.test/ogc/collections/places/items?limit=2');
    expect(first.res.headers.get('content-type')).toMatch(/^application\/geo\+json/);
    expect(first.body).toMatchObject({ type: 'FeatureCollection', numberMatched: 3, numberReturned: 2 });
    const next = first.body.links.find((l: { rel: string }) => l.rel === 'next');
    expect(next.href).toBe('http://x.test/ogc/collections/places/items?limit=2&offset=2');
    expect(first.body.links.some((l: { rel: string }) => l.rel === 'prev')).toBe(false);
    const second = await get(next.href);
    expect(second.body).toMatchObject({ numberMatched: 3, numberReturned: 1 });
    expect(second.body.links.find((l: { rel: string }) => l.rel === 'prev').href).toBe('http://x.test/ogc/collections/places/items?limit=2');
    expect(second.body.links.some((l: { rel: string }) => l.rel === 'next')).toBe(false);
    expect([...ids(first.body), ...ids(second.body)].sort()).toEqual(['east-point', 'far-point', 'west-point']);
  });

  it('items: a limit above the maximum is read as the maximum; a bad limit is a 400', async () => {
    expect((await get('/ogc/collections/places/items?limit=99999')).body.links[0].href).toMatch(/limit=10000/);
    const bad = await get('/ogc/collections/places/items?limit=0');
    expect(bad.res.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'bad_parameter', parameter: 'limit' });
  });

  it('items: county, measure, status and bbox as in /api', async () => {
    for (const q of [`county=${EAST}`, `county=${WEST}`, 'measure=16', 'status=unknown', 'bbox=117,28,118,29', 'county=361121']) {
      const ogc = (await get(`/ogc/collections/places/items?${q}`)).body;
      const api = await (await app.request(`/api/layers/places/features?${q}`)).json();
      expect([q, ids(ogc)]).toEqual([q, ids(api)]);
      expect(ogc.numberMatched).toBe(api.numberMatched);
    }
  });

  it('items/{id}: the feature with public fields only; 404 outside the collection', async () => {
    const { res, body } = await get('/ogc/collections/pipes/items/cross-line');
    expect(res.status).toBe(200);
    expect(body).toMatchObject({ type: 'Feature', id: 'cross-line', geometry: { type: 'LineString' } });
    expect(body.properties.counties).toEqual([WEST, EAST]);
    expect(Object.keys(body.properties)).not.toContain('internal_note');
    const other = await get('/ogc/collections/places/items/cross-line');
    expect(other.res.status).toBe(404);
    expect(other.body.error).toMatchObject({ code: 'not_found', parameter: 'featureId' });
  });

  it('queryables: a JSON Schema naming county, measure, status and the geometry', async () => {
    const { res, body } = await get('/ogc/collections/places/queryables');
    expect(res.headers.get('content-type')).toMatch(/^application\/schema\+json/);
    expect(body.$schema).toMatch(/json-schema\.org/);
    expect(body.properties.measure).toMatchObject({ type: 'integer' });
    expect(body.properties.status.enum).toEqual(['planned', 'in_progress', 'completed', 'unknown']);
    expect(body.properties.county.enum).toContain('361130');
    expect(body.properties.geometry).toMatchObject({ format: 'geometry-any' });
    expect(body.properties).not.toHaveProperty('quote');
  });

  it('filter: each CQL2 operator gives the same features as the equivalent /api query', async () => {
    const cases: [string, string, string][] = [
      ['places', "status = 'unknown'", 'status=unknown'],
      ['places', "status <> 'unknown'", 'status=planned,in_progress,completed'],
      ['places', 'measure = 16', 'measure=16'],
      ['places', 'measure IN (8, 16)', 'measure=8,16'],
      ['places', `county = '${EAST}' OR county = '${WEST}'`, `county=${EAST},${WEST}`],
      ['places', `county = '${EAST}' AND measure = 4`, `county=${EAST}&measure=4`],
      ['places', `NOT county IN ('${EAST}')`, `county=${WEST}`], // far-point touches no county: NOT (IN) holds for it too
      ['places', "name LIKE '三清%'", 'q=三清'],
      ['places', 'zone IS NULL', ''],
      ['places', 'S_INTERSECTS(geometry, BBOX(117, 28, 118, 29))', 'bbox=117,28,118,29'],
      ['places', 'S_INTERSECTS(geometry, POLYGON((118 28, 119 28, 119 29, 118 29, 118 28)))', 'bbox=118,28,119,29'],
      ['pipes', 'S_INTERSECTS(geometry, BBOX(118.2, 28, 118.4, 29))', 'bbox=118.2,28,118.4,29'],
    ];
    for (const [layer, filter, apiQuery] of cases) {
      const ogc = (await get(`/ogc/collections/${layer}/items?filter=${encodeURIComponent(filter)}`)).body;
      const api = await (await app.request(`/api/layers/${layer}/features?${apiQuery}`)).json();
      const expected = filter.startsWith('NOT county') ? [...ids(api), 'far-point'].sort() : ids(api);
      expect([filter, ids(ogc)]).toEqual([filter, expected]);
    }
  });

  it('filter problems are 400s naming the parameter and what went wrong', async () => {
    const cases: [string, RegExp][] = [
      ["colour = 'red'", /unknown property "colour"/],
      ["status = 'planned' AND", /not valid CQL2 text at character/],
      ["CASEI(name) = 'x'", /CASEI .*not supported/],
    ];
    for (const [filter, message] of cases) {
      const { res, body } = await get(`/ogc/collections/places/items?filter=${encodeURIComponent(filter)}`);
      expect(res.status).toBe(400);
      expect(body.error.parameter).toBe('filter');
      expect(body.error.message).toMatch(message);
    }
    const lang = await get('/ogc/collections/places/items?filter-lang=cql2-json&filter=x');
    expect(lang.body.error).toMatchObject({ parameter: 'filter-lang' });
  });

  it('malformed requests are 4xx in the error shape, never 5xx', async () => {
    for (const path of ['/ogc/collections/nope', '/ogc/collections/nope/items', '/ogc/collections/places/items?colour=red', '/ogc/collections/places/items?bbox=1,2,3', '/ogc/collections/places/items?county=999999', '/ogc/collections/places/items/Bad_Id', '/ogc/nowhere', '/ogc/conformance?x=1', '/ogc/collections/places/items?offset=-1', '/ogc/collections/places/items?crs=EPSG:3857', '/ogc/collections/places/items?limit=1&limit=2']) {
      const res = await app.request(path);
      expect([path, res.status >= 400 && res.status < 500]).toEqual([path, true]);
      expect((await res.json()).error.message.length).toBeGreaterThan(10);
    }
  });

  it('answers with an ETag and 304 on If-None-Match', async () => {
    const res = await app.request('/ogc/collections/places/items');
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(/^".+"$/);
    expect((await app.request('/ogc/collections/places/items', { headers: { 'If-None-Match': etag } })).status).toBe(304);
  });
});
