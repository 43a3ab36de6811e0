/**
 * CQL2 text → the store's FilterExpr (server/store/filter.ts). The grammar (cql2.peggy, compiled
 * once by peggy on first use) says what is well-formed; `toFilter` checks what it means
 * here: known queryables, literal types, supported functions, sane geometries. Any problem is a
 * `CqlError` whose message names the property, operator or position, for a 400.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Geometry, Polygon, Position } from 'geojson';
import type peggy from 'peggy';
import { normalizeCountyCode } from '../../core/contract';
import { FILTER_PROPERTIES, type ComparisonOp, type FilterExpr, type Literal } from '../store/filter';

/** Longest filter accepted, in characters; deepest nesting of parentheses; most conditions. */
export const MAX_FILTER_LENGTH = 8000;
export const MAX_NESTING = 40;
export const MAX_CONDITIONS = 200;
/** The queryable that names the feature's geometry in spatial predicates. */
export const GEOMETRY_QUERYABLE = 'geometry';

export class CqlError extends Error {}

// Compiled on the first filter rather than at load: it took about 0.2 s of every server start.
// peggy itself is loaded then too (a CommonJS package, so synchronously: ~40 ms off each start).
let compiled: peggy.Parser | undefined;
const parser = () =>
  (compiled ??= (createRequire(import.meta.url)('peggy') as typeof peggy).generate(readFileSync(new URL('./cql2.peggy', import.meta.url), 'utf8')));

// The parse tree (see cql2.peggy).
type Scalar = { type: 'lit'; value: Literal } | { type: 'prop'; name: string } | Call;
type Call = { type: 'call'; name: string; args: Arg[]; at: number };
type Arg = Scalar | { type: 'array'; items: Scalar[] } | { type: 'bbox'; values: number[] } | { type: 'wkt'; kind: string; coords: unknown[] };
type Node =
  | { type: 'and' | 'or'; args: Node[] }
  | { type: 'not'; arg: Node }
  | { type: 'cmp'; op: ComparisonOp; left: Scalar; right: Scalar; at: number }
  | { type: 'like'; not: boolean; left: Scalar; right: Scalar; at: number }
  | { type: 'between'; not: boolean; left: Scalar; lo: Scalar; hi: Scalar; at: number }
  | { type: 'in'; not: boolean; left: Scalar; values: Scalar[]; at: number }
  | { type: 'isNull'; not: boolean; left: Scalar; at: number }
  | { type: 'bool'; value: boolean }
  | { type: 'bare'; property: string; at: number }
  | Call;

const QUERYABLES = () => [...Object.keys(FILTER_PROPERTIES), GEOMETRY_QUERYABLE].join(', ');
const show = (s: string) => (s.length > 40 ? `${s.slice(0, 40)}…` : s);

/** Parse CQL2 text into a FilterExpr, or throw a CqlError saying what is wrong. */
export function parseCql2(text: string): FilterExpr {
  if (text.length > MAX_FILTER_LENGTH) throw new CqlError(`filter is ${text.length} characters long; at most ${MAX_FILTER_LENGTH} are allowed.`);
  let depth = 0;
  for (const ch of text) {
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    if (depth > MAX_NESTING) throw new CqlError(`filter nests parentheses more than ${MAX_NESTING} deep.`);
  }
  let tree: Node;
  try {
    tree = parser().parse(text) as Node;
  } catch (e) {
    const err = e as { location?: { start: { offset: number } }; message: string };
    const at = err.location?.start.offset ?? 0;
    throw new CqlError(`filter is not valid CQL2 text at character ${at + 1} (near "${show(text.slice(at, at + 20))}"): ${err.message}`);
  }
  const counter = { n: 0 };
  return toFilter(tree, counter);
}

function toFilter(n: Node, counter: { n: number }): FilterExpr {
  if (++counter.n > MAX_CONDITIONS) throw new CqlError(`filter has more than ${MAX_CONDITIONS} conditions.`);
  switch (n.type) {
    case 'and':
    case 'or':
      return { op: n.type, args: n.args.map((a) => toFilter(a, counter)) };
    case 'not':
      return { op: 'not', arg: toFilter(n.arg, counter) };
    case 'bool':
      // An empty AND is true, an empty OR false (filter.ts).
      return { op: n.value ? 'and' : 'or', args: [] };
    case 'bare':
      throw new CqlError(`filter: "${show(n.property)}" at character ${n.at + 1} is a property, not a condition; compare it, e.g. ${show(n.property)} = 'value'.`);
    case 'cmp': {
      const flipped = n.left.type !== 'prop' && n.right.type === 'prop';
      const prop = property(flipped ? n.right : n.left, n.at);
      const value = literal(flipped ? n.left : n.right, prop, n.at);
      const op = flipped ? FLIP[n.op] : n.op;
      return { op, property: prop, value };
    }
    case 'like': {
      const prop = property(n.left, n.at);
      if (FILTER_PROPERTIES[prop].type !== 'string') throw new CqlError(`filter: LIKE needs a text property; "${prop}" is ${FILTER_PROPERTIES[prop].type}.`);
      if (n.right.type === 'call') throw unsupportedCall(n.right);
      if (n.right.type !== 'lit' || typeof n.right.value !== 'string')
        throw new CqlError(`filter: a LIKE pattern is quoted text, e.g. name LIKE '三清%' (character ${n.at + 1}).`);
      if (/(^|[^\\])(\\\\)*\\$/.test(n.right.value)) throw new CqlError(`filter: a LIKE pattern may not end with a lone \\ (it escapes the next character; write \\\\ for a backslash).`);
      const e: FilterExpr = { op: 'like', property: prop, pattern: n.right.value };
      return n.not ? { op: 'not', arg: e } : e;
    }
    case 'between': {
      const prop = property(n.left, n.at);
      const e: FilterExpr = { op: 'and', args: [{ op: '>=', property: prop, value: literal(n.lo, prop, n.at) }, { op: '<=', property: prop, value: literal(n.hi, prop, n.at) }] };
      return n.not ? { op: 'not', arg: e } : e;
    }
    case 'in': {
      const prop = property(n.left, n.at);
      const e: FilterExpr = { op: 'in', property: prop, values: n.values.map((v) => literal(v, prop, n.at)) };
      return n.not ? { op: 'not', arg: e } : e;
    }
    case 'isNull': {
      const e: FilterExpr = { op: 'isNull', property: property(n.left, n.at) };
      return n.not ? { op: 'not', arg: e } : e;
    }
    case 'call':
      return spatial(n);
  }
}

const FLIP: Record<ComparisonOp, ComparisonOp> = { '=': '=', '<>': '<>', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

function unsupportedCall(c: Call): CqlError {
  return new CqlError(`filter: the function or operator ${show(c.name.toUpperCase())} (character ${c.at + 1}) is not supported; supported: comparisons (=, <>, <, <=, >, >=), LIKE, IN, BETWEEN, IS NULL, AND, OR, NOT and S_INTERSECTS(geometry, a BBOX or WKT geometry).`);
}

function property(s: Scalar, at: number): string {
  if (s.type === 'call') throw unsupportedCall(s);
  if (s.type !== 'prop') throw new CqlError(`filter: expected a property name at character ${at + 1}, found the literal ${show(JSON.stringify(s.value))}; queryables: ${QUERYABLES()}.`);
  if (s.name === GEOMETRY_QUERYABLE) throw new CqlError(`filter: "${GEOMETRY_QUERYABLE}" can only be used in S_INTERSECTS.`);
  if (!Object.prototype.hasOwnProperty.call(FILTER_PROPERTIES, s.name))
    throw new CqlError(`filter: unknown property "${show(s.name)}"; queryables: ${QUERYABLES()} (see the collection's /queryables).`);
  return s.name;
}

function literal(s: Scalar, prop: string, at: number): Literal {
  if (s.type === 'call') throw unsupportedCall(s);
  if (s.type !== 'lit') throw new CqlError(`filter: compare the property "${prop}" with a literal value (character ${at + 1}), not with the property "${show(s.name)}".`);
  const info = FILTER_PROPERTIES[prop];
  const v = s.value;
  // Whole numbers within PostgreSQL's integer, so both stores can compare them.
  const ok = info.type === 'integer' ? typeof v === 'number' && Number.isInteger(v) && Math.abs(v) <= 2 ** 31 - 1 : typeof v === info.type;
  if (!ok)
    throw new CqlError(`filter: "${prop}" is ${info.type === 'integer' ? 'a whole number (at most 2147483647 either side of 0)' : info.type === 'string' ? "text (quote it: 'value')" : 'TRUE or FALSE'}; got ${show(typeof v === 'string' ? `'${v}'` : String(v))}.`);
  if (prop === 'county' && typeof v === 'string') return normalizeCountyCode(v) ?? v;
  return v;
}

function spatial(c: Call): FilterExpr {
  if (c.name.toUpperCase() !== 'S_INTERSECTS') throw unsupportedCall(c);
  const usage = 'S_INTERSECTS(geometry, BBOX(minLon, minLat, maxLon, maxLat)) or S_INTERSECTS(geometry, POLYGON((lon lat, …)))';
  if (c.args.length !== 2) throw new CqlError(`filter: S_INTERSECTS takes two arguments; use ${usage}.`);
  const propIndex = c.args.findIndex((a) => a.type === 'prop');
  const prop = c.args[propIndex];
  const geom = c.args[1 - propIndex];
  if (propIndex < 0 || prop.type !== 'prop' || prop.name !== GEOMETRY_QUERYABLE)
    throw new CqlError(`filter: S_INTERSECTS compares the property "${GEOMETRY_QUERYABLE}" with a geometry; use ${usage}.`);
  if (geom.type === 'bbox') return { op: 'intersects', geometry: bboxPolygon(geom.values) };
  if (geom.type === 'wkt') return { op: 'intersects', geometry: wktGeometry(geom.kind, geom.coords) };
  throw new CqlError(`filter: S_INTERSECTS needs a geometry literal (BBOX, POINT, LINESTRING, POLYGON or their MULTI forms); use ${usage}.`);
}

function checkPosition(p: Position) {
  if (p.length !== 2 || !(p[0] >= -180 && p[0] <= 180 && p[1] >= -90 && p[1] <= 90))
    throw new CqlError(`filter: the position ${show(p.join(' '))} is not "lon lat" in WGS 84 degrees (longitude -180..180, latitude -90..90).`);
}

function bboxPolygon(v: number[]): Polygon {
  if (v.length !== 4) throw new CqlError(`filter: BBOX takes 4 numbers (minLon, minLat, maxLon, maxLat); got ${v.length}.`);
  const [a, b, c, d] = v;
  checkPosition([a, b]);
  checkPosition([c, d]);
  if (a > c || b > d) throw new CqlError('filter: BBOX is reversed; give minLon, minLat, maxLon, maxLat.');
  return { type: 'Polygon', coordinates: [[[a, b], [c, b], [c, d], [a, d], [a, b]]] };
}

const MAX_VERTICES = 10_000;
const USAGE_EXAMPLE = 'e.g. POLYGON((117 28, 118 28, 118 29, 117 28))';

/** Check that `coords` nests positions `depth` levels deep (0 = one position). */
function positions(coords: unknown, depth: number, kind: string): unknown {
  if (depth === 0) {
    if (!Array.isArray(coords) || typeof coords[0] !== 'number') throw new CqlError(`filter: ${kind} has the wrong nesting of parentheses, ${USAGE_EXAMPLE}.`);
    checkPosition(coords as Position);
    return coords;
  }
  if (!Array.isArray(coords) || coords.length === 0 || typeof coords[0] === 'number')
    throw new CqlError(`filter: ${kind} has the wrong nesting of parentheses, ${USAGE_EXAMPLE}.`);
  return coords.map((c) => positions(c, depth - 1, kind));
}

function checkRings(rings: Position[][], kind: string) {
  for (const r of rings) {
    const [f, l] = [r[0], r[r.length - 1]];
    if (r.length < 4 || f[0] !== l[0] || f[1] !== l[1]) throw new CqlError(`filter: a ${kind} ring needs at least 4 positions and must end where it starts.`);
  }
}

/** WKT coordinates (POINT takes one position in parentheses) → a GeoJSON geometry. */
function wktGeometry(kind: string, coords: unknown[]): Geometry {
  const vertices = JSON.stringify(coords).split('],[').length;
  if (vertices > MAX_VERTICES) throw new CqlError(`filter: the geometry has more than ${MAX_VERTICES} positions.`);
  switch (kind) {
    case 'POINT':
      if (coords.length !== 1) throw new CqlError('filter: POINT takes one position, e.g. POINT(117.9 28.4).');
      return { type: 'Point', coordinates: positions(coords[0], 0, kind) as Position };
    case 'MULTIPOINT':
      return { type: 'MultiPoint', coordinates: coords.map((c) => positions(Array.isArray(c) && Array.isArray(c[0]) && c.length === 1 ? c[0] : c, 0, kind)) as Position[] };
    case 'LINESTRING':
      return { type: 'LineString', coordinates: positions(coords, 1, kind) as Position[] };
    case 'MULTILINESTRING':
      return { type: 'MultiLineString', coordinates: positions(coords, 2, kind) as Position[][] };
    case 'POLYGON': {
      const rings = positions(coords, 2, kind) as Position[][];
      checkRings(rings, kind);
      return { type: 'Polygon', coordinates: rings };
    }
    case 'MULTIPOLYGON': {
      const polys = positions(coords, 3, kind) as Position[][][];
      polys.forEach((p) => checkRings(p, kind));
      return { type: 'MultiPolygon', coordinates: polys };
    }
    default:
      throw new CqlError(`filter: S_INTERSECTS with ${kind} is not supported; use BBOX, POINT, LINESTRING, POLYGON or their MULTI forms.`);
  }
}
