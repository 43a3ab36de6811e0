/**
 * Geometry editing, the pure part (tested without a browser): which drawing a feature's geometry
 * allows, splitting it into the simple parts the drawing library edits (a multi-part line into its
 * lines) and joining them back, and what an edit changed, in words a preview can show ("moved
 * 1.2 km", "vertices 12 → 14").
 */
import { centroid, distance } from '@turf/turf';
import type { Geometry, LineString, Point, Polygon, Position } from 'geojson';
import { kindOf, type GeometryKind } from '../../../../core/geometry-kind';

/** What the drawing library can draw or reshape: one point, one line, one polygon. */
export type DrawKind = GeometryKind;
export { kindOf };
export type Part = Point | LineString | Polygon;

/** The kinds a new feature of a layer may be drawn as (a layer's `geometry` in the registry). */
export function kindsOfLayer(geometry: 'point' | 'line' | 'polygon' | 'mixed'): DrawKind[] {
  return geometry === 'mixed' ? ['point', 'line', 'polygon'] : [geometry];
}

/**
 * The simple parts of a geometry, one per drawn feature, or a reason it cannot be edited here:
 * polygons with holes (the drawing library edits outer rings only) and collections.
 */
export function toParts(g: Geometry): { parts: Part[] } | { unsupported: 'holes' | 'collection' } {
  switch (g.type) {
    case 'Point':
    case 'LineString':
      return { parts: [g] };
    case 'Polygon':
      return g.coordinates.length > 1 ? { unsupported: 'holes' } : { parts: [g] };
    case 'MultiPoint':
      return { parts: g.coordinates.map((coordinates) => ({ type: 'Point', coordinates })) };
    case 'MultiLineString':
      return { parts: g.coordinates.map((coordinates) => ({ type: 'LineString', coordinates })) };
    case 'MultiPolygon':
      return g.coordinates.some((p) => p.length > 1) ? { unsupported: 'holes' } : { parts: g.coordinates.map((coordinates) => ({ type: 'Polygon', coordinates })) };
    default:
      return { unsupported: 'collection' };
  }
}

/** The parts joined back into a geometry of the original's type (a single part stays single). */
export function fromParts(original: Geometry['type'], parts: Part[]): Geometry {
  if (original === 'MultiPoint') return { type: 'MultiPoint', coordinates: parts.map((p) => (p as Point).coordinates) };
  if (original === 'MultiLineString') return { type: 'MultiLineString', coordinates: parts.map((p) => (p as LineString).coordinates) };
  if (original === 'MultiPolygon') return { type: 'MultiPolygon', coordinates: parts.map((p) => (p as Polygon).coordinates) };
  return parts[0];
}

/**
 * Vertices as an editor counts them: a polygon's ring repeats its first position at the end, which
 * is not a vertex of its own.
 */
export function vertexCount(g: Geometry): number {
  const ring = (r: Position[]) => Math.max(0, r.length - 1);
  switch (g.type) {
    case 'Point':
      return 1;
    case 'MultiPoint':
    case 'LineString':
      return g.coordinates.length;
    case 'MultiLineString':
      return g.coordinates.reduce((n, l) => n + l.length, 0);
    case 'Polygon':
      return g.coordinates.reduce((n, r) => n + ring(r), 0);
    case 'MultiPolygon':
      return g.coordinates.reduce((n, p) => n + p.reduce((m, r) => m + ring(r), 0), 0);
    default:
      return g.geometries.reduce((n, x) => n + vertexCount(x), 0);
  }
}

export interface GeometryChange {
  kind: DrawKind;
  /** How far the point (or the shape's centroid) moved, km. */
  movedKm: number;
  vertices: { before: number; after: number };
  /** Whether anything changed at all (positions compared exactly). */
  changed: boolean;
}

/** What an edit did to a geometry: distance moved (of the point, or of the shape's centroid) and vertices. */
export function geometryChange(before: Geometry, after: Geometry): GeometryChange {
  const movedKm = distance(centroid(before).geometry.coordinates, centroid(after).geometry.coordinates, { units: 'kilometers' });
  return {
    kind: kindOf(after) ?? 'point',
    movedKm,
    vertices: { before: vertexCount(before), after: vertexCount(after) },
    changed: JSON.stringify(before) !== JSON.stringify(after),
  };
}

/** A distance for people: metres under 1 km, else km with one decimal (two under 10 km). */
export function formatKm(km: number): { value: string; unit: 'm' | 'km' } {
  if (km < 1) return { value: String(Math.round(km * 1000)), unit: 'm' };
  return { value: km < 10 ? km.toFixed(2) : km.toFixed(1), unit: 'km' };
}

/** Positions rounded to 7 decimals (about 1 cm): what the drawing library's floating point adds is not kept. */
export function roundGeometry<G extends Geometry>(g: G): G {
  const r = (p: Position): Position => p.map((x) => Math.round(x * 1e7) / 1e7);
  const walk = (c: unknown): unknown => (typeof (c as unknown[])[0] === 'number' ? r(c as Position) : (c as unknown[]).map(walk));
  if (g.type === 'GeometryCollection') return { ...g, geometries: g.geometries.map(roundGeometry) };
  return { ...g, coordinates: walk((g as Exclude<Geometry, import('geojson').GeometryCollection>).coordinates) } as G;
}
