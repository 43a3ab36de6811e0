/**
 * The store's filter expression: a small typed tree that both stores evaluate (the memory store in
 * `filter-match.ts`, PostGIS by turning it into SQL with parameters). The OGC API's CQL2 `filter=`
 * is parsed and checked into this tree at the edge (server/ogc/cql2.ts), so a store never sees text.
 *
 * Meaning, which every store must follow:
 * - A property is read from the feature's PUBLIC properties only (what the API serves); a property
 *   a feature lacks (e.g. no `zone`) is null.
 * - Scalar properties: SQL's three-valued logic. A comparison, `like` or `in` on a null property is
 *   unknown; `not` of unknown is unknown; `and`/`or` are Kleene's; an expression that is unknown at
 *   the top does not match. (So `NOT zone = 'x'` does not match features without a zone.)
 * - List properties (`measure`, `county`): a comparison, `like` or `in` holds when it holds for at
 *   least one element (`EXISTS (SELECT 1 FROM unnest(measures) m WHERE m = $1)`), never unknown;
 *   `<>` is `not (=)`: "none of its measures is 4". `isNull` on a list holds when the list is empty
 *   (a county list is empty only for features outside the city).
 * - Strings compare by code point (`COLLATE "C"`); `like` is case-sensitive, `%` any run of
 *   characters, `_` one character, `\` escapes the next character.
 * - `intersects`: the feature's geometry and the given one (a GeoJSON Point, LineString, Polygon or
 *   their Multi forms; WGS 84 lon/lat, planar edges as in PostGIS `geometry`) share at least one
 *   point (`ST_Intersects(geom, ST_GeomFromGeoJSON($1))`).
 * - An `and` with no arguments is true, an `or` with none is false (CQL2's TRUE and FALSE).
 */
import type { Geometry } from 'geojson';
import { COUNTY_CODES, MEASURE_IDS, PRECISIONS, STATUSES } from '../../core/contract';

export type FilterValueType = 'string' | 'integer' | 'boolean';

export interface FilterPropertyInfo {
  type: FilterValueType;
  /** Whether the feature holds a list (any-element semantics, see above). */
  list: boolean;
  /** The public property it reads. */
  source: string;
  /** Allowed values, when the contract fixes them. */
  values?: readonly (string | number)[];
  title: string;
  description: string;
}

export type Literal = string | number | boolean;

export type ComparisonOp = '=' | '<>' | '<' | '<=' | '>' | '>=';

export type FilterExpr =
  | { op: 'and' | 'or'; args: FilterExpr[] }
  | { op: 'not'; arg: FilterExpr }
  | { op: ComparisonOp; property: string; value: Literal }
  | { op: 'like'; property: string; pattern: string }
  | { op: 'in'; property: string; values: Literal[] }
  | { op: 'isNull'; property: string }
  | { op: 'intersects'; geometry: Geometry };

/**
 * The properties a filter may name (the OGC queryables). `measure` and `county` are the contract's
 * filter names for the lists `measures` and `counties`.
 */
export const FILTER_PROPERTIES: Readonly<Record<string, FilterPropertyInfo>> = {
  id: { type: 'string', list: false, source: 'id', title: '编号 · id', description: 'Stable feature id, e.g. scenic-sanqingshan.' },
  name: { type: 'string', list: false, source: 'name', title: '名称 · name', description: 'Chinese name.' },
  name_en: { type: 'string', list: false, source: 'name_en', title: '英文名称 · English name', description: 'English name.' },
  status: {
    type: 'string',
    list: false,
    source: 'status',
    values: STATUSES,
    title: '状态 · status',
    description: "The plan's work on the place: planned, in_progress, completed or unknown.",
  },
  precision: {
    type: 'string',
    list: false,
    source: 'precision',
    values: PRECISIONS,
    title: '精度 · precision',
    description: 'How exact the geometry is: surveyed, approximate or schematic.',
  },
  clause: { type: 'string', list: false, source: 'clause', title: '条款 · clause', description: 'The clause of the plan that names the place, e.g. （四）.' },
  zone: { type: 'string', list: false, source: 'zone', title: '管理区 · management zone', description: 'Management zone the place lies in, if any (null otherwise).' },
  outside: { type: 'boolean', list: false, source: 'outside', title: '市外 · outside', description: 'Whether the place lies outside Shangrao.' },
  measure: {
    type: 'integer',
    list: true,
    source: 'measures',
    values: MEASURE_IDS,
    title: '举措 · measure',
    description: 'A measure of the plan (1–23) the feature serves; a comparison holds when it holds for any of the feature\'s measures.',
  },
  county: {
    type: 'string',
    list: true,
    source: 'counties',
    values: COUNTY_CODES,
    title: '县（市、区）· county',
    description: 'GB/T 2260 code of a county the geometry touches; a comparison holds when it holds for any of them.',
  },
};
