/**
 * One vector tile of a layer in one SQL statement: the features matching the query (the same
 * parameterised WHERE clause as /api's, sql.ts, with the tile's buffered bounds as its bbox) cut
 * by `ST_AsMVTGeom` and encoded by `ST_AsMVT`. The tile carries what the embedded store's tiles do
 * (server/tiles/mvt.ts `tileProperties`): the public scalar fields, `zone` only where the layer
 * publishes it, and `measures` / `counties` as comma-wrapped text. At most `maxFeatures` rows are
 * read: a tile that would hold more answers `matched = maxFeatures + 1` and no body, so a request
 * can never make the database do unbounded work. The benchmark runs this same text directly in
 * PostgreSQL as the floor of the tile route.
 */
import type { Layer } from '../../../core/schema';
import type { TileAddress } from '../../tiles/tile-math';
import type { FeatureQuery } from '../types';
import { whereClause } from './sql';

export interface TileSqlOptions {
  /** MVT extent and buffer, in tile units (server/tiles/mvt.ts EXTENT and BUFFER). */
  extent: number;
  buffer: number;
  maxFeatures: number;
}

/** Result row: `matched` (capped at maxFeatures + 1) and the tile (empty when nothing reaches it; null when too dense). */
export interface TileRow {
  matched: number;
  mvt: Buffer | null;
}

export function tileSql(q: FeatureQuery & { layer: string }, address: TileAddress, layers: readonly Layer[], o: TileSqlOptions): { sql: string; params: unknown[] } {
  const where = whereClause(q, layers);
  const params = [...where.params];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const publishesZone = layers.find((l) => l.id === q.layer)?.public_properties.includes('zone') ?? false;
  const [z, x, y] = [p(address.z), p(address.x), p(address.y)];
  const cap = p(o.maxFeatures);
  const sql = `WITH m AS MATERIALIZED (
      SELECT f.id, f.position, f.geom, f.properties, f.status, f.precision, f.outside, f.measures
      FROM features f WHERE ${where.sql}
      LIMIT ${cap}::int + 1),
    n AS (SELECT count(*)::int AS matched FROM m)
    SELECT n.matched, CASE WHEN n.matched > ${cap}::int THEN NULL ELSE (
      SELECT ST_AsMVT(t, ${p(q.layer)}::text, ${o.extent}, 'geom') FROM (
        SELECT ST_AsMVTGeom(ST_Transform(m.geom, 3857), ST_TileEnvelope(${z}::int, ${x}::int, ${y}::int), ${o.extent}, ${o.buffer}, true) AS geom,
          m.id,
          m.properties->>'name' AS name,
          m.properties->>'name_en' AS name_en,
          m.status,
          m.precision,
          m.properties->>'clause' AS clause,
          ${publishesZone ? "m.properties->>'zone'" : 'NULL::text'} AS zone,
          m.outside,
          ',' || array_to_string(m.measures, ',') || ',' AS measures,
          ',' || COALESCE((SELECT string_agg(fc.county, ',' ORDER BY c.position) FROM feature_counties fc JOIN counties c ON c.code = fc.county WHERE fc.feature_id = m.id), '') || ',' AS counties
        FROM m ORDER BY m.position) t
      WHERE t.geom IS NOT NULL) END AS mvt
    FROM n`;
  return { sql, params };
}
