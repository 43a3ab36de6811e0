/**
 * A new data release into a loaded database (docs/contract.md, "Stores"): when data/ holds a
 * release other than the one the database took in, its differences are applied at start as one
 * change set of kind `release`, in one transaction with the release's other tables (layers,
 * measures, counties, context) and the new merge base — the same three-way merge per field as the
 * embedded store (server/store/release-merge.ts). Several servers starting at once on one
 * database: the first takes it in under the loader's advisory lock; the others then find the
 * version equal and go on.
 */
import type { Feature } from 'geojson';
import type pg from 'pg';
import type { DataGeometry, Dataset, FeatureProperties } from '../../../core/schema';
import { withFields } from '../changes';
import type { Catalogue } from '../memory/apply-writes';
import { CountyIndex } from '../membership';
import { changedIds, releaseWrites } from '../release-merge';
import { LOAD_LOCK } from './load';
import { MEMBERSHIP_SQL } from './sql';
import { applyInTransaction, lockEntries } from './writes';

type F = Feature<DataGeometry, FeatureProperties>;

export interface ReleaseResult {
  /** The change set that recorded the release; undefined when the database held it already. */
  changeSet?: string;
  changes: number;
  version: string;
}

/** The catalogue the write rules need, from a dataset. */
export function catalogueOf(ds: Dataset): Catalogue {
  return {
    layers: new Map(ds.layers.map((l) => [l.id, l])),
    measures: new Map(ds.measures.map((m) => [m.id, m])),
    measureIds: new Set(ds.measures.map((m) => m.id)),
    index: new CountyIndex(ds.counties),
  };
}

/** As JSON would give it back: no `undefined` members (the database's copy has none). */
const plain = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/**
 * Take `ds` in if the database holds another release. `client` is a connection of its own, not in
 * a transaction. Throws (and changes nothing) if the release cannot be applied.
 */
export async function takeRelease(client: pg.ClientBase, ds: Dataset, now: () => Date): Promise<ReleaseResult> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [LOAD_LOCK]);
    const { rows } = await client.query<{ version: string; release_base: boolean }>('SELECT version, release_base FROM dataset FOR UPDATE');
    const held = rows[0];
    if (!held || held.version === ds.version) {
      await client.query('COMMIT');
      return { changes: 0, version: held?.version ?? ds.version };
    }
    if (!held.release_base) await backfillReleaseBase(client);

    const base = new Map<string, F>();
    const baseRows = await client.query<{ id: string; feature: F }>('SELECT id, feature FROM release_features');
    for (const r of baseRows.rows) base.set(r.id, r.feature);
    const fresh = new Map<string, F>(ds.features.map((f) => [f.properties.id, plain(f)]));
    const ids = changedIds(base, fresh);

    // The release's own tables first: a new layer must exist before its features.
    const countiesChanged = await updateCatalogueTables(client, ds);
    const locked = await lockEntries(client, ids);
    const writes = releaseWrites(base, fresh, (id) => locked.get(id), catalogueOf(ds));
    const note = `数据发布 ${ds.version} · data release ${ds.version}`;
    const { changeSet } = await applyInTransaction(client, { cat: catalogueOf(ds), release: ds.version, now }, writes, { author: null, kind: 'release', release: ds.version, note });
    if (countiesChanged) {
      await client.query('DELETE FROM feature_counties');
      await client.query(MEMBERSHIP_SQL);
    }
    // The new merge base.
    await client.query('DELETE FROM release_features WHERE id = ANY($1::text[])', [ids]);
    const add = ids.filter((id) => fresh.has(id)).map((id) => ({ id, feature: fresh.get(id) }));
    for (let i = 0; i < add.length; i += 2000)
      await client.query(`INSERT INTO release_features (id, feature) SELECT r->>'id', r->'feature' FROM json_array_elements($1::json) AS t(r)`, [JSON.stringify(add.slice(i, i + 2000))]);
    await client.query('UPDATE dataset SET version = $1, boundaries = $2::json, release_base = true', [ds.version, JSON.stringify(ds.boundaries ?? {})]);
    await client.query('COMMIT');
    return { changeSet: changeSet.id, changes: changeSet.changes.length, version: ds.version };
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  }
}

/**
 * Layers and measures as the release has them (upserted by id; a layer the release no longer
 * lists keeps its row, as the embedded store keeps its features), counties' names and outlines,
 * the context features. Returns whether any county outline changed (membership is then recomputed).
 */
async function updateCatalogueTables(client: pg.ClientBase, ds: Dataset): Promise<boolean> {
  // Positions are unique: move the old ones out of the way first.
  await client.query('UPDATE layers SET position = position + 100000');
  await client.query(
    `INSERT INTO layers (id, position, doc)
     SELECT l->>'id', (ord - 1)::int, l FROM json_array_elements($1::json) WITH ORDINALITY AS t(l, ord)
     ON CONFLICT (id) DO UPDATE SET position = EXCLUDED.position, doc = EXCLUDED.doc`,
    [JSON.stringify(ds.layers)],
  );
  await client.query('UPDATE measures SET position = position + 100000');
  await client.query(
    `INSERT INTO measures (id, position, section, doc)
     SELECT (m->>'id')::int, (ord - 1)::int, (m->>'section')::int, m FROM json_array_elements($1::json) WITH ORDINALITY AS t(m, ord)
     ON CONFLICT (id) DO UPDATE SET position = EXCLUDED.position, section = EXCLUDED.section, doc = EXCLUDED.doc`,
    [JSON.stringify(ds.measures)],
  );
  const { rowCount } = await client.query(
    `WITH fresh AS (
       SELECT c->'properties'->>'code' AS code, (ord - 1)::int AS position, c->'properties'->>'name' AS name,
              c->'properties'->>'name_en' AS name_en, c->'geometry' AS geometry
       FROM json_array_elements($1::json) WITH ORDINALITY AS t(c, ord))
     UPDATE counties k SET name = fresh.name, name_en = fresh.name_en, geometry = fresh.geometry,
            geom = ST_Force2D(ST_SetSRID(ST_GeomFromGeoJSON(fresh.geometry::text), 4326))
     FROM fresh WHERE k.code = fresh.code AND k.geometry::text IS DISTINCT FROM fresh.geometry::text`,
    [JSON.stringify(ds.counties)],
  );
  await client.query('DELETE FROM context');
  await client.query(`INSERT INTO context (position, feature) SELECT (ord - 1)::int, f FROM json_array_elements($1::json) WITH ORDINALITY AS t(f, ord)`, [JSON.stringify(ds.context)]);
  return (rowCount ?? 0) > 0;
}

/**
 * A database loaded before migration 0013 lacks the merge base of the features change sets have
 * touched: rebuild each from its current row by undoing its changes, newest first (a feature a
 * change set created was not in the release and gets none).
 */
export async function backfillReleaseBase(client: pg.ClientBase): Promise<void> {
  type Row = { feature: string; doc: { op: string; fields: { field: string; before: unknown; after: unknown }[] } };
  const { rows } = await client.query<Row>('SELECT feature, doc FROM changes WHERE feature IS NOT NULL ORDER BY change_set DESC, ord DESC');
  const byFeature = new Map<string, Row['doc'][]>();
  for (const r of rows) (byFeature.get(r.feature) ?? byFeature.set(r.feature, []).get(r.feature)!).push(r.doc);
  const entries = await lockEntries(client, [...byFeature.keys()]);
  const base: { id: string; feature: F }[] = [];
  for (const [id, changes] of byFeature) {
    const e = entries.get(id);
    if (!e) continue;
    let f = e.feature;
    for (const c of changes) f = withFields(f, c.fields as never, 'before');
    if (changes[changes.length - 1].op === 'create') continue; // oldest change: created by an editor
    base.push({ id, feature: f });
  }
  for (let i = 0; i < base.length; i += 2000)
    await client.query(
      `INSERT INTO release_features (id, feature) SELECT r->>'id', r->'feature' FROM json_array_elements($1::json) AS t(r) ON CONFLICT (id) DO NOTHING`,
      [JSON.stringify(base.slice(i, i + 2000))],
    );
  await client.query('UPDATE dataset SET release_base = true');
}
