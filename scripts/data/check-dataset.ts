/**
 * `checkDataset(dir)`: everything readDataset checks, plus what a planner needs to trust the
 * data — RFC 7946 validity and winding, features inside the city (or truly outside when marked),
 * the 12 current counties, quotes that are the plan's words, and every named place present.
 */
import { getIssues } from '@placemarkio/check-geojson';
import * as turf from '@turf/turf';
import type { Feature, Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import { COUNTIES, MEASURE_IDS, MEASURE_NUMERALS } from '../../core/contract';
import type { Dataset } from '../../core/schema';
import { collectDataset, readDatasetFiles, type DataProblem, type DatasetFiles } from '../../server/dataset/load';
import { boundarySourceProblems, contextProblems, COUNTY_DERIVED_FEATURES, countyOutlineProblems, NEIGHBOUR_NAMES, PUBLISHED_AREA_KM2 } from './boundaries';
import { NAMED_PLACES, type NamedPlace } from './named-places';
import { countyDerivedProblems, planCountyProblems, precisionProblems, sourceProblems, statusProblems, targetProblems, wordProblems } from './truth-rules';

export type { DataProblem };

export interface CheckOptions {
  /** Prefix for file names in problems. */
  dir?: string;
  namedPlaces?: readonly NamedPlace[];
  /** The city's published area in km² (null: do not check the area; for small fixtures). */
  publishedAreaKm2?: number | null;
  /** Prefectures the neighbour context must show. */
  neighbours?: readonly string[];
}

/** Reads `dir` and returns every problem (empty when the data is fine). */
export async function checkDataset(dir: string, namedPlaces: readonly NamedPlace[] = NAMED_PLACES): Promise<DataProblem[]> {
  let files: DatasetFiles;
  try {
    files = await readDatasetFiles(dir);
  } catch (e) {
    return [{ file: dir, problem: `cannot read: ${(e as Error).message}` }];
  }
  return checkDatasetFiles(files, { dir, namedPlaces });
}

/** Pure: the same checks over in-memory files. */
export function checkDatasetFiles(files: DatasetFiles, options: CheckOptions = {}): DataProblem[] {
  const label = (rel: string) => (options.dir ? `${options.dir.replace(/\/+$/, '')}/${rel}` : rel);
  const problems: DataProblem[] = [];
  for (const [rel, text] of Object.entries(files)) {
    if (rel.endsWith('.geojson')) problems.push(...rfc7946Problems(label(rel), text));
  }
  problems.push(...rawCountyProblems(files['counties.geojson'], label('counties.geojson')));
  problems.push(...boundaryMetaProblems(files, label));
  const { dataset, problems: loadProblems } = collectDataset(files, options);
  problems.push(...loadProblems);
  if (!dataset) return dedupe(problems);
  problems.push(...measureProblems(dataset, label('measures.json')));
  const fileOf = (layer: string) => label(dataset.layers.find((l) => l.id === layer)?.file ?? `layers/${layer}.geojson`);
  problems.push(...featureProblems(dataset, fileOf));
  problems.push(...locationProblems(dataset, fileOf, label('counties.geojson')));
  problems.push(...namedPlaceProblems(dataset, options.namedPlaces ?? NAMED_PLACES, label('layers.json')));
  problems.push(...outlineProblems(dataset, options, label));
  problems.push(...statusProblems(dataset, fileOf));
  problems.push(...precisionProblems(dataset, fileOf));
  problems.push(...planCountyProblems(dataset, fileOf));
  problems.push(...sourceProblems(dataset, fileOf));
  problems.push(...targetProblems(dataset, label('measures.json')));
  problems.push(...wordProblems(dataset, { layers: label('layers.json'), measures: label('measures.json') }, fileOf));
  problems.push(...countyDerivedProblems(dataset, COUNTY_DERIVED_FEATURES, fileOf));
  return dedupe(problems);
}

/** Both outline files state where they come from, under whose terms, in which datum. */
function boundaryMetaProblems(files: DatasetFiles, label: (rel: string) => string): DataProblem[] {
  const out: DataProblem[] = [];
  for (const rel of ['counties.geojson', 'context.geojson']) {
    const text = files[rel];
    if (text === undefined) continue;
    let meta: unknown;
    try {
      meta = (JSON.parse(text) as { boundaries?: unknown }).boundaries;
    } catch {
      continue; // the loader reports invalid JSON
    }
    for (const problem of boundarySourceProblems(meta)) out.push({ file: label(rel), problem });
  }
  return out;
}

/** Counties tile the city at its published area; the neighbours are all there and stop at its border. */
function outlineProblems(ds: Dataset, options: CheckOptions, label: (rel: string) => string): DataProblem[] {
  const area = options.publishedAreaKm2 === undefined ? PUBLISHED_AREA_KM2 : options.publishedAreaKm2;
  const county = countyOutlineProblems(ds.counties, area).map((p) => ({ file: label('counties.geojson'), ...p }));
  const context = contextProblems(ds.context, ds.counties, options.neighbours ?? NEIGHBOUR_NAMES).map((p) => ({ file: label('context.geojson'), ...p }));
  return [...county, ...context];
}

function dedupe(problems: DataProblem[]): DataProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = `${p.file}\0${p.id ?? ''}\0${p.problem}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** check-geojson's structural issues, located by the nearest preceding "id" or "code". */
function rfc7946Problems(file: string, text: string): DataProblem[] {
  try {
    JSON.parse(text);
  } catch {
    return []; // the loader reports invalid JSON
  }
  return getIssues(text)
    .filter((i) => i.severity === 'error')
    .map((i) => {
      const before = text.slice(0, i.from);
      const ids = [...before.matchAll(/"(?:id|code)"\s*:\s*"([^"]+)"/g)];
      const line = before.split('\n').length;
      return { file, id: ids.length ? ids[ids.length - 1][1] : undefined, problem: `RFC 7946 (line ${line}): ${i.message}` };
    });
}

/** The shipped file itself must carry the 12 current codes and names (the loader only maps old ones). */
function rawCountyProblems(text: string | undefined, file: string): DataProblem[] {
  if (text === undefined) return [];
  let fc: { features?: { properties?: { code?: string; name?: string; name_en?: string } }[] };
  try {
    fc = JSON.parse(text);
  } catch {
    return [];
  }
  const problems: DataProblem[] = [];
  const seen = new Set<string>();
  for (const f of fc.features ?? []) {
    const p = f.properties ?? {};
    const code = String(p.code ?? '');
    const info = COUNTIES.find((c) => c.code === code);
    if (!info) {
      const hint = code === '361121' || p.name === '上饶县' ? ' (上饶县 361121 is now 广信区 361104: regenerate with npm run data:build)' : '';
      problems.push({ file, id: code, problem: `code ${code} (${p.name}) is not a current county code${hint}` });
      continue;
    }
    if (p.name !== info.name || p.name_en !== info.name_en) problems.push({ file, id: code, problem: `name: expected ${info.name} / ${info.name_en}, got ${p.name} / ${p.name_en}` });
    if (seen.has(code)) problems.push({ file, id: code, problem: 'county appears twice' });
    seen.add(code);
  }
  for (const c of COUNTIES) if (!seen.has(c.code)) problems.push({ file, id: c.code, problem: `county ${c.code} ${c.name} is missing` });
  return problems;
}

function measureProblems(ds: Dataset, file: string): DataProblem[] {
  const ids = new Set(ds.measures.map((m) => m.id));
  return MEASURE_IDS.filter((id) => !ids.has(id)).map((id) => ({ file, id: String(id), problem: `measure ${id} is missing (the plan has 23)` }));
}

/** Clause belongs to one of the feature's measures and the quote is that measure's words; sources back strong claims. */
function featureProblems(ds: Dataset, fileOf: (layer: string) => string): DataProblem[] {
  const problems: DataProblem[] = [];
  const text = new Map(ds.measures.map((m) => [m.id, m.text]));
  for (const f of ds.features) {
    const p = f.properties;
    const file = fileOf(p.layer);
    const clauseMeasure = MEASURE_NUMERALS.findIndex((n) => `（${n}）` === p.clause) + 1;
    if (!p.measures.includes(clauseMeasure)) {
      problems.push({ file, id: p.id, problem: `clause ${p.clause} is not one of its measures (${p.measures.join(', ')})` });
    } else if (!(text.get(clauseMeasure) ?? '').includes(p.quote)) {
      problems.push({ file, id: p.id, problem: `quote is not the words of measure ${clauseMeasure} ${p.clause}: "${p.quote}"` });
    }
    if (p.precision === 'surveyed' && p.sources.length === 0) problems.push({ file, id: p.id, problem: 'precision surveyed needs a named source in sources' });
    if ((p.status === 'completed' || p.status === 'in_progress') && p.sources.length === 0) {
      problems.push({ file, id: p.id, problem: `status ${p.status} needs a named source in sources (the plan only states intentions)` });
    }
  }
  return problems;
}

function positionsOf(g: Geometry): Position[] {
  switch (g.type) {
    case 'Point':
      return [g.coordinates];
    case 'MultiPoint':
    case 'LineString':
      return g.coordinates;
    case 'MultiLineString':
    case 'Polygon':
      return g.coordinates.flat();
    case 'MultiPolygon':
      return g.coordinates.flat(2);
    default:
      return [];
  }
}

/** Signed area of a ring (shoelace, lon/lat): > 0 counter-clockwise. */
export function ringArea(ring: Position[]): number {
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++) s += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return s / 2;
}

function windingProblem(g: Geometry): string | undefined {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
  for (const rings of polys) {
    if (ringArea(rings[0]) <= 0) return 'winding: an outer ring must be counter-clockwise (RFC 7946)';
    if (rings.slice(1).some((r) => ringArea(r) >= 0)) return 'winding: a hole must be clockwise (RFC 7946)';
  }
  return undefined;
}

function locationProblems(ds: Dataset, fileOf: (layer: string) => string, countiesFile: string): DataProblem[] {
  const problems: DataProblem[] = [];
  for (const c of ds.counties) {
    const w = windingProblem(c.geometry);
    if (w) problems.push({ file: countiesFile, id: c.properties.code, problem: w });
  }
  const city = ds.counties as Feature<Polygon | MultiPolygon>[];
  const inCity = (p: Position) => city.some((c) => turf.booleanPointInPolygon(p, c));
  for (const f of ds.features) {
    const file = fileOf(f.properties.layer);
    const w = windingProblem(f.geometry);
    if (w) problems.push({ file, id: f.properties.id, problem: w });
    if (city.length === 0) continue;
    const pts = positionsOf(f.geometry);
    if (f.properties.outside) {
      if (pts.some(inCity)) problems.push({ file, id: f.properties.id, problem: 'marked outside: true but lies (partly) inside the city boundary' });
    } else {
      const out = pts.find((p) => !inCity(p));
      if (out) problems.push({ file, id: f.properties.id, problem: `position [${out.join(', ')}] lies outside the city boundary; fix it or mark the feature outside: true` });
    }
  }
  return problems;
}

function namedPlaceProblems(ds: Dataset, places: readonly NamedPlace[], file: string): DataProblem[] {
  return places
    .filter((np) => !ds.features.some((f) => f.properties.layer === np.layer && f.properties.name.includes(np.match ?? np.name)))
    .map((np) => ({ file, problem: `named place ${np.name} (measure ${np.measure}) has no feature in layer ${np.layer}` }));
}
