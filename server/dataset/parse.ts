/**
 * Turns the text of the files in data/ into a validated, normalised `Dataset` — pure, no disk.
 * `readDataset` (load.ts) wraps it; tests and the bench generator call it with in-memory files.
 */
import { createHash } from 'node:crypto';
import type { Feature, Geometry, MultiPolygon, Polygon } from 'geojson';
import { z } from 'zod';
import { COUNTIES, COUNTY_CODES, normalizeCountyCode } from '../../core/contract';
import { publicPropertiesProblems } from '../../core/public-properties';
import {
  BoundariesSchema,
  ContextPropertiesSchema,
  CountyPropertiesSchema,
  FeaturePropertiesSchema,
  LayerSchema,
  MeasureSchema,
  type Boundaries,
  type ContextProperties,
  type CountyProperties,
  type Dataset,
  type DataGeometry,
  type FeatureProperties,
  type Layer,
} from '../../core/schema';
import { DatasetError, zodProblems, type DataProblem } from './errors';
import { fastFeatureProperties, trustedFeatureProperties } from './fast-properties';
import { geometryKind, geometryProblem } from './geometry';

/** Relative path (as in data/) → file text. */
export type DatasetFiles = Record<string, string>;

export interface ParseOptions {
  /** Prefix for file names in problems, e.g. `data` → `data/layers.json`. */
  dir?: string;
  /** `datasetVersion(files)` when the caller has it already (load.ts hashes the bytes it read). */
  version?: string;
  /**
   * Whether the release with this content hash was validated before (the server: the state
   * directory took it in). Then its features are not checked again, only normalised as the checks
   * would (fast-properties.ts `trustedFeatureProperties`); the small files are checked as always.
   */
  trusted?: (version: string) => boolean;
}

export const LAYERS_FILE = 'layers.json';
export const MEASURES_FILE = 'measures.json';
export const COUNTIES_FILE = 'counties.geojson';
export const CONTEXT_FILE = 'context.geojson';

type Polygonal = Feature<Polygon | MultiPolygon>;

/** Short content hash of the files: changes whenever any of them does. */
export function datasetVersion(files: DatasetFiles): string {
  const hash = createHash('sha256');
  for (const name of Object.keys(files).sort()) hash.update(name).update('\0').update(files[name]).update('\0');
  return hash.digest('hex').slice(0, 12);
}

/** Parses every file and returns the dataset together with every problem found (pure). */
export function collectDataset(files: DatasetFiles, options: ParseOptions = {}): { dataset?: Dataset; problems: DataProblem[] } {
  const problems: DataProblem[] = [];
  const label = (rel: string) => (options.dir ? `${options.dir.replace(/\/+$/, '')}/${rel}` : rel);

  const readJson = (rel: string): unknown => {
    const text = files[rel];
    if (text === undefined) {
      problems.push({ file: label(rel), problem: 'file is missing' });
      return undefined;
    }
    try {
      return JSON.parse(text);
    } catch (e) {
      problems.push({ file: label(rel), problem: `not valid JSON: ${(e as Error).message}` });
      return undefined;
    }
  };

  const layers = parseArray(readJson(LAYERS_FILE), label(LAYERS_FILE), LayerSchema, (l) => l.id, problems);
  const measures = parseArray(readJson(MEASURES_FILE), label(MEASURES_FILE), MeasureSchema, (m) => String(m.id), problems);
  const measureIds = new Set(measures.map((m) => m.id));
  const layerIds = new Set(layers.map((l) => l.id));

  for (const layer of layers) {
    if (layer.file !== `layers/${layer.id}.geojson`) {
      problems.push({ file: label(LAYERS_FILE), id: layer.id, problem: `file: expected "layers/${layer.id}.geojson", got "${layer.file}"` });
    }
    for (const problem of publicPropertiesProblems(layer.public_properties)) problems.push({ file: label(LAYERS_FILE), id: layer.id, problem });
  }
  for (const m of measures) {
    for (const t of m.targets) {
      if (t.tracked_by && !layerIds.has(t.tracked_by.layer)) {
        problems.push({ file: label(MEASURES_FILE), id: String(m.id), problem: `target ${t.id}: tracked_by.layer "${t.tracked_by.layer}" is not a layer in ${LAYERS_FILE}` });
      }
    }
  }

  const countiesJson = readJson(COUNTIES_FILE);
  const contextJson = readJson(CONTEXT_FILE);
  const boundaries = {
    counties: parseBoundaries(countiesJson, label(COUNTIES_FILE), problems),
    context: parseBoundaries(contextJson, label(CONTEXT_FILE), problems),
  };
  const counties = parsePolygons(countiesJson, label(COUNTIES_FILE), CountyPropertiesSchema, (p) => String(p.code ?? ''), problems).map(
    (f) => normaliseCounty(f as Feature<Polygon | MultiPolygon, CountyProperties>, label(COUNTIES_FILE), problems),
  );
  const context = parsePolygons(contextJson, label(CONTEXT_FILE), ContextPropertiesSchema, (p) => String(p.name ?? ''), problems) as Feature<
    Polygon | MultiPolygon,
    ContextProperties
  >[];

  const version = options.version ?? datasetVersion(files);
  const trusted = problems.length === 0 && (options.trusted?.(version) ?? false);
  const features: Feature<DataGeometry, FeatureProperties>[] = [];
  const seen = new Map<string, string>();
  const shared: Record<string, string> = {};
  for (const layer of layers) {
    const rel = layer.file;
    const fc = readJson(rel);
    if (fc === undefined) continue;
    for (const f of featureList(fc, label(rel), problems)) {
      const feature = (trusted && trustedFeature(f)) || parseFeature(f, layer, label(rel), measureIds, problems);
      if (!feature) continue;
      const id = feature.properties.id;
      const other = seen.get(id);
      if (other !== undefined) {
        problems.push({ file: label(rel), id, problem: `duplicate id: also used in ${other}` });
        continue;
      }
      seen.set(id, label(rel));
      shareStrings(feature.properties, shared);
      features.push(feature);
    }
  }

  if (problems.length > 0) return { problems };
  return { dataset: { version, layers, measures, counties, context, boundaries, features }, problems };
}

/** The validated dataset, or a `DatasetError` naming every problem (file, feature id, what is wrong). */
export function parseDataset(files: DatasetFiles, options: ParseOptions = {}): Dataset {
  const { dataset, problems } = collectDataset(files, options);
  if (!dataset) throw new DatasetError(problems);
  return dataset;
}

function parseArray<T>(value: unknown, file: string, schema: z.ZodType<T>, idOf: (t: T) => string, problems: DataProblem[]): T[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.push({ file, problem: 'expected a JSON array' });
    return [];
  }
  const out: T[] = [];
  const ids = new Set<string>();
  value.forEach((item, i) => {
    const rawId = item && typeof item === 'object' && 'id' in item ? String((item as { id: unknown }).id) : `#${i}`;
    const r = schema.safeParse(item);
    if (!r.success) {
      problems.push(...zodProblems(file, rawId, r.error));
      return;
    }
    const id = idOf(r.data);
    if (ids.has(id)) problems.push({ file, id, problem: 'duplicate id' });
    ids.add(id);
    out.push(r.data);
  });
  return out;
}

/** The optional foreign member `boundaries` (provenance of the outlines); malformed is a problem. */
function parseBoundaries(fc: unknown, file: string, problems: DataProblem[]): Boundaries | undefined {
  const raw = fc && typeof fc === 'object' ? (fc as { boundaries?: unknown }).boundaries : undefined;
  if (raw === undefined) return undefined;
  const r = BoundariesSchema.safeParse(raw);
  if (!r.success) {
    problems.push(...zodProblems(file, 'boundaries', r.error));
    return undefined;
  }
  return r.data;
}

function featureList(fc: unknown, file: string, problems: DataProblem[]): unknown[] {
  if (!fc || typeof fc !== 'object' || (fc as { type?: unknown }).type !== 'FeatureCollection' || !Array.isArray((fc as { features?: unknown }).features)) {
    problems.push({ file, problem: 'expected a GeoJSON FeatureCollection with a "features" array' });
    return [];
  }
  return (fc as { features: unknown[] }).features;
}

function rawProps(f: unknown): Record<string, unknown> {
  const p = f && typeof f === 'object' ? (f as { properties?: unknown }).properties : undefined;
  return p && typeof p === 'object' ? (p as Record<string, unknown>) : {};
}

function parsePolygons<P>(fc: unknown, file: string, schema: z.ZodType<P>, idOf: (p: Record<string, unknown>) => string, problems: DataProblem[]): Polygonal[] {
  if (fc === undefined) return [];
  const out: Polygonal[] = [];
  featureList(fc, file, problems).forEach((f, i) => {
    const id = idOf(rawProps(f)) || `#${i}`;
    const geometry = (f as { geometry?: Geometry })?.geometry;
    const bad = geometryProblem(geometry);
    if (bad) return void problems.push({ file, id, problem: bad });
    if (geometryKind(geometry!.type) !== 'polygon') return void problems.push({ file, id, problem: `geometry must be Polygon or MultiPolygon, got ${geometry!.type}` });
    const r = schema.safeParse(rawProps(f));
    if (!r.success) return void problems.push(...zodProblems(file, id, r.error));
    out.push({ type: 'Feature', properties: r.data as never, geometry: geometry as Polygon | MultiPolygon });
  });
  return out;
}

/** Retired codes/names (上饶县 361121) become the current ones (广信区 361104); unknown codes are problems. */
function normaliseCounty(
  f: Feature<Polygon | MultiPolygon, CountyProperties>,
  file: string,
  problems: DataProblem[],
): Feature<Polygon | MultiPolygon, CountyProperties> {
  const code = normalizeCountyCode(f.properties.code) ?? normalizeCountyCode(f.properties.name);
  if (!code || !COUNTY_CODES.includes(code)) {
    problems.push({ file, id: f.properties.code, problem: `code ${f.properties.code} (${f.properties.name}) is not a county of Shangrao; allowed: ${COUNTY_CODES.join(', ')}` });
    return f;
  }
  const info = COUNTIES.find((c) => c.code === code)!;
  return { ...f, id: code, properties: { code, name: info.name, name_en: info.name_en } };
}

/**
 * Text fields many features repeat (the same location note, layer, status …): one string for a run
 * of equal values instead of one each as JSON.parse makes them (V8 shares only short ones): ~25 MB
 * of heap less at 100k features. Compared with the previous feature's value only (a Map of every
 * value cost ~0.25 s CPU at 100k). The values are equal, so nothing else changes.
 */
const SHARED_KEYS = ['layer', 'status', 'clause', 'quote', 'precision', 'zone', 'location_note', 'location_note_en', 'location_source'] as const;

function shareStrings(p: FeatureProperties, last: Record<string, string>): void {
  const o = p as unknown as Record<string, unknown>;
  for (const k of SHARED_KEYS) {
    const v = o[k];
    if (typeof v !== 'string') continue;
    const prev = last[k];
    if (v === prev) o[k] = prev;
    else last[k] = v;
  }
}

/** A feature of a release validated before, normalised as `parseFeature` would; undefined: check it. */
function trustedFeature(f: unknown): Feature<DataGeometry, FeatureProperties> | undefined {
  const p = trustedFeatureProperties(rawProps(f));
  const geometry = (f as { geometry?: DataGeometry }).geometry;
  if (!p || !geometry || typeof geometry !== 'object') return undefined;
  return { type: 'Feature', id: p.id, properties: p, geometry };
}

function parseFeature(
  f: unknown,
  layer: Layer,
  file: string,
  measureIds: Set<number>,
  problems: DataProblem[],
): Feature<DataGeometry, FeatureProperties> | undefined {
  const raw = rawProps(f);
  const id = typeof raw.id === 'string' && raw.id ? raw.id : typeof (f as { id?: unknown })?.id === 'string' ? String((f as { id: string }).id) : undefined;
  const before = problems.length;
  if (!f || typeof f !== 'object' || (f as { type?: unknown }).type !== 'Feature') {
    problems.push({ file, id, problem: 'expected a GeoJSON Feature' });
    return undefined;
  }
  const geometry = (f as { geometry?: DataGeometry }).geometry;
  const bad = geometryProblem(geometry);
  if (bad) problems.push({ file, id, problem: bad });
  else {
    const kind = geometryKind(geometry!.type);
    if (layer.geometry !== 'mixed' && kind !== layer.geometry) {
      problems.push({ file, id, problem: `geometry ${geometry!.type} does not fit layer "${layer.id}" (geometry: ${layer.geometry})` });
    }
  }
  // The hand-written checks first (same verdict and output as zod); zod itself when they cannot
  // tell, so a bad feature is reported in zod's words.
  const fast = fastFeatureProperties(raw);
  const r = fast ? ({ success: true, data: fast } as const) : FeaturePropertiesSchema.safeParse(raw);
  if (!r.success) problems.push(...zodProblems(file, id, r.error));
  else {
    const p = r.data;
    if (p.layer !== layer.id) problems.push({ file, id, problem: `layer: "${p.layer}" but the file belongs to layer "${layer.id}"` });
    for (const m of p.measures) {
      if (!measureIds.has(m)) problems.push({ file, id, problem: `measures: ${m} is not a measure id in ${MEASURES_FILE}` });
    }
  }
  if (problems.length > before || !r.success) return undefined;
  return { type: 'Feature', id: r.data.id, properties: r.data, geometry: geometry! };
}
