/**
 * County and neighbour outlines: datum conversion to WGS 84 and the checks any boundary source must
 * pass before it becomes data/counties.geojson (the shipped AMap-derived outlines and an official
 * 标准地图 / 天地图 release alike). Pure; used by `npm run data:build` and `npm run data:check`.
 */
import gcoord from 'gcoord';
import * as turf from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { COUNTIES } from '../../core/contract';

/** Coordinate systems a boundary source may be in. CGCS2000 and WGS 84 differ by centimetres: no shift. */
export const BOUNDARY_CRS = ['wgs84', 'cgcs2000', 'gcj02', 'bd09'] as const;
export type BoundaryCrs = (typeof BOUNDARY_CRS)[number];

/** Shangrao's published land area, km² (上饶市人民政府, 市情概况). */
export const PUBLISHED_AREA_KM2 = 22_791;
/** How far the union of the counties may be from the published area. */
export const AREA_TOLERANCE = 0.02;
/** Below this, an overlap or a hole is a rounding sliver, km². */
export const SLIVER_KM2 = 0.5;

/** The prefectures that border Shangrao (the neighbour context must show all of them). */
export const NEIGHBOUR_NAMES = ['景德镇市', '鹰潭市', '抚州市', '九江市', '南昌市', '衢州市', '黄山市', '池州市', '南平市'] as const;

/** Features drawn with county outlines, rebuilt from the counties on every build: id → county codes. */
export const COUNTY_DERIVED_FEATURES: Record<string, { file: string; codes: string[] }> = {
  'agri-binhu-three-counties': { file: 'layers/agricultural-zones.geojson', codes: ['361127', '361128', '361129'] },
  'scenic-wuyuan-rural-tourism-zone': { file: 'layers/scenic-areas.geojson', codes: ['361130'] },
};

/** Provenance of the outlines, carried in the files (foreign member `boundaries`) and served with them. */
export interface BoundarySource {
  source: string;
  source_en: string;
  licence: string;
  licence_en: string;
  /** Short text for the map's attribution control. */
  attribution: string;
  /** Always "WGS 84": what the file's coordinates are in. */
  datum: 'WGS 84';
  /** The datum of the source before conversion. */
  converted_from: BoundaryCrs;
  /** False for anything but an approved map (标准地图 with its 审图号). */
  official: boolean;
  note: string;
  note_en: string;
}

/** Converts every coordinate of a collection to WGS 84, in place, and returns it. */
export function toWgs84<T extends FeatureCollection>(fc: T, crs: BoundaryCrs): T {
  if (crs === 'wgs84' || crs === 'cgcs2000') return fc;
  return gcoord.transform(fc as never, crs === 'gcj02' ? gcoord.GCJ02 : gcoord.BD09, gcoord.WGS84) as unknown as T;
}

type Polygonal = Feature<Polygon | MultiPolygon>;
const km2 = (f: Polygonal) => turf.area(f) / 1e6;

/** Everything wrong with a set of county outlines: codes, overlaps, gaps, total area. Empty when fine. */
export function countyOutlineProblems(features: readonly Polygonal[], publishedKm2: number | null = PUBLISHED_AREA_KM2): { id?: string; problem: string }[] {
  const problems: { id?: string; problem: string }[] = [];
  const codes = features.map((f) => String(f.properties?.code ?? ''));
  for (const c of COUNTIES) if (!codes.includes(c.code)) problems.push({ id: c.code, problem: `county ${c.code} ${c.name} is missing (the 12 codes of core/contract are required)` });
  for (const code of codes) if (!COUNTIES.some((c) => c.code === code)) problems.push({ id: code, problem: `code ${code} is not one of the 12 counties` });
  if (problems.length) return problems;
  for (let i = 0; i < features.length; i++) {
    for (let j = i + 1; j < features.length; j++) {
      const x = turf.intersect(turf.featureCollection([features[i], features[j]]));
      const a = x ? km2(x as Polygonal) : 0;
      if (a > SLIVER_KM2) problems.push({ id: codes[i], problem: `overlaps ${codes[j]} by ${a.toFixed(1)} km² (counties must not overlap)` });
    }
  }
  const union = turf.union(turf.featureCollection(features as Polygonal[])) as Polygonal | null;
  if (union) {
    const polys = union.geometry.type === 'Polygon' ? [union.geometry.coordinates] : union.geometry.coordinates;
    const parts = polys.filter((rings) => km2(turf.polygon(rings)) > SLIVER_KM2);
    if (parts.length > 1) problems.push({ problem: `the counties form ${parts.length} separate pieces, not one city: a gap splits them or a county lies apart` });
    for (const rings of polys) {
      for (const hole of rings.slice(1)) {
        const a = km2(turf.polygon([hole]));
        if (a > SLIVER_KM2) problems.push({ problem: `gap of ${a.toFixed(1)} km² between counties near [${hole[0].map((n) => n.toFixed(3)).join(', ')}] (the counties must tile the city)` });
      }
    }
    const total = km2(union);
    const off = publishedKm2 === null ? 0 : Math.abs(total - publishedKm2) / publishedKm2;
    if (off > AREA_TOLERANCE) {
      problems.push({ problem: `union of the counties is ${Math.round(total)} km², ${(off * 100).toFixed(1)} % from the published ${publishedKm2} km² (allowed: ${AREA_TOLERANCE * 100} %); wrong coordinate system or incomplete source?` });
    }
  }
  return problems;
}

/** The neighbour context: every bordering prefecture present, none reaching into the city. */
export function contextProblems(context: readonly Polygonal[], counties: readonly Polygonal[], neighbours: readonly string[] = NEIGHBOUR_NAMES): { id?: string; problem: string }[] {
  const problems: { id?: string; problem: string }[] = [];
  const names = new Set(context.map((f) => String(f.properties?.name ?? '')));
  for (const n of neighbours) if (!names.has(n)) problems.push({ id: n, problem: `neighbouring prefecture ${n} is missing (it borders Shangrao)` });
  if (counties.length === 0) return problems;
  const city = turf.union(turf.featureCollection(counties as Polygonal[])) as Polygonal | null;
  if (!city) return problems;
  const cityBox = turf.bbox(city);
  for (const f of context) {
    const b = turf.bbox(f);
    if (b[0] > cityBox[2] || b[2] < cityBox[0] || b[1] > cityBox[3] || b[3] < cityBox[1]) continue;
    const x = turf.intersect(turf.featureCollection([f, city]));
    const a = x ? km2(x as Polygonal) : 0;
    if (a > SLIVER_KM2) problems.push({ id: String(f.properties?.name), problem: `overlaps the city by ${a.toFixed(1)} km² (context outlines must stop at the city border)` });
  }
  return problems;
}

/** What is wrong with a file's `boundaries` member: provenance, licence, datum must be stated. */
export function boundarySourceProblems(meta: unknown): string[] {
  if (!meta || typeof meta !== 'object') return ['no "boundaries" member: state source, licence, attribution and datum (npm run data:build writes it)'];
  const m = meta as Partial<Record<keyof BoundarySource, unknown>>;
  const out: string[] = [];
  for (const k of ['source', 'source_en', 'licence', 'licence_en', 'attribution'] as const) {
    if (typeof m[k] !== 'string' || !(m[k] as string).trim()) out.push(`boundaries.${k} is missing`);
  }
  if (m.datum !== 'WGS 84') out.push(`boundaries.datum is ${JSON.stringify(m.datum)}: the files must be WGS 84 (convert with npm run data:build)`);
  if (!(BOUNDARY_CRS as readonly unknown[]).includes(m.converted_from)) out.push(`boundaries.converted_from must be one of ${BOUNDARY_CRS.join(', ')}`);
  if (typeof m.official !== 'boolean') out.push('boundaries.official must say whether this is an approved map (true only with a 审图号)');
  if (typeof m.licence === 'string' && /^MIT\b/.test(m.licence) && typeof m.source === 'string' && /高德|AMap/i.test(m.source)) out.push('boundaries.licence: AMap-derived outlines are under AMap\'s terms, not MIT');
  return out;
}
