/**
 * "As of" on PostGIS: any read query of the store (sql.ts, stats.ts, tiles-sql.ts) runs over the
 * data as it stood after change set S by putting two CTEs in front of it that shadow the tables
 * `features` and `feature_counties`: the rows current since S or before, plus the versions kept in
 * `feature_history` that were valid at S (migration 0014). The query text itself is unchanged, so
 * "as of" answers with exactly the filters and figures of the present.
 */

/*
 * A kept version is valid after S when since_seq <= S < valid_to, asked as
 * `int8range(since_seq, valid_to) @> S` so that the GiST index of migration 0015 answers it.
 */

/** The columns `features` and `feature_history` share. */
const COLUMNS =
  'id, position, layer, measures, status, precision, aims, outside, geom_type, search_text, minx, miny, maxx, maxy, properties, geometry, geom, km, km2, version, since_seq';

/**
 * `sql` (parameters `params`) over the data after change set `seq`: one more parameter, the CTEs
 * in front (merged into the query's own WITH). Inside each CTE the table names still mean the
 * tables: a non-recursive WITH item sees only the items before it, never itself.
 */
export function asOfSql(sql: string, params: unknown[], seq: number): { sql: string; params: unknown[] } {
  const s = `$${params.length + 1}::bigint`;
  const ctes = `feature_counties AS (
      SELECT fc.feature_id, fc.county, fc.km, fc.km2 FROM feature_counties fc JOIN features cur ON cur.id = fc.feature_id WHERE cur.since_seq <= ${s}
      UNION ALL
      SELECT h.feature_id, h.county, h.km, h.km2 FROM feature_history_counties h
        JOIN feature_history v ON v.id = h.feature_id AND v.since_seq = h.since_seq
      WHERE int8range(v.since_seq, v.valid_to) @> ${s}),
    features AS (
      SELECT ${COLUMNS} FROM features WHERE since_seq <= ${s}
      UNION ALL
      SELECT ${COLUMNS} FROM feature_history WHERE int8range(since_seq, valid_to) @> ${s})`;
  const trimmed = sql.trimStart();
  const text = /^WITH\s/i.test(trimmed) ? `WITH ${ctes},\n    ${trimmed.slice(5)}` : `WITH ${ctes}\n    ${trimmed}`;
  return { sql: text, params: [...params, seq] };
}
