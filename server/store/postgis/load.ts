/**
 * Loads a validated Dataset (data/) into an empty database, in one transaction under an advisory
 * lock, so that of several servers starting at once on one empty database exactly one loads it.
 * County membership, km and km² are computed by PostGIS here (ST_Intersects, ST_Length and
 * ST_Area on geography), not in JavaScript.
 */
import type pg from 'pg';
import { geometryBbox, searchTextOf } from '../../../core/match';
import type { Feature } from 'geojson';
import type { DataGeometry, Dataset, FeatureProperties } from '../../../core/schema';
import { MEMBERSHIP_SQL, SIZE_SET } from './sql';

/** Key of the advisory lock held while loading (any fixed 64-bit number of our own). */
export const LOAD_LOCK = 361100_2022;
const BATCH = 2000;

export interface LoadResult {
  /** Whether this call loaded the data (false: the database already held a release). */
  loaded: boolean;
  version: string;
}

/** Where the data comes from: the dataset, or a function reading it (called only when loading). */
export type DatasetSource = Dataset | (() => Promise<Dataset>);

/** Load the dataset unless the database already holds a data release (then data/ is not even read). */
export async function loadIfEmpty(client: pg.ClientBase, source: DatasetSource): Promise<LoadResult> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [LOAD_LOCK]);
    const existing = await client.query<{ version: string }>('SELECT version FROM dataset');
    if (existing.rowCount) {
      await client.query('COMMIT');
      return { loaded: false, version: existing.rows[0].version };
    }
    const ds = typeof source === 'function' ? await source() : source;
    await insertDataset(client, ds);
    await client.query('COMMIT');
    return { loaded: true, version: ds.version };
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  }
}

async function insertDataset(client: pg.ClientBase, ds: Dataset): Promise<void> {
  await client.query('INSERT INTO dataset (version, boundaries, release_base) VALUES ($1, $2::json, true)', [ds.version, JSON.stringify(ds.boundaries ?? {})]);
  await client.query(
    `INSERT INTO layers (id, position, doc)
     SELECT l->>'id', (ord - 1)::int, l FROM json_array_elements($1::json) WITH ORDINALITY AS t(l, ord)`,
    [JSON.stringify(ds.layers)],
  );
  await client.query(
    `INSERT INTO measures (id, position, section, doc)
     SELECT (m->>'id')::int, (ord - 1)::int, (m->>'section')::int, m FROM json_array_elements($1::json) WITH ORDINALITY AS t(m, ord)`,
    [JSON.stringify(ds.measures)],
  );
  await client.query(
    `INSERT INTO counties (code, position, name, name_en, geometry, geom)
     SELECT c->'properties'->>'code', (ord - 1)::int, c->'properties'->>'name', c->'properties'->>'name_en', c->'geometry',
            ST_Force2D(ST_SetSRID(ST_GeomFromGeoJSON(c->>'geometry'), 4326))
     FROM json_array_elements($1::json) WITH ORDINALITY AS t(c, ord)`,
    [JSON.stringify(ds.counties)],
  );
  await client.query(
    `INSERT INTO context (position, feature) SELECT (ord - 1)::int, f FROM json_array_elements($1::json) WITH ORDINALITY AS t(f, ord)`,
    [JSON.stringify(ds.context)],
  );
  // Features in the dataset's order (layer registry order, then each file's order, as read).
  for (let start = 0; start < ds.features.length; start += BATCH) {
    const rows = ds.features.slice(start, start + BATCH).map((f, k) => featureRow(f, start + k));
    await client.query(INSERT_FEATURES, [JSON.stringify(rows)]);
  }
  await client.query(`UPDATE features SET ${SIZE_SET}`);
  await client.query(MEMBERSHIP_SQL);
  await client.query(INSERT_RELEASE_BASE);
  // Fresh statistics for the planner (autovacuum would take a while to get to it).
  for (const t of ['layers', 'measures', 'counties', 'features', 'feature_counties']) await client.query(`ANALYZE ${t}`);
}

/** A feature as a row of INSERT_FEATURES: the columns queries filter on, beside the feature as given. */
export function featureRow(f: Feature<DataGeometry, FeatureProperties>, position: number, version = 1) {
  const p = f.properties;
  const b = geometryBbox(f.geometry);
  if (!b) throw new Error(`feature "${p.id}": geometry has no coordinates`);
  return {
    id: p.id,
    position,
    version,
    layer: p.layer,
    measures: p.measures,
    status: p.status,
    precision: p.precision,
    aims: (p.aims ?? []).map((a) => a.id),
    outside: p.outside,
    geom_type: f.geometry.type,
    search_text: searchTextOf(p),
    minx: b[0],
    miny: b[1],
    maxx: b[2],
    maxy: b[3],
    properties: p,
    geometry: f.geometry,
  };
}

/** The features as this release shipped them: the base of the next release's merge (migration 0013). */
export const INSERT_RELEASE_BASE = `
  INSERT INTO release_features (id, feature)
  SELECT f.id, json_build_object('type', 'Feature', 'id', f.id, 'properties', f.properties, 'geometry', f.geometry) FROM features f`;

/** Insert features from a JSON array of rows (one parameter, whatever the batch size). */
export const INSERT_FEATURES = `
  INSERT INTO features (id, position, version, layer, measures, status, precision, aims, outside, geom_type, search_text,
                        minx, miny, maxx, maxy, properties, geometry, geom)
  SELECT r->>'id', (r->>'position')::bigint, COALESCE((r->>'version')::int, 1), r->>'layer',
         ARRAY(SELECT json_array_elements_text(r->'measures'))::int[],
         r->>'status', r->>'precision',
         ARRAY(SELECT json_array_elements_text(r->'aims')),
         (r->>'outside')::boolean, r->>'geom_type', r->>'search_text',
         (r->>'minx')::float8, (r->>'miny')::float8, (r->>'maxx')::float8, (r->>'maxy')::float8,
         r->'properties', r->'geometry',
         ST_Force2D(ST_SetSRID(ST_GeomFromGeoJSON(r->>'geometry'), 4326))
  FROM json_array_elements($1::json) AS t(r)`;
