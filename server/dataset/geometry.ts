/** Structural checks of GeoJSON geometries (RFC 7946 shapes, WGS 84 ranges). */
import type { Geometry, Position } from 'geojson';

const GEOMETRY_KIND: Record<string, 'point' | 'line' | 'polygon'> = {
  Point: 'point',
  MultiPoint: 'point',
  LineString: 'line',
  MultiLineString: 'line',
  Polygon: 'polygon',
  MultiPolygon: 'polygon',
};

/** 'point' | 'line' | 'polygon' for a geometry type, undefined for others (e.g. GeometryCollection). */
export function geometryKind(type: string): 'point' | 'line' | 'polygon' | undefined {
  return GEOMETRY_KIND[type];
}

function positionProblem(p: unknown): string | undefined {
  if (!Array.isArray(p) || p.length < 2 || p.length > 3 || !p.every((n) => typeof n === 'number' && Number.isFinite(n))) {
    return `position ${JSON.stringify(p)} is not [longitude, latitude]`;
  }
  const [lon, lat] = p as number[];
  if (lon < -180 || lon > 180 || lat < -90 || lat > 90) return `position [${lon}, ${lat}] is outside WGS 84 ranges`;
  return undefined;
}

function ringProblem(ring: unknown): string | undefined {
  if (!Array.isArray(ring) || ring.length < 4) return 'a polygon ring needs at least 4 positions';
  for (const p of ring) {
    const bad = positionProblem(p);
    if (bad) return bad;
  }
  const a = ring[0] as Position;
  const b = ring[ring.length - 1] as Position;
  if (a[0] !== b[0] || a[1] !== b[1]) return 'a polygon ring must end where it starts';
  return undefined;
}

function lineProblem(line: unknown): string | undefined {
  if (!Array.isArray(line) || line.length < 2) return 'a line needs at least 2 positions';
  for (const p of line) {
    const bad = positionProblem(p);
    if (bad) return bad;
  }
  return undefined;
}

function polygonProblem(rings: unknown): string | undefined {
  if (!Array.isArray(rings) || rings.length === 0) return 'a polygon needs at least one ring';
  for (const r of rings) {
    const bad = ringProblem(r);
    if (bad) return bad;
  }
  return undefined;
}

function listOf(items: unknown, check: (x: unknown) => string | undefined): string | undefined {
  if (!Array.isArray(items) || items.length === 0) return 'coordinates must be a non-empty array';
  for (const x of items) {
    const bad = check(x);
    if (bad) return bad;
  }
  return undefined;
}

/** Why a value is not a usable GeoJSON geometry, or undefined if it is. */
export function geometryProblem(g: unknown): string | undefined {
  if (g === null || typeof g !== 'object') return 'geometry is missing';
  const { type, coordinates } = g as { type?: unknown; coordinates?: unknown };
  switch (type) {
    case 'Point':
      return positionProblem(coordinates);
    case 'MultiPoint':
      return listOf(coordinates, positionProblem);
    case 'LineString':
      return lineProblem(coordinates);
    case 'MultiLineString':
      return listOf(coordinates, lineProblem);
    case 'Polygon':
      return polygonProblem(coordinates);
    case 'MultiPolygon':
      return listOf(coordinates, polygonProblem);
    default:
      return `geometry type ${JSON.stringify(type)} is not one of Point, MultiPoint, LineString, MultiLineString, Polygon, MultiPolygon`;
  }
}

/** The polygons of a Polygon or MultiPolygon, each with all its rings (outer first, then holes); none for other geometry. */
export function polygonsOf(g: Geometry): Position[][][] {
  if (g.type === 'Polygon') return [g.coordinates];
  if (g.type === 'MultiPolygon') return g.coordinates;
  return [];
}
