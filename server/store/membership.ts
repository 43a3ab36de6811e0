/**
 * Which counties a feature's geometry touches, and how much of it lies in each: km of line,
 * km² of polygon. Computed once at load with turf against the county polygons.
 */
// turf's single packages, not the @turf/turf bundle: loading the bundle took about 0.6–1.2 s of the server's start.
import { area } from '@turf/area';
import { bbox as turfBbox } from '@turf/bbox';
import { bboxClip } from '@turf/bbox-clip';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { feature as turfFeature, lineString, point } from '@turf/helpers';
import { length } from '@turf/length';
import { lineSplit } from '@turf/line-split';
import { midpoint } from '@turf/midpoint';
import Flatbush from 'flatbush';
import polygonClipping from 'polygon-clipping';
import type { Feature, Geometry, LineString, MultiPolygon, Polygon, Position } from 'geojson';
import type { CountyProperties } from '../../core/schema';
import { InteriorGrid } from './interior-grid';
import { geometryKey, type MembershipCache } from './membership-cache';

export type CountyFeature = Feature<Polygon | MultiPolygon, CountyProperties>;

export interface Membership {
  /** Codes of every county the geometry touches, in GB/T order. */
  counties: string[];
  /** km of line inside each county (lines only). */
  kmByCounty: Record<string, number>;
  /** km² of polygon inside each county (polygons only). */
  km2ByCounty: Record<string, number>;
  /** Whole length in km (lines), whole area in km² (polygons). */
  km: number;
  km2: number;
}

type BBox = [number, number, number, number];

/** Below these a shared border or rounding sliver, not a real overlap: 1 m of line, 0.01 km² of area. */
const MIN_KM = 0.001;
const MIN_KM2 = 0.01;

/** An index over the county polygons, built once; `membershipOf` uses it for each feature. */
export class CountyIndex {
  private readonly index: Flatbush;
  private readonly boxes: BBox[];
  private interior?: InteriorGrid;

  /**
   * `exactOnly` skips the interior-grid fast path (tests compare the two paths; the answers must
   * be the same).
   */
  /** Exact-path memberships remembered across starts (membership-cache.ts); dropped by `releaseCache`. */
  private cache?: MembershipCache;

  constructor(
    readonly counties: CountyFeature[],
    private readonly options: { exactOnly?: boolean; cache?: MembershipCache } = {},
  ) {
    this.cache = options.cache;
    this.index = new Flatbush(Math.max(counties.length, 1));
    this.boxes = counties.map((c) => turfBbox(c) as BBox);
    for (const b of this.boxes) this.index.add(b[0], b[1], b[2], b[3]);
    if (counties.length === 0) this.index.add(0, 0, 0, 0);
    this.index.finish();
  }

  /** Built on the first membership asked for: a start that reads prepared records needs none. */
  private get grid(): InteriorGrid {
    return (this.interior ??= new InteriorGrid(this.counties.map((c) => c.geometry)));
  }

  /** Counties whose bounding box meets `b`. */
  candidates(b: BBox): CountyFeature[] {
    return this.index.search(b[0], b[1], b[2], b[3]).filter((i) => i < this.counties.length).map((i) => this.counties[i]);
  }

  /** Save what the cache learnt (when it learnt anything) and stop using it: the records hold the memberships now. */
  releaseCache(): void {
    this.cache?.saveAndRelease();
    this.cache = undefined;
  }

  membershipOf(geometry: Geometry): Membership {
    const m: Membership = { counties: [], kmByCounty: {}, km2ByCounty: {}, km: 0, km2: 0 };
    const f = turfFeature(geometry);
    const b = turfBbox(f) as BBox;
    const region = this.options.exactOnly ? undefined : this.grid.regionOf(b);
    if (region !== undefined) return this.membershipWithin(region, geometry, m);
    // Points are as cheap to place as to look up; lines and polygons near a border are not.
    if (!this.cache || geometry.type === 'Point' || geometry.type === 'MultiPoint') return this.membershipExact(geometry, f, b, m);
    const key = geometryKey(geometry);
    const hit = this.cache.get(key);
    if (hit) return hit;
    const out = this.membershipExact(geometry, f, b, m);
    this.cache.set(key, out);
    return out;
  }

  private membershipExact(geometry: Geometry, f: Feature, b: BBox, m: Membership): Membership {
    const cands = this.candidates(b);
    switch (geometry.type) {
      case 'Point':
      case 'MultiPoint': {
        const pts = geometry.type === 'Point' ? [geometry.coordinates] : geometry.coordinates;
        for (const c of cands) if (pts.some((p) => booleanPointInPolygon(point(p), c))) m.counties.push(c.properties.code);
        break;
      }
      case 'LineString':
      case 'MultiLineString': {
        const lines = geometry.type === 'LineString' ? [geometry.coordinates] : geometry.coordinates;
        m.km = lengthKm(lines);
        for (const c of cands) {
          const near = clipTo(c, b);
          const km = near ? lines.reduce((s, l) => s + this.lengthOwned(l, near, c.properties.code), 0) : 0;
          // A line that only runs along a border is not in the county on the other side.
          if (km > MIN_KM) {
            m.counties.push(c.properties.code);
            m.kmByCounty[c.properties.code] = km;
          }
        }
        break;
      }
      case 'Polygon':
      case 'MultiPolygon': {
        const poly = f as Feature<Polygon | MultiPolygon>;
        m.km2 = area(poly) / 1e6;
        for (const c of cands) {
          const near = clipTo(c, b);
          if (!near) continue;
          const km2 = intersectionKm2(poly.geometry, near.geometry);
          // Polygons built from county outlines touch their neighbours along the border: that is not membership.
          if (km2 <= MIN_KM2) continue;
          m.counties.push(c.properties.code);
          m.km2ByCounty[c.properties.code] = km2;
        }
        break;
      }
      default:
        break;
    }
    const order = this.counties.map((c) => c.properties.code);
    m.counties.sort((a, z) => order.indexOf(a) - order.indexOf(z));
    return m;
  }

  /**
   * The county a point on the map is counted in: the first, in GB/T order, whose polygon holds it,
   * its boundary included. Inside a county that is the county; on a border two counties share,
   * the first of them — so a line running along a border is counted once, on one side.
   */
  private ownerOf(p: Position): string | undefined {
    const pt = point(p);
    return this.candidates([p[0], p[1], p[0], p[1]])
      .sort((a, z) => this.counties.indexOf(a) - this.counties.indexOf(z))
      .find((c) => booleanPointInPolygon(pt, c))?.properties.code;
  }

  /** Length in km of the part of a line that `county` owns: split at its boundary, keep the pieces whose midpoint it owns. */
  private lengthOwned(coords: Position[], county: CountyFeature, code: string): number {
    const line = lineString(coords);
    const pieces = lineSplit(line, county as Feature<Polygon>).features as Feature<LineString>[];
    let km = 0;
    for (const piece of pieces.length ? pieces : [line]) {
      const cs = piece.geometry.coordinates;
      if (cs.length < 2) continue;
      if (this.ownerOf(midpointOf(cs)) === code) km += length(piece, { units: 'kilometers' });
    }
    return km;
  }

  /**
   * Fast path, same answer as the exact one: the geometry's bbox lies in the interior of county
   * `region` (or outside all counties when -1), so the whole geometry is in that county alone.
   */
  private membershipWithin(region: number, geometry: Geometry, m: Membership): Membership {
    const code = region >= 0 ? this.counties[region].properties.code : undefined;
    switch (geometry.type) {
      case 'Point':
      case 'MultiPoint':
        if (code) m.counties.push(code);
        break;
      case 'LineString':
      case 'MultiLineString': {
        const lines = geometry.type === 'LineString' ? [geometry.coordinates] : geometry.coordinates;
        m.km = lengthKm(lines);
        if (code && m.km > MIN_KM) {
          m.counties.push(code);
          m.kmByCounty[code] = m.km;
        }
        break;
      }
      case 'Polygon':
      case 'MultiPolygon':
        m.km2 = area(turfFeature(geometry)) / 1e6;
        if (code && m.km2 > MIN_KM2) {
          m.counties.push(code);
          m.km2ByCounty[code] = m.km2;
        }
        break;
      default:
        break;
    }
    return m;
  }
}

/** Whole length of a (multi)line in km. */
function lengthKm(lines: Position[][]): number {
  return lines.reduce((s, l) => s + length(lineString(l), { units: 'kilometers' }), 0);
}

/**
 * The county cut to a box a little larger than `b`: the same shape wherever the feature is, but
 * with a few vertices instead of hundreds, so turf's split and intersection are fast. Undefined
 * when nothing of the county is left in the box.
 */
function clipTo(county: CountyFeature, b: BBox): CountyFeature | undefined {
  const pad = Math.max(b[2] - b[0], b[3] - b[1]) * 0.01 + 1e-6;
  const clipped = bboxClip(county, [b[0] - pad, b[1] - pad, b[2] + pad, b[3] + pad]) as CountyFeature;
  const g = clipped.geometry;
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  const kept = polys.filter((rings) => rings.length > 0 && rings[0].length >= 4);
  if (kept.length === 0) return undefined;
  return { ...clipped, geometry: kept.length === 1 ? { type: 'Polygon', coordinates: kept[0] } : { type: 'MultiPolygon', coordinates: kept } };
}

/** A point halfway along the piece's first segment — inside the piece, never on a split boundary. */
function midpointOf(cs: Position[]): Position {
  return midpoint(point(cs[0]), point(cs[1])).geometry.coordinates;
}

/**
 * km² of the intersection of two (multi)polygons. polygon-clipping (plain floating point, the
 * library turf 6 used) is about 3.5× faster here than turf 7's `intersect` (polyclip-ts, which
 * computes in bignumber.js) and gives the same areas to 1e-6 km² on the benchmark's features.
 */
function intersectionKm2(a: Polygon | MultiPolygon, b: Polygon | MultiPolygon): number {
  const part = polygonClipping.intersection(a.coordinates as never, b.coordinates as never);
  return part.length ? area({ type: 'MultiPolygon', coordinates: part }) / 1e6 : 0;
}
