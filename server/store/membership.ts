/**
 * Which counties a feature's geometry touches, and how much of it lies in each: km of line,
 * km² of polygon. Computed once at load with turf against the county polygons.
 */
import {
  area,
  bbox as turfBbox,
  booleanIntersects,
  booleanPointInPolygon,
  feature as turfFeature,
  featureCollection,
  intersect,
  length,
  lineSplit,
  lineString,
  midpoint,
  point,
} from '@turf/turf';
import Flatbush from 'flatbush';
import type { Feature, Geometry, LineString, MultiPolygon, Polygon, Position } from 'geojson';
import type { CountyProperties } from '../../core/schema';

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

  constructor(readonly counties: CountyFeature[]) {
    this.index = new Flatbush(Math.max(counties.length, 1));
    this.boxes = counties.map((c) => turfBbox(c) as BBox);
    for (const b of this.boxes) this.index.add(b[0], b[1], b[2], b[3]);
    if (counties.length === 0) this.index.add(0, 0, 0, 0);
    this.index.finish();
  }

  /** Counties whose bounding box meets `b`. */
  candidates(b: BBox): CountyFeature[] {
    return this.index.search(b[0], b[1], b[2], b[3]).filter((i) => i < this.counties.length).map((i) => this.counties[i]);
  }

  membershipOf(geometry: Geometry): Membership {
    const m: Membership = { counties: [], kmByCounty: {}, km2ByCounty: {}, km: 0, km2: 0 };
    const f = turfFeature(geometry);
    const b = turfBbox(f) as BBox;
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
        m.km = lines.reduce((s, l) => s + length(lineString(l), { units: 'kilometers' }), 0);
        for (const c of cands) {
          const km = lines.reduce((s, l) => s + lengthInside(l, c), 0);
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
          if (!booleanIntersects(poly, c)) continue;
          const part = intersect(featureCollection([poly, c]));
          const km2 = part ? area(part) / 1e6 : 0;
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
}

/** Length in km of the part of a line inside a county: split at the boundary, keep pieces whose midpoint is inside. */
function lengthInside(coords: Position[], county: CountyFeature): number {
  const line = lineString(coords);
  const pieces = lineSplit(line, county as Feature<Polygon>).features as Feature<LineString>[];
  const parts = pieces.length ? pieces : [line];
  let km = 0;
  for (const piece of parts) {
    const cs = piece.geometry.coordinates;
    if (cs.length < 2) continue;
    const mid = midpointOf(cs);
    if (booleanPointInPolygon(mid, county)) km += length(piece, { units: 'kilometers' });
  }
  return km;
}

/** A point halfway along the piece's first segment — inside the piece, never on a split boundary. */
function midpointOf(cs: Position[]) {
  return midpoint(point(cs[0]), point(cs[1]));
}
