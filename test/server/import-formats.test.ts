/**
 * Each import format and coordinate system with fixtures whose true positions are known: real
 * Shangrao places (from data/), converted to the file's system by an independent tool where one is
 * at hand (GDAL's ogr2ogr for Shapefiles and Gauss–Krüger; gcoord for GCJ-02/BD-09), read back
 * within 1 m. And the bad files: each refused (or its row left out) naming the problem.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { crsFromPrj, parseCrs } from '../../server/import/crs';
import { DEFAULT_IMPORT_LIMITS } from '../../server/import/limits';
import { listZip } from '../../server/import/zip-safety';
import { requireGdal } from '../interop/gdal';
import { writableTestApp } from './app-factory';
import { metres, upload, warmImports, WARM_TIMEOUT } from './import-factory';

beforeAll(warmImports, WARM_TIMEOUT);

const FIX = join(import.meta.dirname, '../fixtures/import');

/** Real places (data/layers/green-parks.geojson), inside the test dataset's two square counties. */
const PLACES = [
  { name: '上饶经济技术开发区', lonlat: [118.03, 28.43] },
  { name: '上饶高铁经济试验区', lonlat: [117.97, 28.47] },
];
/** GDAL 3 (gdaltransform -s_srs EPSG:4326 -t_srs …) for 118.03°E 28.43°N: an independent check of our proj4 definitions. */
const GDAL_118_03_28_43: Record<string, [number, number]> = {
  'EPSG:4527': [39600910.7012097, 3146527.46018088],
  'EPSG:4528': [40306980.8205531, 3147675.79400127],
  'EPSG:4549': [306980.820553075, 3147675.79400127],
};

type Feat = { geometry: { type: string; coordinates: number[] }; properties: Record<string, unknown> & { name: string } };
const byName = (p: { features: { features: Feat[] } }, name: string) => p.features.features.find((f) => f.properties.name === name)!;

describe('coordinate systems', () => {
  it('CGCS2000 Gauss–Krüger zones 39, 40 and CM 120°E land within 1 m of where GDAL puts them', () => {
    for (const [epsg, xy] of Object.entries(GDAL_118_03_28_43)) {
      const ll = parseCrs(epsg).toWgs84(xy);
      expect(metres(ll, [118.03, 28.43]), epsg).toBeLessThan(1);
    }
  });

  it('reads .prj WKT: EPSG authority, ESRI names for zones and CM variants, CGCS2000 and WGS 84 geographic, Web Mercator', () => {
    expect(crsFromPrj('PROJCS["CGCS2000_3_Degree_GK_Zone_39",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",39500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",117.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]')).toBe('EPSG:4527');
    expect(crsFromPrj('PROJCS["CGCS2000_3_Degree_GK_CM_117E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000"],PROJECTION["Gauss_Kruger"]]')).toBe('EPSG:4548');
    expect(crsFromPrj('PROJCS["unnamed",GEOGCS["China Geodetic Coordinate System 2000"],PROJECTION["Transverse_Mercator"],PARAMETER["central_meridian",120],PARAMETER["false_easting",500000]]')).toBe('EPSG:4549');
    expect(crsFromPrj('GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000"]]')).toBe('cgcs2000');
    expect(crsFromPrj('GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]]]')).toBe('wgs84');
    expect(crsFromPrj('PROJCS["WGS_1984_Web_Mercator_Auxiliary_Sphere",GEOGCS["GCS_WGS_1984"]]')).toBe('EPSG:3857');
    expect(crsFromPrj('PROJCS["Xian 1980 / 3-degree Gauss-Kruger zone 39",AUTHORITY["EPSG","2363"]]')).toBeUndefined();
  });
});

describe('formats', () => {
  it('XLSX (exceljs-written): Chinese headers, numbers and text, rows numbered as Excel shows them', async () => {
    const { app } = await writableTestApp();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('项目');
    ws.addRow(['项目名称', '经度', '纬度', '状态', '所属措施']);
    ws.addRow(PLACES[0].name ? [PLACES[0].name, PLACES[0].lonlat[0], PLACES[0].lonlat[1], '规划', '2'] : []);
    ws.addRow([]);
    ws.addRow([PLACES[1].name, String(PLACES[1].lonlat[0]), String(PLACES[1].lonlat[1]), '', 2]);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const res = await upload(app, '清单.xlsx', bytes, { layer: 'places' });
    expect(res.status).toBe(200);
    const p = await res.json();
    expect(p.file.format).toBe('xlsx');
    expect(p.summary).toMatchObject({ rows: 2, create: 2 });
    expect(byName(p, PLACES[0].name).properties).toMatchObject({ status: 'planned', measures: [2], _import: { row: 2 } });
    expect(byName(p, PLACES[1].name).properties).toMatchObject({ status: 'unknown', _import: { row: 4 } });
    expect(byName(p, PLACES[1].name).geometry.coordinates).toEqual(PLACES[1].lonlat);
  });

  it('a zipped Shapefile written by GDAL in CGCS2000 GK zone 39 with GBK attributes: .prj and .cpg read, within 1 m', async () => {
    const ogr2ogr = requireGdal('ogr2ogr');
    const dir = mkdtempSync(join(tmpdir(), 'sgm-shp-'));
    try {
      const fc = { type: 'FeatureCollection', features: PLACES.map((p) => ({ type: 'Feature', properties: { 名称: p.name, 措施: '2' }, geometry: { type: 'Point', coordinates: p.lonlat } })) };
      writeFileSync(join(dir, 'in.geojson'), JSON.stringify(fc));
      execFileSync(ogr2ogr, ['-f', 'ESRI Shapefile', '-t_srs', 'EPSG:4527', '-lco', 'ENCODING=GBK', join(dir, 'parks.shp'), join(dir, 'in.geojson')]);
      const files = Object.fromEntries(readdirSync(dir).filter((f) => f.startsWith('parks.')).map((f) => [f, new Uint8Array(readFileSync(join(dir, f)))]));
      expect(Object.keys(files).sort()).toEqual(['parks.cpg', 'parks.dbf', 'parks.prj', 'parks.shp', 'parks.shx']);
      const { app } = await writableTestApp();
      const p = await (await upload(app, 'parks.zip', zipSync(files), { layer: 'places' })).json();
      expect(p.file).toMatchObject({ format: 'shapefile', encoding: expect.stringMatching(/GBK|936/i) });
      expect(p.crs).toMatchObject({ id: 'EPSG:4527', stated: 'EPSG:4527' });
      for (const place of PLACES) expect(metres(byName(p, place.name).geometry.coordinates, place.lonlat)).toBeLessThan(1);
      // Without the .cpg the GBK text is still read (the .dbf's language byte, else not UTF-8 → GBK).
      const { 'parks.cpg': _cpg, ...noCpg } = files;
      void _cpg;
      const q = await (await upload(app, 'parks.zip', zipSync(noCpg), { layer: 'places' })).json();
      expect(q.features.features.map((f: Feat) => f.properties.name).sort()).toEqual(PLACES.map((x) => x.name).sort());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('KML, KMZ and GPX: placemarks and waypoints with their names', async () => {
    const { app } = await writableTestApp();
    const kml = readFileSync(join(FIX, 'places.kml'));
    const a = await (await upload(app, 'places.kml', kml, { layer: 'places', defaults: '{"measures":[2]}' })).json();
    expect(a.file.format).toBe('kml');
    expect(a.features.features.map((f: Feat) => f.properties.name)).toEqual(PLACES.map((p) => p.name));
    expect(byName(a, PLACES[0].name).geometry.coordinates).toEqual(PLACES[0].lonlat);
    const b = await (await upload(app, 'places.kmz', zipSync({ 'doc.kml': new Uint8Array(kml) }), { layer: 'places', defaults: '{"measures":[2]}' })).json();
    expect(b.file.format).toBe('kmz');
    expect(b.summary.create).toBe(2);
    const gpx = `<?xml version="1.0"?><gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">${PLACES.map((p) => `<wpt lat="${p.lonlat[1]}" lon="${p.lonlat[0]}"><name>${p.name}</name></wpt>`).join('')}</gpx>`;
    const c = await (await upload(app, 'places.gpx', gpx, { layer: 'places', defaults: '{"measures":[2]}' })).json();
    expect(c.file.format).toBe('gpx');
    expect(byName(c, PLACES[1].name).geometry.coordinates).toEqual(PLACES[1].lonlat);
  });

  it('GeoJSON in Web Mercator (its crs member says EPSG:3857) and a CSV in GK zone 39 with surveyors\' X = northing, within 1 m', async () => {
    const { app } = await writableTestApp();
    const merc = parseCrs('EPSG:3857');
    const fc = { type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::3857' } }, features: PLACES.map((p) => ({ type: 'Feature', properties: { name: p.name, measures: [2] }, geometry: { type: 'Point', coordinates: merc.fromWgs84(p.lonlat) } })) };
    const a = await (await upload(app, 'merc.geojson', JSON.stringify(fc), { layer: 'places' })).json();
    expect(a.crs).toMatchObject({ id: 'EPSG:3857', stated: 'EPSG:3857' });
    for (const place of PLACES) expect(metres(byName(a, place.name).geometry.coordinates, place.lonlat)).toBeLessThan(1);
    const [e, n] = GDAL_118_03_28_43['EPSG:4527'];
    const b = await (await upload(app, 'gk.csv', `名称,X,Y,所属措施\n${PLACES[0].name},${n},${e},2\n`, { layer: 'places', crs: 'EPSG:4527', mapping: '{"X":"lat","Y":"lon"}' })).json();
    expect(metres(b.features.features[0].geometry.coordinates, PLACES[0].lonlat)).toBeLessThan(1);
    const c = await (await upload(app, 'gk.csv', `名称,X,Y,所属措施\n${PLACES[0].name},${n},${e},2\n`, { layer: 'places', crs: 'EPSG:4527', mapping: '{"X":"lon","Y":"lat"}' })).json();
    expect(metres(c.features.features[0].geometry.coordinates, PLACES[0].lonlat)).toBeLessThan(1);
    expect(c.problems).toContainEqual(expect.objectContaining({ row: null, severity: 'warning', message: expect.stringContaining('surveying order') }));
  });

  it('a WKT column gives lines and polygons', async () => {
    const { app } = await writableTestApp();
    const csv = '名称,WKT,所属措施\n测试管线,"LINESTRING (117.5 28.5, 117.6 28.6)",13\n';
    const p = await (await upload(app, 'lines.csv', csv, { layer: 'pipes' })).json();
    expect(p.features.features[0].geometry).toEqual({ type: 'LineString', coordinates: [[117.5, 28.5], [117.6, 28.6]] });
  });
});

describe('bad files', () => {
  it('a zip bomb is refused before anything is unpacked', async () => {
    const { app } = await writableTestApp();
    const bomb = zipSync({ 'a.shp': new Uint8Array(20 * 1024 * 1024), 'a.dbf': new Uint8Array(10) }, { level: 9 });
    expect(bomb.length).toBeLessThan(100_000);
    const res = await upload(app, 'bomb.zip', bomb, { layer: 'places' });
    expect(res.status).toBe(422);
    const err = (await res.json()).error;
    expect(err.code).toBe('zip_bomb');
    expect(err.message).toContain('a.shp');
  });

  it('a zip with ../ or absolute paths is refused', async () => {
    const { app } = await writableTestApp();
    for (const name of ['../evil.shp', '/etc/evil.shp', 'x\\..\\evil.shp']) {
      const res = await upload(app, 'evil.zip', zipSync({ [name]: new Uint8Array([1, 2, 3]) }), { layer: 'places' });
      expect(res.status, name).toBe(422);
      expect((await res.json()).error.code).toBe('zip_unsafe_path');
    }
  });

  it('a zip with more entries than IMPORT_MAX_ZIP_ENTRIES is refused', () => {
    const many = zipSync(Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`f${i}.txt`, new Uint8Array([i])])));
    expect(() => listZip(many, { ...DEFAULT_IMPORT_LIMITS, maxZipEntries: 10 }, 'zip')).toThrow(/12 entries, more than the limit of 10/);
  });

  it('KML with a DOCTYPE / ENTITY (external entity, billion laughs) is refused before parsing', async () => {
    const { app } = await writableTestApp();
    const res = await upload(app, 'xxe.kml', readFileSync(join(FIX, 'entities.kml')), { layer: 'places' });
    expect(res.status).toBe(422);
    expect((await res.json()).error.code).toBe('xml_entities');
  });

  it('a file named .xlsx that is not a workbook: 415 naming it; an .xls: 415 saying to save as .xlsx', async () => {
    const { app } = await writableTestApp();
    const res = await upload(app, 'list.xlsx', readFileSync(join(FIX, 'not-a-workbook.xlsx')), { layer: 'places' });
    expect(res.status).toBe(415);
    expect((await res.json()).error.message).toContain('not an Excel workbook');
    const xls = await upload(app, 'old.xlsx', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), { layer: 'places' });
    expect(xls.status).toBe(415);
    expect((await xls.json()).error.message).toContain('.xls');
  });

  it('100k rows of one point: refused as a broken position column, naming the position', async () => {
    const { app } = await writableTestApp();
    const lines = ['名称,经度,纬度,所属措施'];
    for (let i = 0; i < 100_000; i++) lines.push(`项目${i},117.5,28.5,4`);
    const res = await upload(app, 'same.csv', lines.join('\n'), { layer: 'places' });
    expect(res.status).toBe(422);
    const err = (await res.json()).error;
    expect(err.code).toBe('same_position');
    expect(err.message).toContain('100000 of 100000');
  }, 60_000);

  it('duplicates of an earlier row (same name, same position) are problems naming that row', async () => {
    const { app } = await writableTestApp();
    const p = await (await upload(app, 'dup.csv', '名称,经度,纬度,所属措施\n甲,117.2,28.2,4\n乙,117.3,28.3,4\n甲,117.2,28.2,4\n', { layer: 'places' })).json();
    expect(p.summary).toMatchObject({ create: 2, left_out: 1 });
    expect(p.problems).toContainEqual(expect.objectContaining({ row: 4, severity: 'error', message: expect.stringContaining('line 2') }));
  });
});
