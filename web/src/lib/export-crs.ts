/**
 * Exports in GCJ-02 (the coordinates 高德 and other Chinese web maps use; 百度 reads them as
 * `coordtype=gcj02ll`): every position of the exported features moved from WGS 84 by `gcoord`,
 * loaded only when such an export is asked for. The transform is pure and tested without a browser.
 */
import type { Geometry, Position } from 'geojson';

export type ExportCrs = 'wgs84' | 'gcj02';

/** A geometry with every position passed through `fn` (any nesting, collections included). */
export function mapGeometry<G extends Geometry>(g: G, fn: (p: Position) => Position): G {
  const deep = (c: unknown): unknown => (Array.isArray(c) && typeof c[0] === 'number' ? fn(c as Position) : Array.isArray(c) ? c.map(deep) : c);
  if (g.type === 'GeometryCollection') return { ...g, geometries: g.geometries.map((x) => mapGeometry(x, fn)) };
  return { ...g, coordinates: deep((g as Exclude<Geometry, { type: 'GeometryCollection' }>).coordinates) } as G;
}

/** The features with their geometries passed through `fn`; properties untouched. */
export function mapFeatures<F extends { geometry: Geometry }>(features: readonly F[], fn: (p: Position) => Position): F[] {
  return features.map((f) => ({ ...f, geometry: mapGeometry(f.geometry, fn) }));
}

/** The features in `crs` (WGS 84 as they are; GCJ-02 through gcoord). */
export async function featuresIn<F extends { geometry: Geometry }>(features: readonly F[], crs: ExportCrs): Promise<F[]> {
  if (crs === 'wgs84') return [...features];
  const { default: gcoord } = await import('gcoord');
  return mapFeatures(features, (p) => [...(gcoord.transform([p[0], p[1]], gcoord.WGS84, gcoord.GCJ02) as [number, number]), ...p.slice(2)]);
}
