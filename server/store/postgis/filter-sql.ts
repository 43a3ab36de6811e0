/**
 * The store's FilterExpr (server/store/filter.ts, which defines the meaning) as a SQL condition on
 * `features f`. Every value travels as a parameter through `p`; property names come only from
 * FILTER_PROPERTIES, never from the request. SQL's own three-valued logic gives the scalar NULL
 * rules; lists use EXISTS, which is never NULL.
 */
import type { Layer } from '../../../core/schema';
import { FILTER_PROPERTIES, type FilterExpr, type Literal } from '../filter';

type Param = (v: unknown) => string;

const SQL_OP: Record<string, string> = { '=': '=', '<>': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

/** A scalar property's SQL value, NULL where the feature's layer does not publish it. */
function scalar(property: string, p: Param, layers: readonly Layer[]): string {
  const info = FILTER_PROPERTIES[property];
  const text = `(f.properties->>'${info.source}')`;
  const typed = info.type === 'boolean' ? `${text}::boolean` : info.type === 'integer' ? `${text}::integer` : `${text} COLLATE "C"`;
  const hidden = layers.filter((l) => !l.public_properties.includes(info.source)).map((l) => l.id);
  return hidden.length ? `(CASE WHEN f.layer <> ALL(${p(hidden)}::text[]) THEN ${typed} END)` : typed;
}

/** `EXISTS (… element v of the list … WHERE cond(v))`. */
function anyElement(property: string, cond: (v: string) => string): string {
  if (property === 'measure') return `EXISTS (SELECT 1 FROM unnest(f.measures) AS m(v) WHERE ${cond('m.v')})`;
  return `EXISTS (SELECT 1 FROM feature_counties fc WHERE fc.feature_id = f.id AND ${cond('fc.county COLLATE "C"')})`;
}

const cast = (property: string) => (FILTER_PROPERTIES[property].type === 'integer' ? '::integer' : FILTER_PROPERTIES[property].type === 'boolean' ? '::boolean' : '::text');

export function filterSql(e: FilterExpr, p: Param, layers: readonly Layer[]): string {
  const value = (property: string, v: Literal) => `${p(v)}${cast(property)}`;
  switch (e.op) {
    case 'and':
      return e.args.length ? `(${e.args.map((a) => filterSql(a, p, layers)).join(' AND ')})` : 'TRUE';
    case 'or':
      return e.args.length ? `(${e.args.map((a) => filterSql(a, p, layers)).join(' OR ')})` : 'FALSE';
    case 'not':
      return `(NOT ${filterSql(e.arg, p, layers)})`;
    case 'like':
      if (FILTER_PROPERTIES[e.property].list) return anyElement(e.property, (v) => `${v} LIKE ${p(e.pattern)}::text`);
      return `(${scalar(e.property, p, layers)} LIKE ${p(e.pattern)}::text)`;
    case 'in':
      if (FILTER_PROPERTIES[e.property].list) return anyElement(e.property, (v) => `${v} = ANY(${p(e.values)}${cast(e.property)}[])`);
      return `(${scalar(e.property, p, layers)} = ANY(${p(e.values)}${cast(e.property)}[]))`;
    case 'isNull':
      if (e.property === 'measure') return '(cardinality(f.measures) = 0)';
      if (e.property === 'county') return '(NOT EXISTS (SELECT 1 FROM feature_counties fc WHERE fc.feature_id = f.id))';
      return `(${scalar(e.property, p, layers)} IS NULL)`;
    case 'intersects': {
      // ST_MakeValid: a self-crossing polygon from a request must not make GEOS fail the query.
      const g = `ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON(${p(JSON.stringify(e.geometry))}::text), 4326))`;
      return `(f.geom && ${g} AND ST_Intersects(f.geom, ${g}))`;
    }
    default: {
      const op = SQL_OP[e.op];
      if (FILTER_PROPERTIES[e.property].list) {
        // <> on a list is NOT (=): none of its elements equals the value (filter.ts).
        if (e.op === '<>') return `(NOT ${anyElement(e.property, (v) => `${v} = ${value(e.property, e.value)}`)})`;
        return anyElement(e.property, (v) => `${v} ${op} ${value(e.property, e.value)}`);
      }
      return `(${scalar(e.property, p, layers)} ${op} ${value(e.property, e.value)})`;
    }
  }
}
