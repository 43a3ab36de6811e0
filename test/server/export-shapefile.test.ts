/**
 * The zipped Shapefile export (server/export/shapefile.ts, shp.ts) read by GDAL: ogrinfo/ogr2ogr
 * (apt-get install gdal-bin) see every set, the Chinese names from the UTF-8 .dbf, the shape types,
 * multi-part lines, a polygon with a hole and a multipolygon with the coordinates exactly as written.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import type { Feature } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUT_MARK, DBF_TEXT_BYTES, dbfNames, fitText, isCutText, shapefileZip } from '../../server/export/shapefile';
import { ogrinfo, ogrToGeoJson } from '../interop/gdal';

const features: Feature[] = [
  { type: 'Feature', id: 'p1', geometry: { type: 'Point', coordinates: [117.9436123, 28.4547891] }, properties: { id: 'p1', name: '上饶高铁站', name_en: 'Shangrao Railway Station', status: 'completed', measures: [4, 16] } },
  { type: 'Feature', id: 'p2', geometry: { type: 'Point', coordinates: [118.1999, 28.0123] }, properties: { id: 'p2', name: '婺源县（篁岭）', name_en: 'Huangling, Wuyuan', status: 'planned', measures: [13], location_note: '长'.repeat(200) } },
  { type: 'Feature', id: 'l1', geometry: { type: 'LineString', coordinates: [[117.5, 28.5], [117.6, 28.55], [117.7, 28.52]] }, properties: { id: 'l1', name: '信江绿道', name_en: 'Xin River Greenway', status: 'in_progress', measures: [13] } },
  { type: 'Feature', id: 'l2', geometry: { type: 'MultiLineString', coordinates: [[[117.1, 28.1], [117.2, 28.2]], [[117.3, 28.3], [117.4, 28.35]]] }, properties: { id: 'l2', name: '天然气管道', name_en: 'Gas pipeline', status: 'unknown', measures: [13] } },
  {
    type: 'Feature', id: 'a1',
    geometry: { type: 'Polygon', coordinates: [[[117.9, 28.1], [118.3, 28.1], [118.3, 28.4], [117.9, 28.4], [117.9, 28.1]], [[118.0, 28.2], [118.0, 28.3], [118.1, 28.3], [118.1, 28.2], [118.0, 28.2]]] },
    properties: { id: 'a1', name: '三清山风景名胜区', name_en: 'Mount Sanqing', status: 'completed', measures: [16] },
  },
  {
    type: 'Feature', id: 'a2',
    geometry: { type: 'MultiPolygon', coordinates: [[[[116.5, 28.9], [116.7, 28.9], [116.7, 29.0], [116.5, 28.9]]], [[[116.8, 28.9], [116.9, 28.9], [116.9, 29.0], [116.8, 28.9]]]] },
    properties: { id: 'a2', name: '鄱阳湖湿地', name_en: 'Poyang Lake wetland', status: 'planned', measures: [16] },
  },
];

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'srgm-shp-test-'));
  const { zip, sets, cut } = await shapefileZip(features, { gcj02: false, stem: 'test' });
  expect(sets).toEqual({ points: 2, lines: 2, polygons: 2 });
  expect(cut).toBe(1);
  for (const [name, bytes] of Object.entries(unzipSync(zip))) await writeFile(join(dir, name), bytes);
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('Shapefile export read by GDAL', () => {
  it('ogrinfo -al reads the Chinese names, the shape types and the WGS 84 .prj', async () => {
    const points = await ogrinfo(['-ro', '-al', join(dir, 'points.shp')]);
    expect(points).toMatch(/Geometry: Point/);
    expect(points).toMatch(/Feature Count: 2/);
    expect(points).toMatch(/NAME \(String\) = 上饶高铁站/);
    expect(points).toMatch(/NAME \(String\) = 婺源县（篁岭）/);
    expect(points).toMatch(/NAME_EN \(String\) = Shangrao Railway Station/);
    expect(points).toMatch(/MEASURES \(String\) = 4,16/);
    expect(points).toMatch(/WGS[ _]84|WGS_1984/);
    expect(points).toMatch(new RegExp(`LOC_NOTE \\(String\\) = 长{80,84}${CUT_MARK}`));
    const lines = await ogrinfo(['-ro', '-al', '-q', join(dir, 'lines.shp')]);
    expect(lines).toMatch(/NAME \(String\) = 信江绿道/);
    expect(lines).toMatch(/NAME \(String\) = 天然气管道/);
    const polygons = await ogrinfo(['-ro', '-al', '-q', join(dir, 'polygons.shp')]);
    expect(polygons).toMatch(/NAME \(String\) = 三清山风景名胜区/);
  });

  it('ogr2ogr gives back every geometry as written (parts, hole, multipolygon), within 1e-7°', async () => {
    for (const [set, ids] of [['points', ['p1', 'p2']], ['lines', ['l1', 'l2']], ['polygons', ['a1', 'a2']]] as const) {
      const back = await ogrToGeoJson(join(dir, `${set}.shp`), set, ['-lco', 'RFC7946=YES']); // GeoJSON's ring order (the .shp's runs the other way)
      expect(back.features.map((f) => f.properties.ID)).toEqual(ids);
      for (const f of back.features) {
        const orig = features.find((o) => o.id === f.properties.ID)!;
        expect(f.geometry.type).toBe(orig.geometry.type);
        const a = JSON.stringify(f.geometry.coordinates).match(/-?\d+(\.\d+)?/g)!.map(Number);
        const b = JSON.stringify((orig.geometry as { coordinates: unknown }).coordinates).match(/-?\d+(\.\d+)?/g)!.map(Number);
        expect(a.length, String(f.properties.ID)).toBe(b.length);
        a.forEach((x, i) => expect(Math.abs(x - b[i])).toBeLessThan(1e-7));
      }
    }
  });
});

describe('dBase text and names', () => {
  it('cuts text over 254 bytes on a character boundary, ending in …, and knows a cut value again', () => {
    expect(fitText('上饶')).toEqual({ text: '上饶', cut: false });
    const { text, cut } = fitText('饶'.repeat(100));
    expect(cut).toBe(true);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(DBF_TEXT_BYTES);
    expect(text).toBe('饶'.repeat(83) + CUT_MARK);
    expect(isCutText(text)).toBe(true);
    expect(isCutText('好的…')).toBe(false);
    expect(fitText('a'.repeat(254))).toEqual({ text: 'a'.repeat(254), cut: false });
  });

  it('maps property names to unique dBase names of at most 10 characters', () => {
    expect(dbfNames(['name', 'location_note_en', 'status_evidence'])).toEqual(['NAME', 'LOC_NOTE_E', 'STATUS_EV']);
    const odd = dbfNames(['very_long_property_a', 'very_long_property_b', '中文']);
    expect(odd[0]).toBe('VERY_LONG_');
    expect(odd[1]).toBe('VERY_LON_2');
    expect(odd[2]).toBe('FIELD3');
    for (const n of odd) expect(n.length).toBeLessThanOrEqual(10);
  });
});
