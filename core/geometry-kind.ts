/** The kind of a GeoJSON geometry as the layers know it (core/schema's layer `geometry`). */
import type { Geometry } from 'geojson';

export type GeometryKind = 'point' | 'line' | 'polygon';

/** A geometry's kind (a multi-part geometry's kind is its parts'), or null for a collection. */
export function kindOf(g: Geometry): GeometryKind | null {
  switch (g.type) {
    case 'Point':
    case 'MultiPoint':
      return 'point';
    case 'LineString':
    case 'MultiLineString':
      return 'line';
    case 'Polygon':
    case 'MultiPolygon':
      return 'polygon';
    default:
      return null;
  }
}
