/**
 * Records of a parsed file → the preview: each row's feature in WGS 84 (new, or an update of an
 * existing feature), the writes that would store them, and a problem list row by row. Rows with an
 * `error` problem are left out; `warning`s keep the row. Every kept row has passed the same checks
 * the store makes on a write (server/store/changes.ts), so applying the preview cannot fail on
 * validation — only on a feature changed by someone else since (412, nothing applied).
 */
import { randomBytes } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { Feature, Geometry, Position } from 'geojson';
import gcoord from 'gcoord';
import wkx from 'wkx';
import { normalizeCountyCode, MEASURE_NUMERALS, COUNTY_CODES, type Status } from '../../core/contract';
import type { DataGeometry, FeatureProperties, Layer, Measure } from '../../core/schema';
import { checkStatusEvidence, diffFeatures, prepareUpdate, validateFeature } from '../store/changes';
import type { CountyIndex } from '../store/membership';
import { WriteError, type FeatureWrite, type StoredFeature } from '../store/types';
import type { Crs } from './crs';
import { ImportError } from './errors';
import { coordinateOf, measuresOf, precisionOf, statusOf, type ImportField } from './mapping';
import { yielder, type FieldValue, type SourceRecord, type SourceTable } from './source';

export interface Problem {
  /** The row as the user finds it in the file (CSV line, sheet row, feature number); null for the whole file. */
  row: number | null;
  /** The field (or column) concerned; null when it is the row or file as a whole. */
  field: string | null;
  message: string;
  /** `error`: the row is left out. `warning`: the row is kept; look at it. */
  severity: 'error' | 'warning';
}

/** What the preview says about each feature (`properties._import`). */
export interface ImportMark {
  action: 'create' | 'update' | 'unchanged';
  row: number;
  /** For update / unchanged: the existing feature's id, and whether it was found by id or by name within its county. */
  matched_id?: string;
  matched_by?: 'id' | 'name';
  /** For update: the fields that would change. */
  fields?: string[];
}

export type PreviewFeature = Feature<DataGeometry, FeatureProperties & { _import: ImportMark }>;

/** What the import needs of a layer (the registry's entry as /api/layers serves it). */
export type ImportLayer = Pick<Layer, 'id' | 'name' | 'name_en' | 'geometry'>;

export interface BuildContext {
  fileName: string;
  crs: Crs;
  /** The target layer, or undefined: "by a column" (each row's `layer`). */
  layer?: ImportLayer;
  layers: ReadonlyMap<string, ImportLayer>;
  measures: ReadonlyMap<number, Measure>;
  countyIndex: CountyIndex;
  /** column → field */
  mapping: Map<string, ImportField>;
  defaults: Partial<Record<ImportField, unknown>>;
  /** An editor limited to these counties: rows outside them are problems. */
  allowedCounties?: string[];
  /** Existing features of the layers concerned: by id, and by layer + name. */
  existing: ExistingIndex;
  today: string;
  /** What rows are called in the file (SourceTable.rowLabel). */
  rowLabel: SourceTable['rowLabel'];
  /** Called now and then with the rows looked at so far. */
  onProgress?: (done: number) => void;
  /** The client's value mapping: a status word of the file → a status (over the built-in words, mapping.ts). */
  statusValues?: Readonly<Record<string, Status>>;
}

export interface ExistingIndex {
  byId(id: string): Promise<StoredFeature | undefined>;
  /** Ids of live features in `layer` named `name` (after NFKC and trimming). */
  idsByName(layer: string, name: string): string[];
}

export interface BuildResult {
  features: PreviewFeature[];
  writes: FeatureWrite[];
  problems: Problem[];
  summary: { rows: number; create: number; update: number; unchanged: number; left_out: number };
}

export const normalName = (s: string) => s.normalize('NFKC').replace(/\s+/g, ' ').trim();

const isBlank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
const text = (v: unknown): string | undefined => (isBlank(v) ? undefined : typeof v === 'string' ? v.trim() : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v));
const jsonish = (v: unknown): unknown => {
  if (typeof v !== 'string') return v;
  // Our CSV export guards formula-leading cells with a ' (as spreadsheets do); take it off again.
  const s = /^'[=+\-@]/.test(v) ? v.trim().slice(1) : v.trim();
  if (s !== v.trim()) return s;
  if (!/^[[{]/.test(s)) return v;
  try {
    return JSON.parse(s);
  } catch {
    return v;
  }
};

/** Every position of a geometry, mapped. */
function mapPositions(g: Geometry, f: (p: Position) => Position): Geometry {
  switch (g.type) {
    case 'Point':
      return { type: 'Point', coordinates: f(g.coordinates) };
    case 'MultiPoint':
      return { type: 'MultiPoint', coordinates: g.coordinates.map(f) };
    case 'LineString':
      return { type: 'LineString', coordinates: g.coordinates.map(f) };
    case 'MultiLineString':
      return { type: 'MultiLineString', coordinates: g.coordinates.map((l) => l.map(f)) };
    case 'Polygon':
      return { type: 'Polygon', coordinates: g.coordinates.map((r) => r.map(f)) };
    case 'MultiPolygon':
      return { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map((r) => r.map(f))) };
    default:
      return g;
  }
}

function firstPosition(g: Geometry): Position | undefined {
  switch (g.type) {
    case 'Point':
      return g.coordinates;
    case 'MultiPoint':
    case 'LineString':
      return g.coordinates[0];
    case 'MultiLineString':
    case 'Polygon':
      return g.coordinates[0]?.[0];
    case 'MultiPolygon':
      return g.coordinates[0]?.[0]?.[0];
    default:
      return undefined;
  }
}

/** Rounds to 1e-7° (about 1 cm), the precision data/ keeps. */
const round7 = (n: number) => Math.round(n * 1e7) / 1e7;

const GEOGRAPHIC_RANGE = 'longitude −180…180, latitude −90…90';

/** Shangrao's extent with a margin, for the "swapped axes" and "outside the city" checks. */
const inCityBox = (p: Position) => p[0] > 115.5 && p[0] < 119.5 && p[1] > 27.5 && p[1] < 30;

const distanceM = (a: Position, b: Position) => {
  const k = Math.PI / 180;
  const x = (b[0] - a[0]) * k * Math.cos(((a[1] + b[1]) / 2) * k);
  const y = (b[1] - a[1]) * k;
  return Math.sqrt(x * x + y * y) * 6371008.8;
};

const gcjToWgs = (p: Position): Position => gcoord.transform([p[0], p[1]], gcoord.GCJ02, gcoord.WGS84) as Position;

export async function buildPreview(table: SourceTable, ctx: BuildContext): Promise<BuildResult> {
  const problems: Problem[] = [];
  const features: PreviewFeature[] = [];
  const writes: FeatureWrite[] = [];
  const summary = { rows: table.records.length, create: 0, update: 0, unchanged: 0, left_out: 0 };
  const colOf = new Map<ImportField, string>();
  for (const [col, field] of ctx.mapping) colOf.set(field, col);
  const fieldNames = (f: ImportField) => colOf.get(f) ?? f;
  const unit = table.rowLabel;

  if (!colOf.has('name')) throw new ImportError(422, 'no_name_column', `No column holds the name. Columns found: ${table.headers.slice(0, 30).join(', ') || '(none)'}; name one with mapping, e.g. {"项目名称": "name"}.`, { field: 'mapping' });
  const tableGeometry = table.records.some((r) => r.geometry);
  if (!tableGeometry && !colOf.has('wkt') && !(colOf.has('lon') && colOf.has('lat')))
    throw new ImportError(422, 'no_position_columns', `No columns hold the position: give longitude and latitude columns (经度, 纬度 / lon, lat) or a WKT column, or name them with mapping, e.g. {"X": "lon", "Y": "lat"}. Columns found: ${table.headers.slice(0, 30).join(', ')}.`, { field: 'mapping' });
  if (!ctx.layer && !colOf.has('layer') && ctx.defaults.layer === undefined)
    throw new ImportError(400, 'no_layer', 'Choose the target layer (layer), or map a column to "layer" to take it from each row.', { field: 'layer' });

  /** Column value, else the default. */
  const valueOf = (r: SourceRecord, f: ImportField): unknown => {
    const col = colOf.get(f);
    const v = col === undefined ? undefined : r.fields[col];
    return isBlank(v) ? ctx.defaults[f] : jsonish(v);
  };
  const given = (r: SourceRecord, f: ImportField) => !isBlank(valueOf(r, f));

  // Position heuristics decided once per file from the first rows: a projected file whose columns
  // are in surveying order (X = northing) is read swapped, and said so.
  let swapAxes = false;
  const seen = new Map<string, number>(); // name + position → first row
  const atPosition = new Map<string, number>();
  const claimedIds = new Set<string>();
  let outsideAsIs = 0;
  let insideIfGcj = 0;
  let points = 0;

  const sourcePositionOf = (r: SourceRecord): { geometry?: Geometry; problem?: Problem } => {
    const wkt = colOf.has('wkt') ? r.fields[colOf.get('wkt')!] : undefined;
    if (!isBlank(wkt)) {
      try {
        return { geometry: wkx.Geometry.parse(String(wkt).trim()).toGeoJSON() as Geometry };
      } catch (e) {
        return { problem: { row: r.row, field: fieldNames('wkt'), message: `The WKT cannot be read: ${(e as Error).message.slice(0, 100)}.`, severity: 'error' } };
      }
    }
    if (colOf.has('lon') || colOf.has('lat')) {
      const rawLon = r.fields[colOf.get('lon') ?? ''];
      const rawLat = r.fields[colOf.get('lat') ?? ''];
      if (!isBlank(rawLon) || !isBlank(rawLat) || !r.geometry) {
        const lon = coordinateOf(rawLon);
        const lat = coordinateOf(rawLat);
        if (lon === undefined) return { problem: { row: r.row, field: fieldNames('lon'), message: `Longitude ${JSON.stringify(text(rawLon) ?? '')} is not a number.`, severity: 'error' } };
        if (lat === undefined) return { problem: { row: r.row, field: fieldNames('lat'), message: `Latitude ${JSON.stringify(text(rawLat) ?? '')} is not a number.`, severity: 'error' } };
        return { geometry: { type: 'Point', coordinates: [lon, lat] } };
      }
    }
    if (r.geometry) return { geometry: r.geometry };
    return { problem: { row: r.row, field: null, message: 'The row has no position (no geometry, no longitude/latitude).', severity: 'error' } };
  };

  const toWgs = (g: Geometry, row: number): { geometry?: DataGeometry; problem?: Problem } => {
    if (g.type === 'GeometryCollection') return { problem: { row, field: 'geometry', message: 'A GeometryCollection cannot be stored; split it into one feature per part.', severity: 'error' } };
    // Structure first (closed rings, enough positions), in the file's own numbers.
    const structural = validateStructure(g, ctx.crs.geographic);
    if (structural) return { problem: { row, field: 'geometry', message: structural, severity: 'error' } };
    const conv = (p: Position): Position => {
      const q = ctx.crs.toWgs84(swapAxes ? [p[1], p[0]] : p);
      // Heights are dropped: the map is 2-D and data/ keeps [lon, lat].
      return [round7(q[0]), round7(q[1])];
    };
    const out = mapPositions(g, conv) as DataGeometry;
    const first = firstPosition(out);
    if (!first || !Number.isFinite(first[0]) || !Number.isFinite(first[1]) || Math.abs(first[0]) > 180 || Math.abs(first[1]) > 90)
      return { problem: { row, field: 'geometry', message: `The position ${JSON.stringify(firstPosition(g))} is not a place on Earth in ${ctx.crs.label} (out of range).`, severity: 'error' } };
    return { geometry: out };
  };

  // Decide axis order for projected systems from the first row with a position.
  if (!ctx.crs.geographic) {
    for (const r of table.records.slice(0, 50)) {
      const { geometry } = sourcePositionOf(r);
      const p = geometry && geometry.type !== 'GeometryCollection' ? firstPosition(geometry) : undefined;
      if (!p) continue;
      const asIs = ctx.crs.toWgs84(p);
      const swapped = ctx.crs.toWgs84([p[1], p[0]]);
      if (!inCityBox(asIs) && inCityBox(swapped)) {
        swapAxes = true;
        problems.push({ row: null, field: 'geometry', message: `The coordinates are in surveying order (X = northing, Y = easting), as Chinese survey tables write them; they were read that way. Row ${r.row}: ${p[0]}, ${p[1]}.`, severity: 'warning' });
      }
      break;
    }
  }

  // A file whose rows nearly all share one position has a broken position column (a default, a
  // failed geocode): refused as a whole before any row is built, rather than reported row by row.
  if (table.records.length >= 1000) {
    const counts = new Map<string, number>();
    for (const r of table.records) {
      const g = sourcePositionOf(r).geometry;
      const p = g && g.type !== 'GeometryCollection' ? firstPosition(g) : undefined;
      if (p) counts.set(`${p[0]},${p[1]}`, (counts.get(`${p[0]},${p[1]}`) ?? 0) + 1);
    }
    const [pos, most] = [...counts.entries()].reduce((a, b) => (b[1] > a[1] ? b : a), ['', 0]);
    if (most > table.records.length / 2)
      throw new ImportError(422, 'same_position', `${most} of ${table.records.length} rows lie at one position (${pos}): the position columns look broken (a default value or a failed geocode). Nothing was imported; fix the positions and try again.`, { field: 'geometry' });
  }

  const pause = yielder();
  for (const [i, r] of table.records.entries()) {
    const wait = pause();
    if (wait) {
      ctx.onProgress?.(i);
      await wait;
    }
    const rowProblems: Problem[] = [];
    const err = (field: string | null, message: string) => rowProblems.push({ row: r.row, field, message, severity: 'error' });
    const warn = (field: string | null, message: string) => rowProblems.push({ row: r.row, field, message, severity: 'warning' });
    const finish = () => {
      problems.push(...rowProblems);
      if (rowProblems.some((p) => p.severity === 'error')) summary.left_out++;
    };

    const name = text(valueOf(r, 'name'));
    if (!name) {
      err(fieldNames('name'), `The row has no name (column "${fieldNames('name')}" is empty).`);
      finish();
      continue;
    }
    // Layer
    let layer = ctx.layer;
    if (!layer || given(r, 'layer')) {
      const lv = text(valueOf(r, 'layer'));
      const found = lv ? (ctx.layers.get(lv) ?? [...ctx.layers.values()].find((l) => l.name === lv || l.name_en.toLowerCase() === lv.toLowerCase())) : undefined;
      if (!found) {
        if (!layer) {
          err(fieldNames('layer'), `Layer ${JSON.stringify(lv ?? '')} is not a layer; allowed: ${[...ctx.layers.keys()].join(', ')} (or their Chinese names).`);
          finish();
          continue;
        }
      } else if (ctx.layer && found.id !== ctx.layer.id) {
        err(fieldNames('layer'), `The row says layer "${found.id}" but the import is into "${ctx.layer.id}"; choose "by a column" to import into several layers.`);
        finish();
        continue;
      } else layer = found;
    }
    const lay = layer!;

    // Position
    const src = sourcePositionOf(r);
    if (src.problem) {
      rowProblems.push(src.problem);
      finish();
      continue;
    }
    const conv = toWgs(src.geometry!, r.row);
    if (conv.problem) {
      rowProblems.push(conv.problem);
      finish();
      continue;
    }
    const geometry = conv.geometry!;
    const membership = ctx.countyIndex.membershipOf(geometry);
    const counties = membership.counties;

    // Stated county: must name a county; a disagreement with the position is a warning (GCJ-02 pattern said so).
    const countyText = text(valueOf(r, 'county'));
    const statedCounty = countyText ? normalizeCountyCode(countyText) ?? COUNTY_CODES.find((c) => countyText.startsWith(c)) : undefined;
    if (countyText && !statedCounty) warn(fieldNames('county'), `County ${JSON.stringify(countyText)} is not one of Shangrao's 12 counties (name or GB/T 2260 code); the position decides.`);

    // GCJ-02 pattern: the position as given lies off, but read as GCJ-02 it lies right.
    const first = firstPosition(geometry)!;
    if (geometry.type === 'Point') points++;
    if (['wgs84', 'cgcs2000'].includes(ctx.crs.id)) {
      const corrected = gcjToWgs(first);
      const correctedCounties = geometry.type === 'Point' ? ctx.countyIndex.membershipOf({ type: 'Point', coordinates: corrected }).counties : counties;
      if (geometry.type === 'Point' && counties.length === 0) {
        outsideAsIs++;
        if (correctedCounties.length > 0) insideIfGcj++;
      }
      if (statedCounty && !counties.includes(statedCounty) && correctedCounties.includes(statedCounty))
        warn('geometry', `The position lies outside ${countyText} but read as GCJ-02 (高德/腾讯) it lies inside, about ${Math.round(distanceM(first, corrected))} m away: were these coordinates copied from 高德 or 腾讯 maps? If so, import with crs=gcj02.`);
    }
    if (statedCounty && counties.length > 0 && !counties.includes(statedCounty) && !rowProblems.some((p) => p.field === 'geometry'))
      warn(fieldNames('county'), `The row says ${countyText}, but the position lies in ${counties.join(', ')}.`);
    const outside = counties.length === 0;
    if (outside) warn('geometry', `The position [${first[0]}, ${first[1]}] lies outside Shangrao's 12 counties; it is kept, marked outside: true. Check the coordinate system if that is wrong.`);

    // Duplicates within the file
    const posKey = `${first[0].toFixed(6)},${first[1].toFixed(6)}`;
    const dupKey = `${lay.id}\u0000${normalName(name)}\u0000${posKey}`;
    const dupOf = seen.get(dupKey);
    if (dupOf !== undefined) {
      err(null, `Duplicate of ${unit} ${dupOf}: the same name at the same position; only the first is kept.`);
      finish();
      continue;
    }
    seen.set(dupKey, r.row);
    atPosition.set(posKey, (atPosition.get(posKey) ?? 0) + 1);

    // Editors limited to counties
    if (ctx.allowedCounties && (counties.length === 0 || counties.some((c) => !ctx.allowedCounties!.includes(c)))) {
      err('geometry', `The position lies in ${counties.join(', ') || 'no county of Shangrao'}; your account may edit features in ${ctx.allowedCounties.join(', ')} only.`);
      finish();
      continue;
    }

    // Match: same id, else the same name in the same county (the layer's live features).
    const idText = text(valueOf(r, 'id'));
    let matched: StoredFeature | undefined;
    let matchedBy: 'id' | 'name' | undefined;
    if (idText) {
      const s = await ctx.existing.byId(idText);
      if (s) {
        if (s.deleted) {
          err(fieldNames('id'), `Feature "${idText}" is deleted; restore it first (or leave the id out to create a new feature).`);
          finish();
          continue;
        }
        if (s.feature.properties.layer !== lay.id) {
          err(fieldNames('id'), `Feature "${idText}" is in layer "${s.feature.properties.layer}", not "${lay.id}"; a feature cannot move between layers.`);
          finish();
          continue;
        }
        matched = s;
        matchedBy = 'id';
      }
    }
    if (!matched) {
      const ids = ctx.existing.idsByName(lay.id, name);
      const hits: StoredFeature[] = [];
      for (const id of ids) {
        const s = await ctx.existing.byId(id);
        if (!s || s.deleted) continue;
        const where = statedCounty ? [statedCounty] : counties;
        if (s.counties.some((c) => where.includes(c)) || (s.counties.length === 0 && where.length === 0)) hits.push(s);
      }
      if (hits.length > 1) {
        err(fieldNames('name'), `${hits.length} features of layer "${lay.id}" are named "${name}" in that county (${hits.map((h) => h.feature.properties.id).join(', ')}); add an id column to say which one this row updates.`);
        finish();
        continue;
      }
      if (hits.length === 1) {
        matched = hits[0];
        matchedBy = 'name';
      }
    }
    if (matched && claimedIds.has(matched.feature.properties.id)) {
      err(null, `Another row already updates feature "${matched.feature.properties.id}"; only the first is kept.`);
      finish();
      continue;
    }

    // GCJ-02 pattern against the matched feature: ~0.6 km away as given, close when read as GCJ-02.
    if (matched && matched.feature.geometry.type === 'Point' && geometry.type === 'Point' && ['wgs84', 'cgcs2000'].includes(ctx.crs.id)) {
      const old = matched.feature.geometry.coordinates;
      const d = distanceM(old, first);
      const dg = distanceM(old, gcjToWgs(first));
      if (d > 200 && d < 1500 && dg < d / 3)
        warn('geometry', `The position is ${Math.round(d)} m from "${matched.feature.properties.id}" as stored, but ${Math.round(dg)} m if read as GCJ-02 (高德/腾讯): were these coordinates copied from 高德 or 腾讯 maps? If so, import with crs=gcj02.`);
    }

    // Properties
    const props = buildProperties(r, lay, name, geometry, outside, matched, valueOf, given, fieldNames, ctx, err, warn);
    if (!props) {
      finish();
      continue;
    }

    try {
      if (matched) {
        const patch = patchOf(matched.feature, props.properties, geometry, props.explicit);
        const next = prepareUpdate(matched.feature, { properties: patch.properties, ...(patch.geometry ? { geometry: patch.geometry } : {}) }, lay as Layer, new Set(ctx.measures.keys()));
        const fields = diffFeatures(matched.feature, next).map((f) => f.field);
        const action = fields.length ? 'update' : 'unchanged';
        claimedIds.add(matched.feature.properties.id);
        features.push({ type: 'Feature', id: next.properties.id, geometry: next.geometry, properties: { ...next.properties, _import: { action, row: r.row, matched_id: matched.feature.properties.id, matched_by: matchedBy, ...(fields.length ? { fields } : {}) } } });
        if (fields.length) {
          writes.push({ op: 'update', id: matched.feature.properties.id, patch: { properties: patch.properties, ...(patch.geometry ? { geometry: patch.geometry } : {}) }, expectVersion: matched.version });
          summary.update++;
        } else summary.unchanged++;
      } else {
        const f = validateFeature({ properties: props.properties as unknown as Record<string, unknown>, geometry }, lay as Layer, new Set(ctx.measures.keys()));
        checkStatusEvidence(undefined, f.properties);
        if (claimedIds.has(f.properties.id)) {
          err(fieldNames('id'), `Id "${f.properties.id}" is used by an earlier row; ids must be unique.`);
          finish();
          continue;
        }
        claimedIds.add(f.properties.id);
        features.push({ type: 'Feature', id: f.properties.id, geometry: f.geometry, properties: { ...f.properties, _import: { action: 'create', row: r.row } } });
        writes.push({ op: 'create', layer: lay.id, feature: { type: 'Feature', geometry: f.geometry, properties: f.properties } });
        summary.create++;
      }
    } catch (e) {
      if (!(e instanceof WriteError)) throw e;
      const field = e.field?.replace(/^properties\./, '') ?? null;
      err(field && colOf.has(field as ImportField) ? fieldNames(field as ImportField) : field, e.message);
    }
    finish();
  }

  // Whole-file checks.
  let maxAt = 0;
  for (const n of atPosition.values()) if (n > maxAt) maxAt = n;
  if (maxAt > 1) {
    const [pos] = [...atPosition.entries()].find(([, n]) => n === maxAt)!;
    problems.push({ row: null, field: 'geometry', message: `${maxAt} rows share the position ${pos}; if they are different places, their positions may be placeholders.`, severity: 'warning' });
  }
  if (points > 0 && insideIfGcj > Math.max(2, outsideAsIs / 2))
    problems.push({
      row: null,
      field: 'crs',
      message: `${outsideAsIs} of ${points} points lie outside Shangrao as given, and ${insideIfGcj} of them would lie inside if read as GCJ-02 (高德/腾讯): the file may be in GCJ-02; import with crs=gcj02.`,
      severity: 'warning',
    });
  return { features, writes, problems, summary };
}

/** Why a geometry's structure is unusable (unclosed ring, too few positions), in the file's numbers. */
function validateStructure(g: Geometry, geographic: boolean): string | undefined {
  const pos = (p: unknown): string | undefined => {
    if (!Array.isArray(p) || p.length < 2 || !p.slice(0, 2).every((n) => typeof n === 'number' && Number.isFinite(n))) return `position ${JSON.stringify(p)?.slice(0, 60)} is not two numbers`;
    if (geographic && (Math.abs(p[0]) > 180 || Math.abs(p[1]) > 90)) return `position [${p[0]}, ${p[1]}] is out of range (${GEOGRAPHIC_RANGE})`;
    return undefined;
  };
  const line = (l: unknown, min: number): string | undefined => {
    if (!Array.isArray(l) || l.length < min) return `a ${min === 4 ? 'polygon ring' : 'line'} needs at least ${min} positions`;
    for (const p of l) {
      const b = pos(p);
      if (b) return b;
    }
    return undefined;
  };
  const ring = (r: unknown): string | undefined => {
    const b = line(r, 4);
    if (b) return b;
    const a = (r as Position[])[0];
    const z = (r as Position[]).at(-1)!;
    return a[0] !== z[0] || a[1] !== z[1] ? `a polygon ring does not close: it starts at [${a[0]}, ${a[1]}] and ends at [${z[0]}, ${z[1]}]` : undefined;
  };
  const each = (xs: unknown, f: (x: unknown) => string | undefined) => {
    if (!Array.isArray(xs) || xs.length === 0) return 'coordinates are empty';
    for (const x of xs) {
      const b = f(x);
      if (b) return b;
    }
    return undefined;
  };
  const c = (g as { coordinates?: unknown }).coordinates;
  switch (g.type) {
    case 'Point':
      return pos(c);
    case 'MultiPoint':
      return each(c, pos);
    case 'LineString':
      return line(c, 2);
    case 'MultiLineString':
      return each(c, (l) => line(l, 2));
    case 'Polygon':
      return each(c, ring);
    case 'MultiPolygon':
      return each(c, (p) => each(p, ring));
    default:
      return `geometry type ${JSON.stringify((g as { type?: unknown }).type)?.slice(0, 40)} is not Point, LineString, Polygon or their Multi forms`;
  }
}

type ValueOf = (r: SourceRecord, f: ImportField) => unknown;

/**
 * The row's properties in data/'s schema: columns, then defaults, then the stated fallbacks
 * (status unknown, precision approximate, the file as source, the measure's title as the plan's
 * words). `explicit` lists the fields the row or the defaults gave (an update changes only those).
 */
function buildProperties(
  r: SourceRecord,
  layer: ImportLayer,
  name: string,
  geometry: DataGeometry,
  outside: boolean,
  matched: StoredFeature | undefined,
  valueOf: ValueOf,
  given: (r: SourceRecord, f: ImportField) => boolean,
  fieldNames: (f: ImportField) => string,
  ctx: BuildContext,
  err: (field: string | null, message: string) => void,
  warn: (field: string | null, message: string) => void,
): { properties: FeatureProperties; explicit: Set<string> } | undefined {
  const explicit = new Set<string>(['name']);
  const base = matched?.feature.properties;
  const p: Record<string, unknown> = {};

  // measures (and the clause that follows from the first)
  let measures: number[] | undefined;
  if (given(r, 'measures')) {
    measures = measuresOf(valueOf(r, 'measures'));
    if (!measures) {
      err(fieldNames('measures'), `Measures ${JSON.stringify(text(valueOf(r, 'measures')))} are not measure numbers; allowed: 1 to 23 or （一）…（二十三）, several separated by commas.`);
      return undefined;
    }
    explicit.add('measures');
  } else if (base) measures = base.measures;
  else {
    err(fieldNames('measures'), `The row names no measure of the plan: add a column (所属措施, e.g. "4" or "（四）") or defaults.measures.`);
    return undefined;
  }

  // status
  let status = base?.status ?? 'unknown';
  if (given(r, 'status')) {
    const sv = text(valueOf(r, 'status'))!;
    const s = ctx.statusValues?.[sv] ?? statusOf(sv);
    if (!s) warn(fieldNames('status'), `Status ${JSON.stringify(sv)} is not one we know (已完成, 在建, 规划 …); set to unknown.`);
    status = s ?? 'unknown';
    explicit.add('status');
  }
  const statusChanged = base ? base.status !== status : status === 'completed' || status === 'in_progress';
  let statusDate = text(valueOf(r, 'status_date'));
  if (statusDate && /^\d{4}[/.]\d{1,2}[/.]\d{1,2}$/.test(statusDate)) statusDate = statusDate.replace(/[/.]/g, '-').replace(/-(\d)(?=-|$)/g, '-0$1');
  if (statusDate) explicit.add('status_date');
  if (statusChanged && !statusDate) {
    err(fieldNames('status_date'), `Status "${status}" must say when it took effect: add a column 状态日期 (YYYY-MM-DD) or defaults.status_date.`);
    return undefined;
  }
  let evidence = valueOf(r, 'status_evidence');
  if (typeof evidence === 'string') evidence = { title: evidence.trim() };
  if (evidence !== undefined) explicit.add('status_evidence');
  if (statusChanged && evidence === undefined) {
    evidence = { title: `导入文件「${ctx.fileName}」· imported file "${ctx.fileName}"`.slice(0, 500) };
    explicit.add('status_evidence');
  }

  let precision = base?.precision ?? 'approximate';
  if (given(r, 'precision')) {
    const pv = text(valueOf(r, 'precision'))!;
    const pr = precisionOf(pv);
    if (!pr) {
      err(fieldNames('precision'), `Precision ${JSON.stringify(pv)} is not one of surveyed (实测), approximate (大致), schematic (示意).`);
      return undefined;
    }
    precision = pr;
    explicit.add('precision');
  }

  const m0 = ctx.measures.get(measures[0]);
  p.id = matched ? matched.feature.properties.id : newId(text(valueOf(r, 'id')), layer.id);
  p.name = name;
  p.name_en = text(valueOf(r, 'name_en')) ?? base?.name_en ?? name;
  if (given(r, 'name_en')) explicit.add('name_en');
  p.layer = layer.id;
  p.measures = measures;
  p.status = status;
  if (statusDate) p.status_date = statusDate;
  else if (base?.status_date) p.status_date = base.status_date;
  if (evidence !== undefined) p.status_evidence = evidence;
  else if (base?.status_evidence) p.status_evidence = base.status_evidence;
  p.clause = text(valueOf(r, 'clause')) ?? (explicit.has('measures') || !base ? `（${MEASURE_NUMERALS[measures[0] - 1]}）` : base.clause);
  if (explicit.has('measures') || given(r, 'clause')) explicit.add('clause');
  p.quote = text(valueOf(r, 'quote')) ?? base?.quote ?? m0?.title ?? name;
  if (given(r, 'quote')) explicit.add('quote');
  p.precision = precision;
  const moved = base !== undefined && !isDeepStrictEqual(matched!.feature.geometry, geometry);
  p.outside = given(r, 'outside') ? ['true', '1', '是'].includes(String(valueOf(r, 'outside')).toLowerCase()) : base && !moved ? base.outside : outside;
  if (given(r, 'outside') || moved) explicit.add('outside');
  for (const k of ['zone', 'location_source', 'internal_note'] as const) {
    const v = text(valueOf(r, k));
    if (v !== undefined) {
      p[k] = v;
      explicit.add(k);
    }
  }
  const note = text(valueOf(r, 'note'));
  if (note !== undefined && p.internal_note === undefined) {
    p.internal_note = note;
    explicit.add('internal_note');
  }
  for (const k of ['aims', 'sources', 'plan_counties', 'existing'] as const) {
    const v = valueOf(r, k);
    if (!isBlank(v)) {
      p[k] = v;
      explicit.add(k);
    }
  }
  const unitZh = ctx.rowLabel === 'feature' ? '个要素' : '行';
  const where = `位置导入自文件「${ctx.fileName}」第 ${r.row} ${unitZh}（${ctx.crs.id} 转换为 WGS 84，${ctx.today}）`;
  const whereEn = `Position imported from file "${ctx.fileName}", ${ctx.rowLabel} ${r.row} (${ctx.crs.id} converted to WGS 84, ${ctx.today}).`;
  p.location_note = text(valueOf(r, 'location_note')) ?? (base && !moved ? base.location_note : where);
  p.location_note_en = text(valueOf(r, 'location_note_en')) ?? (base && !moved ? base.location_note_en : whereEn);
  if (given(r, 'location_note') || moved) explicit.add('location_note');
  if (given(r, 'location_note_en') || moved) explicit.add('location_note_en');
  if (p.sources === undefined) {
    const src = text(valueOf(r, 'source'));
    const list = [...((base?.sources as unknown[]) ?? [])];
    if (src && !list.includes(src)) {
      list.push(src);
      explicit.add('sources');
    }
    if (!base) list.push(`导入文件「${ctx.fileName}」（${ctx.today}）· imported file "${ctx.fileName}" (${ctx.today})`);
    p.sources = list;
  }
  if (!base) p.aims ??= [];
  if (base) for (const k of ['aims', 'plan_counties', 'existing', 'location_source', 'zone', 'internal_note'] as const) if (p[k] === undefined && base[k] !== undefined) p[k] = base[k];
  return { properties: p as unknown as FeatureProperties, explicit };
}

function newId(given: string | undefined, layer: string): string {
  if (given && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(given) && given.length <= 120) return given;
  return `${layer}-${randomBytes(4).toString('hex')}`;
}

/** A merge patch that changes only what the row states (and the geometry when it moved). */
function patchOf(current: Feature<DataGeometry, FeatureProperties>, next: FeatureProperties, geometry: DataGeometry, explicit: Set<string>): { properties: Record<string, unknown>; geometry?: DataGeometry } {
  const properties: Record<string, unknown> = {};
  const cur = current.properties as unknown as Record<string, unknown>;
  const nxt = next as unknown as Record<string, unknown>;
  for (const k of explicit) if (!isDeepStrictEqual(cur[k], nxt[k])) properties[k] = nxt[k] ?? null;
  if (properties.status !== undefined) {
    properties.status_date = nxt.status_date;
    properties.status_evidence = nxt.status_evidence;
  }
  const moved = !isDeepStrictEqual(current.geometry, geometry);
  return { properties, ...(moved ? { geometry } : {}) };
}

export type { FieldValue };
