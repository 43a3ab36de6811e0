/**
 * A zipped Shapefile of features (already in the coordinates asked for): one .shp/.shx/.dbf/.prj/.cpg
 * set per shape type — points, lines (LineString, MultiLineString), polygons (Polygon,
 * MultiPolygon), multipoints if any — plus a README.txt saying the coordinate system and the
 * field names.
 *
 * - .dbf by `dbffile` in UTF-8 (the .cpg says `UTF-8`; GDAL and our import read Chinese names
 *   from it). Every field is text (C), as in the CSV export: lists as `4,5`, objects as JSON.
 *   dBase field names have at most 10 characters: `DBF_FIELD_NAMES` is the mapping (the import
 *   knows these names, server/import/mapping.ts). A text field holds at most 254 bytes (84
 *   Chinese characters): a longer value is cut on a character boundary and ends with `…`
 *   (`CUT_MARK`); the import leaves such a cut value out, so the stored text stays.
 * - .prj is WGS 84. With crs=gcj02 the coordinates are GCJ-02, which has no EPSG code and no
 *   .prj: the .prj still says WGS 84 (as 高德/百度 tiles are used in GIS software) and every file is
 *   named `*_gcj02` and the README.txt says so; import such a file with crs=gcj02.
 * - GeometryCollections have no shapefile type: they are left out and the README.txt names them.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DBFFile, type FieldDescriptor } from 'dbffile';
import { zipSync, strToU8 } from 'fflate';
import type { Feature, Geometry } from 'geojson';
import { columnsOf, rowOf } from './rows';
import { shapeKindOf, writeShp, type ShapeKind } from './shp';

/** Our property names → dBase field names (≤ 10 characters). Others: upper-cased, cut to 10, made unique. */
export const DBF_FIELD_NAMES: Record<string, string> = {
  id: 'ID', name: 'NAME', name_en: 'NAME_EN', layer: 'LAYER', measures: 'MEASURES', status: 'STATUS',
  status_date: 'STATUS_DT', status_evidence: 'STATUS_EV', clause: 'CLAUSE', quote: 'QUOTE', precision: 'PRECISION',
  outside: 'OUTSIDE', zone: 'ZONE', aims: 'AIMS', location_note: 'LOC_NOTE', location_note_en: 'LOC_NOTE_E',
  sources: 'SOURCES', location_source: 'LOC_SOURCE', plan_counties: 'PLAN_CNTY', existing: 'EXISTING',
  internal_note: 'INT_NOTE', counties: 'COUNTIES',
};

export const WGS84_PRJ =
  'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';

/** Largest dBase text field, in bytes. */
export const DBF_TEXT_BYTES = 254;
/** What a cut value ends with. */
export const CUT_MARK = '…';
const CUT_MIN_BYTES = DBF_TEXT_BYTES - 5;

/** True for a value as `fitText` leaves a cut one (the import drops these). */
export const isCutText = (s: string) => s.endsWith(CUT_MARK) && Buffer.byteLength(s) >= CUT_MIN_BYTES;

/** `s` within DBF_TEXT_BYTES of UTF-8: longer text (or text that would read as cut) is cut on a character boundary and ends with CUT_MARK. */
export function fitText(s: string): { text: string; cut: boolean } {
  if (Buffer.byteLength(s) <= DBF_TEXT_BYTES && !isCutText(s)) return { text: s, cut: false };
  let out = '';
  let bytes = 0;
  const room = DBF_TEXT_BYTES - Buffer.byteLength(CUT_MARK);
  for (const ch of s) {
    const b = Buffer.byteLength(ch);
    if (bytes + b > room) break;
    out += ch;
    bytes += b;
  }
  return { text: out + CUT_MARK, cut: true };
}

/** Unique dBase names (ASCII, ≤ 10 characters) for `columns`. */
export function dbfNames(columns: readonly string[]): string[] {
  const used = new Set<string>();
  return columns.map((c, i) => {
    const base = DBF_FIELD_NAMES[c] ?? (c.toUpperCase().replace(/[^A-Z0-9_]/g, '_').replace(/^_+/, '').slice(0, 10) || `FIELD${i + 1}`);
    let name = base;
    for (let k = 2; used.has(name); k++) name = base.slice(0, 10 - String(k).length - 1) + '_' + k;
    used.add(name);
    return name;
  });
}

const SET_NAMES: Record<ShapeKind, string> = { point: 'points', line: 'lines', polygon: 'polygons', multipoint: 'multipoints' };

async function dbfBytes(fields: FieldDescriptor[], records: Record<string, string>[]): Promise<Uint8Array> {
  const dir = await mkdtemp(join(tmpdir(), 'srgm-dbf-'));
  try {
    const path = join(dir, 'x.dbf');
    const dbf = await DBFFile.create(path, fields, { encoding: 'utf-8' });
    if (records.length) await dbf.appendRecords(records);
    return new Uint8Array(await readFile(path));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface ShapefileExport {
  zip: Uint8Array;
  /** Set name → feature count, e.g. { points: 28, lines: 7 }. */
  sets: Record<string, number>;
  /** Values cut at DBF_TEXT_BYTES. */
  cut: number;
  /** ids of features left out (GeometryCollections). */
  leftOut: string[];
}

export async function shapefileZip(features: readonly Feature[], opts: { gcj02: boolean; stem: string }): Promise<ShapefileExport> {
  const groups = new Map<ShapeKind, Feature[]>();
  const leftOut: string[] = [];
  for (const f of features) {
    const kind = f.geometry ? shapeKindOf(f.geometry) : null;
    if (!kind) {
      leftOut.push(String(f.properties?.id ?? f.id ?? '?'));
      continue;
    }
    groups.set(kind, [...(groups.get(kind) ?? []), f]);
  }
  const files: Record<string, Uint8Array> = {};
  const sets: Record<string, number> = {};
  const mapping = new Map<string, string>();
  let cut = 0;
  const suffix = opts.gcj02 ? '_gcj02' : '';
  for (const kind of ['point', 'line', 'polygon', 'multipoint'] as ShapeKind[]) {
    const group = groups.get(kind);
    if (!group) continue;
    const columns = columnsOf(group).filter((c) => c !== 'lon' && c !== 'lat' && c !== 'wkt');
    const names = dbfNames(columns);
    columns.forEach((c, i) => mapping.set(c, names[i]));
    const records = group.map((f) => {
      const cells = rowOf(f, columns);
      const r: Record<string, string> = {};
      cells.forEach((v, i) => {
        const fitted = fitText(String(v));
        if (fitted.cut) cut++;
        r[names[i]] = fitted.text;
      });
      return r;
    });
    const fields: FieldDescriptor[] = names.map((name) => ({
      name,
      type: 'C',
      size: Math.max(1, ...records.map((r) => Buffer.byteLength(r[name]))),
    }));
    const { shp, shx } = writeShp(kind, group.map((f) => f.geometry as Geometry));
    const base = `${SET_NAMES[kind]}${suffix}`;
    files[`${base}.shp`] = shp;
    files[`${base}.shx`] = shx;
    files[`${base}.dbf`] = await dbfBytes(fields, records);
    files[`${base}.prj`] = strToU8(WGS84_PRJ);
    files[`${base}.cpg`] = strToU8('UTF-8');
    sets[SET_NAMES[kind]] = group.length;
  }
  const readme = [
    `${opts.stem} — 上饶市绿色低碳发展地图 · Shangrao Green Map`,
    '',
    opts.gcj02
      ? '坐标：GCJ-02（高德/腾讯）。GCJ-02 没有 EPSG 编号，.prj 写的是 WGS 84，但坐标是 GCJ-02。导入时请选择 GCJ-02。\nCoordinates: GCJ-02 (AMap/Tencent). GCJ-02 has no EPSG code: the .prj says WGS 84 but the coordinates are GCJ-02 (files named *_gcj02). Import them with crs=gcj02.'
      : '坐标：WGS 84（EPSG:4326）。\nCoordinates: WGS 84 (EPSG:4326).',
    '',
    '文字编码 UTF-8（.cpg）。Text encoding: UTF-8 (.cpg).',
    `字段超过 254 字节的内容被截断，以"${CUT_MARK}"结尾（共 ${cut} 处）；完整内容见 GeoJSON/CSV/XLSX 导出。`,
    `Text longer than 254 bytes is cut and ends with "${CUT_MARK}" (${cut} values); GeoJSON/CSV/XLSX exports carry the full text.`,
    '',
    'Files: ' + Object.entries(sets).map(([k, n]) => `${k}${suffix}.shp (${n})`).join(', '),
    ...(leftOut.length ? [`Left out (GeometryCollection, no shapefile type): ${leftOut.join(', ')}`] : []),
    '',
    'Fields (dBase name ← property):',
    ...[...mapping].map(([c, n]) => `  ${n.padEnd(10)} ← ${c}`),
    '',
  ].join('\r\n');
  files['README.txt'] = strToU8('\ufeff' + readme);
  return { zip: zipSync(files, { level: 6 }), sets, cut, leftOut };
}
