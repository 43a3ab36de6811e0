/**
 * Export → import is lossless: every feature of the test dataset, exported by GET /api/export as
 * GeoJSON, CSV, XLSX and a zipped Shapefile by an editor, reads back through POST /api/imports as "unchanged" (every
 * field and the geometry equal); in GCJ-02 it reads back within 1 m. Runs on both stores.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { writableTestApp } from './app-factory';
import { unzipSync } from 'fflate';
import { applyImport, EDITOR, metres, upload, warmImports, WARM_TIMEOUT } from './import-factory';

beforeAll(warmImports, WARM_TIMEOUT);

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

  it('shp: one set per shape type, UTF-8 .dbf; every feature of every layer reads back unchanged (names zh/en, status, measures, geometry)', async () => {
    const { app } = await writableTestApp();
    const long = '这是一段很长的位置说明，'.repeat(30);
    const p0 = await (await upload(app, 'long.csv', `名称,英文名,经度,纬度,状态,所属措施,location_note\n长文本点,Long text point,117.4,28.4,规划,4,${long}\n`, { layer: 'places' })).json();
    expect((await applyImport(app, p0.id)).status).toBe(201);
    const res = await app.request('/api/export?format=shp', { headers: EDITOR });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="shangrao-green-map-\d{4}-\d{2}-\d{2}\.shp\.zip"/);
    const zip = new Uint8Array(await res.arrayBuffer());
    const names = Object.keys(unzipSync(zip)).sort();
    for (const set of ['points', 'lines', 'polygons'])
      for (const ext of ['shp', 'shx', 'dbf', 'prj', 'cpg']) expect(names, `${set}.${ext}`).toContain(`${set}.${ext}`);
    expect(new TextDecoder().decode(unzipSync(zip)['points.cpg'])).toBe('UTF-8');
    const all = await (await app.request('/api/export?format=geojson', { headers: EDITOR })).json();
    const p = await (await upload(app, 'export.shp.zip', zip, {})).json();
    expect(p.problems.filter((x: { severity: string }) => x.severity === 'error')).toEqual([]);
    expect(p.summary).toMatchObject({ rows: all.features.length, create: 0, update: 0, unchanged: all.features.length, left_out: 0 });
    expect(p.notes.join(' ')).toMatch(/cut at the \.dbf's 254 bytes.*LOC_NOTE ×1/);
    for (const f of p.features.features) {
      expect(f.properties._import).toMatchObject({ action: 'unchanged', matched_by: 'id' });
      const orig = all.features.find((o: { id: string }) => o.id === f.properties._import.matched_id);
      for (const k of ['name', 'name_en', 'status', 'measures', 'layer']) expect(f.properties[k], `${orig.id} ${k}`).toEqual(orig.properties[k]);
      expect(f.geometry.type).toBe(orig.geometry.type);
      const a = JSON.stringify(f.geometry.coordinates).match(/-?\d+(\.\d+)?/g)!.map(Number);
      const b = JSON.stringify(orig.geometry.coordinates).match(/-?\d+(\.\d+)?/g)!.map(Number);
      expect(a.length).toBe(b.length);
      a.forEach((x, i) => expect(Math.abs(x - b[i])).toBeLessThan(1e-7));
    }
    expect(p.features.features.find((f: { properties: { name: string } }) => f.properties.name === '长文本点').properties.location_note).toBe(long);
  });

  it('shp in GCJ-02: files named *_gcj02, read back with crs=gcj02 within 1 m', async () => {
    const { app } = await writableTestApp();
    const zip = new Uint8Array(await (await app.request('/api/export?format=shp&layers=places&crs=gcj02', { headers: EDITOR })).arrayBuffer());
    const files = unzipSync(zip);
    expect(Object.keys(files).sort()).toEqual(['README.txt', 'points_gcj02.cpg', 'points_gcj02.dbf', 'points_gcj02.prj', 'points_gcj02.shp', 'points_gcj02.shx']);
    expect(new TextDecoder().decode(files['README.txt'])).toMatch(/GCJ-02 has no EPSG code/);
    const wgs = await (await app.request('/api/layers/places/features')).json();
    const p = await (await upload(app, 'gcj.zip', zip, { layer: 'places', crs: 'gcj02' })).json();
    expect(p.summary).toMatchObject({ rows: 3, create: 0, left_out: 0 });
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
    for (const [qs, parameter] of [['format=pdf', 'format'], ['format=shape', 'format'], ['crs=bd09', 'crs'], ['county=999999', 'county'], ['foo=1', 'foo']]) {
      const res = await app.request(`/api/export?${qs}`);
      expect(res.status, qs).toBe(400);
      expect((await res.json()).error.parameter).toBe(parameter);
    }
  });
});
