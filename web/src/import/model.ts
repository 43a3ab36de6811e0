/**
 * The import flow's pure side (docs/contract.md, "Files"): what the file input accepts, the
 * coordinate systems offered, the fields a column can map to, and reading the server's preview —
 * counts of new / updated features and rows with problems, its bounds, and the problems as CSV.
 * Tested without a browser (test/web/import-model.test.ts).
 */
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { BBox } from '../../../core/filters';
import { CSV_BOM, csvCell } from '../lib/export';

/** File kinds the server reads (issue 16): GeoJSON, CSV (also .txt/.tsv text tables), XLSX, zipped Shapefile, KML/KMZ, GPX. */
export const ACCEPT = '.geojson,.json,.csv,.txt,.tsv,.xlsx,.zip,.kml,.kmz,.gpx';

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
  /** `error`: the row is left out; `warning`: the row is kept, look at it. */
  severity: 'error' | 'warning';
}

export type ImportAction = 'create' | 'update' | 'unchanged';

/** Where a server-side import is (GET /api/imports/{id}): parsing with progress, ready, applied, failed. */
export interface ImportJob {
  id: string;
  state: 'parsing' | 'ready' | 'applying' | 'applied' | 'failed';
  /** Rows looked at so far, of `total` (0 while the file itself is read). */
  done: number;
  total: number;
  /** Why the file was refused (state failed). */
  error?: string;
  /** With a refusal a mapping can fix (no name or position column …): the file's columns, for the mapping step. */
  errorColumns?: ImportColumn[];
}

/** A column of the file and up to 3 of its values. */
export interface ImportColumn {
  name: string;
  samples: string[];
}

/** A preview as the pages use it, normalised from the server's answer by {@link readPreview}. */
export interface ImportPreview {
  id: string;
  features: FeatureCollection<Geometry, Record<string, unknown>>;
  problems: ImportProblem[];
  /** Every column of the file, in order, with a few sample values: the server's `columns`, else the mapped ones (no samples). */
  columns: ImportColumn[];
  /** column → field as the server applied it (its guess, then the mapping sent). */
  mapping: Record<string, string>;
  /** The file's words per field and what the server read each as, e.g. status: { 已完成: completed, 竣工验收: null (not known) }. */
  values: Record<string, Record<string, string | null>>;
  /** The server's counts, when it gives them. */
  summary?: { create: number; update: number; unchanged: number; left_out: number };
  /** What the server says about the file as a whole (encoding, CRS taken as …), already bilingual. */
  notes: string[];
  /** The CRS used (as an option of ours, when it is one). */
  crs?: CrsValue;
  /** The CRS the file itself states (.prj, GeoJSON crs), when it states one we offer. */
  crsStated?: CrsValue;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const stringRecord = (v: unknown): Record<string, string> =>
  isRecord(v) ? Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string')) : {};
const count = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);
const JOB_STATES: readonly ImportJob['state'][] = ['parsing', 'ready', 'applying', 'applied', 'failed'];

/** The state of an import, checked at the boundary; an answer without `state` is a finished preview. */
export function readJob(body: unknown): ImportJob {
  if (!isRecord(body) || (typeof body.id !== 'string' && typeof body.id !== 'number')) throw new Error('The preview has no id.');
  const state = JOB_STATES.includes(body.state as ImportJob['state']) ? (body.state as ImportJob['state']) : 'ready';
  const error = isRecord(body.error) && typeof body.error.message === 'string' ? body.error.message : undefined;
  const errorColumns = isRecord(body.error) && Array.isArray(body.error.columns) ? readColumns(body.error.columns) : undefined;
  return { id: String(body.id), state, done: count(body.done), total: count(body.total), ...(error ? { error } : {}), ...(errorColumns?.length ? { errorColumns } : {}) };
}

/** The server's `columns` ([{name, samples}], or plain names), checked at the boundary. */
export function readColumns(list: readonly unknown[]): ImportColumn[] {
  return list.flatMap((c): ImportColumn[] =>
    typeof c === 'string' ? [{ name: c, samples: [] }] : isRecord(c) && typeof c.name === 'string' ? [{ name: c.name, samples: Array.isArray(c.samples) ? c.samples.filter((x): x is string => typeof x === 'string') : [] }] : [],
  );
}

/**
 * The server's preview, checked at the boundary: `id`, `features`, `problems` as the contract says;
 * `columns`, `mapping`, `values`, `summary`, `notes` and `crs` ({id, stated}) read when present.
 * Throws on a body without an id or a FeatureCollection.
 */
export function readPreview(body: unknown): ImportPreview {
  const { id } = readJob(body);
  const b = body as Record<string, unknown>;
  const fc = b.features;
  if (!isRecord(fc) || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) throw new Error('The preview has no FeatureCollection.');
  const problems = (Array.isArray(b.problems) ? b.problems : []).filter(isRecord).map(
    (p): ImportProblem => ({
      row: typeof p.row === 'number' ? p.row : null,
      field: typeof p.field === 'string' ? p.field : null,
      message: typeof p.message === 'string' ? p.message : String(p.message ?? ''),
      severity: p.severity === 'warning' ? 'warning' : 'error',
    }),
  );
  const mapping = stringRecord(b.mapping);
  const columns: ImportColumn[] = Array.isArray(b.columns)
    ? readColumns(b.columns)
    : isRecord(b.mapping)
      ? Object.keys(b.mapping).map((name) => ({ name, samples: [] }))
      : [];
  const values = isRecord(b.values)
    ? Object.fromEntries(
        Object.entries(b.values).map(([k, v]) => [k, isRecord(v) ? Object.fromEntries(Object.entries(v).filter((e): e is [string, string | null] => typeof e[1] === 'string' || e[1] === null)) : {}]),
      )
    : {};
  const summary = isRecord(b.summary) ? { create: count(b.summary.create), update: count(b.summary.update), unchanged: count(b.summary.unchanged), left_out: count(b.summary.left_out) } : undefined;
  const notes = Array.isArray(b.notes) ? b.notes.filter((n): n is string => typeof n === 'string') : [];
  const crsBody = isRecord(b.crs) ? b.crs : undefined;
  const crs = crsOption(typeof b.crs === 'string' ? b.crs : typeof crsBody?.id === 'string' ? crsBody.id : undefined);
  const crsStated = crsOption(typeof crsBody?.stated === 'string' ? crsBody.stated : undefined);
  return {
    id,
    features: fc as unknown as ImportPreview['features'],
    problems,
    columns,
    mapping,
    values,
    notes,
    ...(summary ? { summary } : {}),
    ...(crs ? { crs } : {}),
    ...(crsStated ? { crsStated } : {}),
  };
}

/** What applying does with a previewed feature (`_import.action`; a matched id without an action: update). */
export function previewAction(f: Feature<Geometry | null, Record<string, unknown> | null>): ImportAction {
  const meta = f.properties?._import;
  if (isRecord(meta)) {
    if (meta.action === 'update' || meta.action === 'create' || meta.action === 'unchanged') return meta.action;
    if (typeof meta.matched_id === 'string' && meta.matched_id) return 'update';
  }
  return 'create';
}

export interface PreviewCounts {
  created: number;
  updated: number;
  unchanged: number;
  /** Rows left out: the server's count, else distinct rows with an error (an error of the whole file counts as one). */
  leftOut: number;
  /** Problems that keep their row. */
  warnings: number;
}

export function countPreview(p: Pick<ImportPreview, 'features' | 'problems' | 'summary'>): PreviewCounts {
  const n = { create: 0, update: 0, unchanged: 0 };
  for (const f of p.features.features) n[previewAction(f)]++;
  const errorRows = new Set(p.problems.filter((x) => x.severity === 'error').map((x) => (x.row === null ? 'file' : x.row)));
  const warnings = p.problems.filter((x) => x.severity === 'warning').length;
  if (p.summary) return { created: p.summary.create, updated: p.summary.update, unchanged: p.summary.unchanged, leftOut: p.summary.left_out, warnings };
  return { created: n.create, updated: n.update, unchanged: n.unchanged, leftOut: errorRows.size, warnings };
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
export function problemsToCsv(problems: readonly ImportProblem[], headers: { row: string; field: string; severity: string; message: string }, severityText: (s: ImportProblem['severity']) => string): string {
  const lines = [[headers.row, headers.field, headers.severity, headers.message], ...problems.map((p) => [p.row ?? '', p.field ?? '', severityText(p.severity), p.message])];
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

/**
 * The status words to send as `values`: the words the user chose a status for that differ from what
 * the server read them as (the server keeps its own reading for the rest).
 */
export function valuesToSend(chosen: Record<string, string>): { status: Record<string, string> } | undefined {
  const status = Object.fromEntries(Object.entries(chosen).filter(([, v]) => v !== ''));
  return Object.keys(status).length ? { status } : undefined;
}

/** The `defaults` to send: the fields given a value (blank ones left to the file and the server's fallbacks). */
export function sentDefaults(defaults: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(defaults).filter(([, v]) => v.trim() !== ''));
}

/** Whether a file name is one of the kinds in {@link ACCEPT} (the server decides in the end). */
export function acceptedFile(name: string): boolean {
  const lower = name.toLowerCase();
  return ACCEPT.split(',').some((ext) => lower.endsWith(ext));
}
