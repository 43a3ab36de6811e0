/**
 * A feature as one table row for CSV and XLSX exports: every property under its own name (lists
 * and objects as JSON text), the geometry as WKT (full precision) and, for points, longitude and
 * latitude columns. The import reads these columns back (server/import/mapping.ts knows every
 * name), so export → import is lossless.
 */
import type { Feature, Geometry } from 'geojson';
import wkx from 'wkx';

/** Column order: the schema's order, then anything else, then position columns. */
export const EXPORT_COLUMNS = [
  'id', 'name', 'name_en', 'layer', 'measures', 'status', 'status_date', 'status_evidence', 'clause', 'quote', 'precision', 'outside', 'zone',
  'aims', 'location_note', 'location_note_en', 'sources', 'location_source', 'plan_counties', 'existing', 'internal_note', 'counties',
];

export type Cell = string | number | boolean;

const cell = (v: unknown): Cell => (v === undefined || v === null ? '' : typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : k(v));
const k = (v: unknown) => (Array.isArray(v) && v.every((x) => typeof x === 'number') ? v.join(',') : JSON.stringify(v));

export function columnsOf(features: readonly Feature[]): string[] {
  const keys = new Set<string>();
  for (const f of features) for (const key of Object.keys(f.properties ?? {})) keys.add(key);
  const known = EXPORT_COLUMNS.filter((c) => keys.has(c));
  const other = [...keys].filter((c) => !EXPORT_COLUMNS.includes(c)).sort();
  return [...known, ...other, 'lon', 'lat', 'wkt'];
}

export function rowOf(f: Feature, columns: readonly string[]): Cell[] {
  const p = (f.properties ?? {}) as Record<string, unknown>;
  const g = f.geometry as Geometry;
  return columns.map((c) => {
    if (c === 'lon') return g.type === 'Point' ? g.coordinates[0] : '';
    if (c === 'lat') return g.type === 'Point' ? g.coordinates[1] : '';
    if (c === 'wkt') return wkx.Geometry.parseGeoJSON(g).toWkt();
    return cell(p[c]);
  });
}
