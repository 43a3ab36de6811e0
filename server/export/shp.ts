/**
 * The geometry half of an ESRI Shapefile: .shp and .shx bytes for one shape type (ESRI Shapefile
 * Technical Description, 1998). Written here because `@mapbox/shp-write` 0.4.3 counts the parts
 * of lines and polygons wrongly (all LineStrings of a file become one record); the layout is
 * small and fixed, and GDAL's `ogrinfo` and our own import (`shpjs`) read what this writes (tested).
 * Polygon rings are written as the format wants: outer rings clockwise, holes counter-clockwise.
 */
import type { Geometry, Position } from 'geojson';
import { kindOf } from '../../core/geometry-kind';

export const SHAPE_TYPE = { point: 1, line: 3, polygon: 5, multipoint: 8 } as const;
export type ShapeKind = keyof typeof SHAPE_TYPE;

/** Which shapefile a GeoJSON geometry goes to; null for what a shapefile cannot hold (GeometryCollection). */
export function shapeKindOf(g: Geometry): ShapeKind | null {
  return g.type === 'MultiPoint' ? 'multipoint' : kindOf(g);
}

/** Twice the signed area (shoelace): negative for a clockwise ring (x east, y north). */
function signedArea2(ring: Position[]): number {
  let s = 0;
  for (let i = 0, n = ring.length; i < n - 1; i++) s += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return s;
}

const oriented = (ring: Position[], clockwise: boolean) => ((signedArea2(ring) < 0) === clockwise ? ring : [...ring].reverse());

/** The parts (point lists) of a line or polygon geometry, rings oriented for the format. */
function partsOf(g: Geometry): Position[][] {
  switch (g.type) {
    case 'LineString':
      return [g.coordinates];
    case 'MultiLineString':
      return g.coordinates;
    case 'Polygon':
      return g.coordinates.map((r, i) => oriented(r, i === 0));
    case 'MultiPolygon':
      return g.coordinates.flatMap((poly) => poly.map((r, i) => oriented(r, i === 0)));
    default:
      return [];
  }
}

interface Box {
  xmin: number;
  ymin: number;
  xmax: number;
  ymax: number;
}
const emptyBox = (): Box => ({ xmin: Infinity, ymin: Infinity, xmax: -Infinity, ymax: -Infinity });
function grow(b: Box, p: Position) {
  if (p[0] < b.xmin) b.xmin = p[0];
  if (p[0] > b.xmax) b.xmax = p[0];
  if (p[1] < b.ymin) b.ymin = p[1];
  if (p[1] > b.ymax) b.ymax = p[1];
}
function putBox(v: DataView, at: number, b: Box) {
  const fin = Number.isFinite(b.xmin);
  v.setFloat64(at, fin ? b.xmin : 0, true);
  v.setFloat64(at + 8, fin ? b.ymin : 0, true);
  v.setFloat64(at + 16, fin ? b.xmax : 0, true);
  v.setFloat64(at + 24, fin ? b.ymax : 0, true);
}

/** One record's content (without the 8-byte record header). */
function content(kind: ShapeKind, g: Geometry, box: Box): Uint8Array {
  const type = SHAPE_TYPE[kind];
  if (kind === 'point') {
    const p = (g as { coordinates: Position }).coordinates;
    const v = new DataView(new ArrayBuffer(20));
    v.setInt32(0, type, true);
    v.setFloat64(4, p[0], true);
    v.setFloat64(12, p[1], true);
    grow(box, p);
    return new Uint8Array(v.buffer);
  }
  if (kind === 'multipoint') {
    const pts = (g as { coordinates: Position[] }).coordinates;
    const own = emptyBox();
    for (const p of pts) {
      grow(own, p);
      grow(box, p);
    }
    const v = new DataView(new ArrayBuffer(40 + 16 * pts.length));
    v.setInt32(0, type, true);
    putBox(v, 4, own);
    v.setInt32(36, pts.length, true);
    pts.forEach((p, i) => {
      v.setFloat64(40 + 16 * i, p[0], true);
      v.setFloat64(48 + 16 * i, p[1], true);
    });
    return new Uint8Array(v.buffer);
  }
  const parts = partsOf(g);
  const n = parts.reduce((s, p) => s + p.length, 0);
  const own = emptyBox();
  for (const part of parts)
    for (const p of part) {
      grow(own, p);
      grow(box, p);
    }
  const v = new DataView(new ArrayBuffer(44 + 4 * parts.length + 16 * n));
  v.setInt32(0, type, true);
  putBox(v, 4, own);
  v.setInt32(36, parts.length, true);
  v.setInt32(40, n, true);
  let at = 44 + 4 * parts.length;
  let first = 0;
  parts.forEach((part, i) => {
    v.setInt32(44 + 4 * i, first, true);
    first += part.length;
    for (const p of part) {
      v.setFloat64(at, p[0], true);
      v.setFloat64(at + 8, p[1], true);
      at += 16;
    }
  });
  return new Uint8Array(v.buffer);
}

function header(v: DataView, type: number, fileBytes: number, box: Box) {
  v.setInt32(0, 9994, false);
  v.setInt32(24, fileBytes / 2, false);
  v.setInt32(28, 1000, true);
  v.setInt32(32, type, true);
  putBox(v, 36, box);
}

/** .shp and .shx for geometries that are all of `kind` (see shapeKindOf). */
export function writeShp(kind: ShapeKind, geometries: readonly Geometry[]): { shp: Uint8Array; shx: Uint8Array } {
  const box = emptyBox();
  const records = geometries.map((g) => content(kind, g, box));
  const shpBytes = 100 + records.reduce((s, r) => s + 8 + r.length, 0);
  const shp = new Uint8Array(shpBytes);
  const shx = new Uint8Array(100 + 8 * records.length);
  const sv = new DataView(shp.buffer);
  const xv = new DataView(shx.buffer);
  header(sv, SHAPE_TYPE[kind], shpBytes, box);
  header(xv, SHAPE_TYPE[kind], shx.length, box);
  let at = 100;
  records.forEach((r, i) => {
    xv.setInt32(100 + 8 * i, at / 2, false);
    xv.setInt32(104 + 8 * i, r.length / 2, false);
    sv.setInt32(at, i + 1, false);
    sv.setInt32(at + 4, r.length / 2, false);
    shp.set(r, at + 8);
    at += 8 + r.length;
  });
  return { shp, shx };
}
