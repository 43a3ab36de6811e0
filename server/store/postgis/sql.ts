/**
 * SQL text of the PostGIS store, and the one pure function that turns a `FeatureQuery` into a
 * parameterised WHERE clause (values only ever travel as parameters).
 */
import { normalizeText } from '../../../core/match';
import type { Layer } from '../../../core/schema';
import type { FeatureQuery } from '../types';
import { filterSql } from './filter-sql';

/** A geometry made valid only where it is not (ST_MakeValid on a valid one costs time). */
const valid = (g: string) => `(CASE WHEN ST_IsValid(${g}) THEN ${g} ELSE ST_MakeValid(${g}) END)`;

/**
 * County membership as the embedded store defines it (plan-membership.ts): a point in (or on) a
 * county; a line with more than 1 m inside it; a polygon with more than 0.01 km² inside it (a
 * shared border is not membership). km and km² inside each county on the spheroid. A schematic
 * feature counts in the counties its `plan_counties` name, with no km or km², wherever it is
 * drawn. Features marked `outside` belong to no county. `$1`, when given, restricts to those
 * feature ids.
 */
export function membershipSql(forIds = false): string {
  return `
  INSERT INTO feature_counties (feature_id, county, km, km2)
  SELECT f.id, c.code, s.km, s.km2
  FROM features f
  JOIN counties c ON f.geom && c.geom AND ST_Intersects(f.geom, c.geom)
  CROSS JOIN LATERAL (
    SELECT
      CASE WHEN ST_Dimension(f.geom) <> 1 THEN 0
           WHEN ST_CoveredBy(f.geom, c.geom) THEN f.km
           ELSE ST_Length(ST_CollectionExtract(ST_Intersection(f.geom, ${valid('c.geom')}), 2)::geography) / 1000 END AS km,
      CASE WHEN ST_Dimension(f.geom) <> 2 THEN 0
           WHEN ST_CoveredBy(f.geom, c.geom) THEN f.km2
           ELSE ST_Area(ST_CollectionExtract(ST_Intersection(${valid('f.geom')}, ${valid('c.geom')}), 3)::geography) / 1e6 END AS km2
  ) s
  WHERE NOT f.outside AND f.precision <> 'schematic'
    ${forIds ? 'AND f.id = ANY($1::text[])' : ''}
    AND (ST_Dimension(f.geom) = 0 OR (ST_Dimension(f.geom) = 1 AND s.km > 0.001) OR (ST_Dimension(f.geom) = 2 AND s.km2 > 0.01))
  UNION ALL
  SELECT f.id, c.code, 0, 0
  FROM features f
  JOIN counties c ON COALESCE((f.properties->'plan_counties')::jsonb, '[]'::jsonb) ? c.code
  WHERE NOT f.outside AND f.precision = 'schematic'
    ${forIds ? 'AND f.id = ANY($1::text[])' : ''}`;
}

export const MEMBERSHIP_SQL = membershipSql();

/** Whole km of lines and km² of polygons, on the spheroid (SET list for features); a schematic sketch has none. */
export const SIZE_SET = `
  km = CASE WHEN precision = 'schematic' THEN 0 WHEN ST_Dimension(geom) = 1 THEN ST_Length(geom::geography) / 1000 ELSE 0 END,
  km2 = CASE WHEN precision = 'schematic' THEN 0 WHEN ST_Dimension(geom) = 2 THEN ST_Area(${valid('geom')}::geography) / 1e6 ELSE 0 END`;

export interface Where {
  /** Conditions on `features f`, joined with AND ('TRUE' when there are none). */
  sql: string;
  params: unknown[];
}

/**
 * The WHERE clause for a query over `features f`, with parameters numbered from `$1`. The same
 * semantics as core/match's `filterMatcher` (the embedded store's and the browser's): alternatives within a criterion, AND across.
 */
export function whereClause(q: FeatureQuery, layers: readonly Layer[] = []): Where {
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const conds: string[] = [];
  if (q.layer !== undefined) conds.push(`f.layer = ${p(q.layer)}`);
  if (q.layers) conds.push(`f.layer = ANY(${p(q.layers)}::text[])`);
  if (q.counties) conds.push(`EXISTS (SELECT 1 FROM feature_counties fc WHERE fc.feature_id = f.id AND fc.county = ANY(${p(q.counties)}::text[]))`);
  if (q.measures) conds.push(`f.measures && ${p(q.measures)}::int[]`);
  if (q.statuses) conds.push(`f.status = ANY(${p(q.statuses)}::text[])`);
  // core/match: q is a substring of the normalised search text (name, English name, id).
  const text = q.q ? normalizeText(q.q) : '';
  if (text) conds.push(`strpos(f.search_text, ${p(text)}) > 0`);
  if (q.bbox) {
    const [minLon, minLat, maxLon, maxLat] = q.bbox.map((n) => p(n));
    // && finds candidates on the GiST index (its boxes are rounded outward); the exact bbox decides.
    conds.push(
      `f.geom && ST_MakeEnvelope(${minLon}, ${minLat}, ${maxLon}, ${maxLat}, 4326) AND f.minx <= ${maxLon} AND f.maxx >= ${minLon} AND f.miny <= ${maxLat} AND f.maxy >= ${minLat}`,
    );
  }
  // The OGC API's filter (server/store/filter.ts); `layers` tells which properties each publishes.
  if (q.where) conds.push(filterSql(q.where, p, layers));
  return { sql: conds.length ? conds.join(' AND ') : 'TRUE', params };
}

/** Columns of a feature row; `counties` in the registry's order. */
export const FEATURE_COLUMNS = `f.id, f.layer, f.properties, f.geometry,
  ARRAY(SELECT fc.county FROM feature_counties fc JOIN counties c ON c.code = fc.county WHERE fc.feature_id = f.id ORDER BY c.position) AS counties`;

/**
 * One page of matching features in the data's order, each row with the number matched before
 * paging (the benchmark runs this same text directly in the database as its floor).
 */
export function featuresSql(q: FeatureQuery, layers: readonly Layer[] = []): { sql: string; params: unknown[] } {
  const where = whereClause(q, layers);
  const n = where.params.length;
  return {
    sql: `WITH m AS MATERIALIZED (SELECT f.id, f.position FROM features f WHERE ${where.sql})
       SELECT ${FEATURE_COLUMNS}, (SELECT count(*)::int FROM m) AS matched
       FROM (SELECT id, position FROM m ORDER BY position LIMIT $${n + 1} OFFSET $${n + 2}) p
       JOIN features f ON f.id = p.id
       ORDER BY p.position`,
    params: [...where.params, q.limit ?? null, q.offset ?? 0],
  };
}
