/**
 * Export → import is lossless: every feature of the test dataset, exported by GET /api/export as
 * GeoJSON, CSV and XLSX by an editor, reads back through POST /api/imports as "unchanged" (every
 * field and the geometry equal); in GCJ-02 it reads back within 1 m. Runs on both stores.
 */
import { describe, expect, it } from 'vitest';
import { writableTestApp } from './app-factory';
import { applyImport, EDITOR, metres, upload } from './import-factory';

describe('export → import round trip', () => {
  for (const format of ['geojson', 'csv', 'xlsx'] as const)
    it(`${format}: every feature comes back unchanged`, async () => {
      const { app } = await writableTestApp();
      const res = await app.request(`/api/export?format=${format}&layers=places`, { headers: EDITOR });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toMatch(new RegExp(`attachment; filename="shangrao-green-map-\\d{4}-\\d{2}-\\d{2}\\.${format}"`));
      const bytes = new Uint8Array(await res.arrayBuffer());
      if (format === 'csv') expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const p = await (await upload(app, `export.${format}`, bytes, { layer: 'places' })).json();
      expect(p.problems.filter((x: { severity: string }) => x.severity === 'error')).toEqual([]);
      expect(p.summary).toMatchObject({ rows: 3, create: 0, update: 0, unchanged: 3, left_out: 0 });
      for (const f of p.features.features) expect(f.properties._import).toMatchObject({ action: 'unchanged', matched_by: 'id' });
    });

  it('lines and polygons too (WKT column), and an export in GCJ-02 reads back with crs=gcj02 within 1 m', async () => {
    const { app } = await writableTestApp();
    const csv = new Uint8Array(await (await app.request('/api/export?format=csv&layers=pipes,areas', { headers: EDITOR })).arrayBuffer());
    const lines = await (await upload(app, 'export.csv', csv, {})).json();
    expect(lines.summary).toMatchObject({ rows: 2, unchanged: 2, left_out: 0 });
    expect(lines.features.features.map((f: { geometry: { type: string } }) => f.geometry.type).sort()).toEqual(['LineString', 'Polygon']);
    const wgs = await (await app.request('/api/layers/places/features')).json();
    const gcj = new Uint8Array(await (await app.request('/api/export?format=geojson&layers=places&crs=gcj02', { headers: EDITOR })).arrayBuffer());
    const p = await (await upload(app, 'gcj.geojson', gcj, { layer: 'places', crs: 'gcj02' })).json();
    for (const f of p.features.features) {
      const orig = wgs.features.find((o: { id: string }) => o.id === f.properties._import.matched_id);
      expect(metres(f.geometry.coordinates, orig.geometry.coordinates)).toBeLessThan(1);
    }
  });

  it('anonymous exports carry public fields only; bad parameters are 400 naming them', async () => {
    const { app } = await writableTestApp();
    const p = await (await upload(app, 'note.csv', '名称,经度,纬度,所属措施,备注\n内部点,117.3,28.3,4,只给编辑看\n', { layer: 'places' })).json();
    expect((await applyImport(app, p.id)).status).toBe(201);
    const anon = await (await app.request('/api/export?format=geojson&layers=places&q=内部点')).json();
    expect(anon.features).toHaveLength(1);
    expect(anon.features[0].properties.internal_note).toBeUndefined();
    const mine = await (await app.request('/api/export?format=geojson&layers=places&q=内部点', { headers: EDITOR })).json();
    expect(mine.features[0].properties.internal_note).toBe('只给编辑看');
    for (const [qs, parameter] of [['format=pdf', 'format'], ['crs=bd09', 'crs'], ['county=999999', 'county'], ['foo=1', 'foo']]) {
      const res = await app.request(`/api/export?${qs}`);
      expect(res.status, qs).toBe(400);
      expect((await res.json()).error.parameter).toBe(parameter);
    }
  });
});
