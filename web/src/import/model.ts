/**
 * The import flow's pure side (docs/contract.md, "Files"): what the file input accepts, the
 * coordinate systems offered, the fields a column can map to, and reading the server's preview —
 * counts of new / updated features and rows with problems, its bounds, and the problems as CSV.
 * Tested without a browser (test/web/import-model.test.ts).
 */
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { BBox } from '../../../core/filters';
import { CSV_BOM, csvCell } from '../lib/export';

/** File kinds the server reads (issue 16): GeoJSON, CSV, XLSX, zipped Shapefile, KML/KMZ, GPX. */
export const ACCEPT = '.geojson,.json,.csv,.xlsx,.zip,.kml,.kmz,.gpx';

/**
 * Coordinate systems offered, as the `crs` form value the contract names (`wgs84`, `cgcs2000`,
 * `gcj02`, `bd09` or `EPSG:n`). The Gauss–Krüger entries are the CGCS2000 3° zones over Shangrao
 * (116.0°–118.8° E): zone 39 (central meridian 117° E, 115.5°–118.5°) and zone 40 (120° E, the
 * eastern edge), with the zone number in front of the easting (EPSG:4527, 4528) and without it
 * (the "CM" variants, EPSG:4548, 4549).
 */
export const CRS_OPTIONS = [
  { value: 'wgs84', key: 'import.crs.wgs84' },
  { value: 'cgcs2000', key: 'import.crs.cgcs2000' },
  { value: 'gcj02', key: 'import.crs.gcj02' },
  { value: 'bd09', key: 'import.crs.bd09' },
  { value: 'EPSG:3857', key: 'import.crs.webMercator' },
  { value: 'EPSG:4527', key: 'import.crs.gk39' },
  { value: 'EPSG:4528', key: 'import.crs.gk40' },
  { value: 'EPSG:4548', key: 'import.crs.gk117' },
  { value: 'EPSG:4549', key: 'import.crs.gk120' },
] as const;
export type CrsValue = (typeof CRS_OPTIONS)[number]['value'];

/** The form value of a CRS the server reports (from a .prj), or undefined when it is none we offer. */
export function crsOption(reported: string | null | undefined): CrsValue | undefined {
  if (!reported) return undefined;
  const r = reported.trim();
  const lower = r.toLowerCase();
  const named: Record<string, CrsValue> = { wgs84: 'wgs84', 'epsg:4326': 'wgs84', cgcs2000: 'cgcs2000', 'epsg:4490': 'cgcs2000', gcj02: 'gcj02', bd09: 'bd09', 'epsg:900913': 'EPSG:3857' };
  if (named[lower]) return named[lower];
  const epsg = /^epsg:(\d+)$/i.exec(r);
  return epsg ? CRS_OPTIONS.find((o) => o.value === `EPSG:${epsg[1]}`)?.value : undefined;
}

/**
 * Fields offered for a column: the (name, name_en, measures, status, status date, precision,
 * note, source), the position (lon/lat or a WKT column), and id, county, layer ("by a column").
 * A field the server guessed that is not listed here is offered too, under its own name.
 */
export const IMPORT_FIELDS = ['name', 'name_en', 'measures', 'status', 'status_date', 'precision', 'note', 'source', 'lon', 'lat', 'wkt', 'id', 'county', 'layer'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** The layer choice meaning "each row names its layer in a column". */
export const BY_COLUMN = '';

/** One problem of a preview: the row (line or record number) and field it concerns, when known. */
export interface ImportProblem {
  row: number | null;
  field: string | null;
  message: string;
}

export type ImportAction = 'create' | 'update';

/** A preview as the pages use it, normalised from the server's answer by {@link readPreview}. */
export interface ImportPreview {
  id: string;
  features: FeatureCollection<Geometry, Record<string, unknown>>;
  problems: ImportProblem[];
  /** The columns of the file, in order, when the server says. */
  columns: string[];
  /** column → field as the server applied it (its guess, or the mapping sent). */
  mapping: Record<string, string>;
  /** Value mapping the server applied, e.g. status: { 已完成: completed }. */
  values: Record<string, Record<string, string>>;
  /** The CRS read from the file (.prj), when there was one. */
  crs?: CrsValue;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const stringRecord = (v: unknown): Record<string, string> =>
  isRecord(v) ? Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string')) : {};

/**
 * The server's preview, checked at the boundary: `id`, `features`, `problems` as the contract says;
 * `columns`, `mapping`, `values` and the detected `crs` read when present. Throws on a body without
 * an id or a FeatureCollection.
 */
export function readPreview(body: unknown): ImportPreview {
  if (!isRecord(body) || (typeof body.id !== 'string' && typeof body.id !== 'number')) throw new Error('The preview has no id.');
  const fc = body.features;
  if (!isRecord(fc) || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) throw new Error('The preview has no FeatureCollection.');
  const problems = (Array.isArray(body.problems) ? body.problems : []).filter(isRecord).map(
    (p): ImportProblem => ({
      row: typeof p.row === 'number' ? p.row : null,
      field: typeof p.field === 'string' ? p.field : null,
      message: typeof p.message === 'string' ? p.message : String(p.message ?? ''),
    }),
  );
  const mapping = stringRecord(body.mapping);
  const columns = Array.isArray(body.columns) ? body.columns.filter((c): c is string => typeof c === 'string') : isRecord(body.mapping) ? Object.keys(body.mapping) : [];
  const values = isRecord(body.values) ? Object.fromEntries(Object.entries(body.values).map(([k, v]) => [k, stringRecord(v)])) : {};
  const crs = crsOption(typeof body.crs === 'string' ? body.crs : isRecord(body.crs) && typeof body.crs.detected === 'string' ? body.crs.detected : undefined);
  return { id: String(body.id), features: fc as unknown as ImportPreview['features'], problems, columns, mapping, values, ...(crs ? { crs } : {}) };
}

/** Whether a previewed feature updates an existing one (`_import.action`, or `_import.matched_id`) or is new. */
export function previewAction(f: Feature<Geometry | null, Record<string, unknown> | null>): ImportAction {
  const meta = f.properties?._import;
  if (isRecord(meta)) {
    if (meta.action === 'update' || meta.action === 'create') return meta.action;
    if (typeof meta.matched_id === 'string' && meta.matched_id) return 'update';
  }
  return 'create';
}

export interface PreviewCounts {
  created: number;
  updated: number;
  /** Distinct rows with at least one problem (problems of the whole file count as one). */
  problemRows: number;
}

export function countPreview(p: Pick<ImportPreview, 'features' | 'problems'>): PreviewCounts {
  let created = 0;
  let updated = 0;
  for (const f of p.features.features) if (previewAction(f) === 'update') updated++;
  else created++;
  const rows = new Set(p.problems.map((x) => (x.row === null ? 'file' : x.row)));
  return { created, updated, problemRows: rows.size };
}

/** The preview's bounds [w, s, e, n], or null when it has no coordinates. */
export function previewBounds(fc: FeatureCollection<Geometry | null>): BBox | null {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  const visit = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number' && typeof c[1] === 'number') {
      w = Math.min(w, c[0]);
      e = Math.max(e, c[0]);
      s = Math.min(s, c[1]);
      n = Math.max(n, c[1]);
    } else for (const x of c) visit(x);
  };
  const visitGeometry = (g: Geometry | null): void => {
    if (!g) return;
    if (g.type === 'GeometryCollection') g.geometries.forEach(visitGeometry);
    else visit(g.coordinates);
  };
  for (const f of fc.features) visitGeometry(f.geometry);
  return Number.isFinite(w) ? [w, s, e, n] : null;
}

/** The problems as CSV (UTF-8 with BOM so Excel reads Chinese, CRLF); headers in the UI language. */
export function problemsToCsv(problems: readonly ImportProblem[], headers: { row: string; field: string; message: string }): string {
  const lines = [[headers.row, headers.field, headers.message], ...problems.map((p) => [p.row ?? '', p.field ?? '', p.message])];
  return CSV_BOM + lines.map((l) => l.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** The mapping to send: every column with its field, `null` for a column not imported (the empty choice). */
export function mappingToSend(mapping: Record<string, string>): Record<string, string | null> {
  return Object.fromEntries(Object.entries(mapping).map(([col, f]) => [col, f.trim() ? f : null]));
}

/** The fields offered for a column: ours, and the one the server chose for it when that is another. */
export function fieldChoices(current: string | undefined): string[] {
  const ours: readonly string[] = IMPORT_FIELDS;
  return current && !ours.includes(current) ? [...ours, current] : [...ours];
}

/** Whether a file name is one of the kinds in {@link ACCEPT} (the server decides in the end). */
export function acceptedFile(name: string): boolean {
  const lower = name.toLowerCase();
  return ACCEPT.split(',').some((ext) => lower.endsWith(ext));
}
