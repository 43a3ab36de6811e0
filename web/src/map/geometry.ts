/** Pure geometry helpers for placing labels, fitting views and exporting coordinates. */
import type { Feature, Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import { bbox as turfBbox, centroid, booleanPointInPolygon, pointOnFeature } from '@turf/turf';
import type { BBox } from '../../../core/filters';

/** Bounding box of any geometry or feature(s); null when there are no coordinates. */
export function boundsOf(input: Geometry | Feature | { type: 'FeatureCollection'; features: Feature[] }): BBox | null {
  if (input.type === 'FeatureCollection' && input.features.length === 0) return null;
  const b = turfBbox(input as Parameters<typeof turfBbox>[0]);
  if (!b.every(Number.isFinite)) return null;
  return [b[0], b[1], b[2], b[3]];
}

/** A point that stands for a geometry: the point itself, a line's middle vertex, a polygon's inner point. */
export function representativePoint(g: Geometry | null | undefined): Position | null {
  if (!g) return null;
  switch (g.type) {
    case 'Point':
      return g.coordinates;
    case 'MultiPoint':
      return g.coordinates[0] ?? null;
    case 'LineString':
      return g.coordinates[Math.floor(g.coordinates.length / 2)] ?? null;
    case 'MultiLineString': {
      const longest = [...g.coordinates].sort((a, b) => b.length - a.length)[0];
      return longest?.[Math.floor(longest.length / 2)] ?? null;
    }
    case 'Polygon':
    case 'MultiPolygon':
      return labelPoint(g);
    case 'GeometryCollection':
      return representativePoint(g.geometries[0]);
  }
}

/** Where to write a polygon's name: its centroid if that lies inside, else a point on its surface. */
export function labelPoint(g: Polygon | MultiPolygon): Position {
  const c = centroid(g).geometry.coordinates;
  if (booleanPointInPolygon(c, g)) return c;
  return pointOnFeature(g).geometry.coordinates;
}

/** Split a list into the features drawn as icons (points) and those drawn as shapes (lines, polygons). */
export function splitByGeometry<F extends Feature>(features: readonly F[]): { points: { position: Position; feature: F }[]; shapes: F[] } {
  const points: { position: Position; feature: F }[] = [];
  const shapes: F[] = [];
  for (const f of features) {
    const g = f.geometry;
    if (!g) continue;
    if (g.type === 'Point') points.push({ position: g.coordinates, feature: f });
    else if (g.type === 'MultiPoint') for (const c of g.coordinates) points.push({ position: c, feature: f });
    else shapes.push(f);
  }
  return { points, shapes };
}
