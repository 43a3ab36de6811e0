/**
 * The write wing of the PostGIS store: one change set = one transaction. The rules (validation,
 * merge patches, per-field diffs, 404/409/412/422/403, reverts) are the embedded store's own
 * (server/store/memory/apply-writes.ts `buildChangeSetSliced`, over server/store/changes.ts), run over
 * the rows this transaction has locked; what is SQL here is locking, storing, county membership
 * (ST_Intersects, as at load) and the history.
 *
 * Order inside the transaction: lock the `dataset` row (every writer does, first: change sets are
 * numbered and applied one after another, in commit order), lock the feature rows the writes name
 * (SELECT … FOR UPDATE), build the change set over them (a stale If-Match fails here with 412 —
 * a writer that waited for another sees the version that one committed), store features,
 * recompute sizes and membership in SQL for what changed, record history and progress, bump the
 * sequence and NOTIFY (delivered at commit), COMMIT. Any error rolls everything back.
 */
import type { Feature } from 'geojson';
import type pg from 'pg';
import type { ChangeSet, ProgressReport } from '../../../core/changes';
import type { DataGeometry, FeatureProperties } from '../../../core/schema';
import { publicChangeSet } from '../changes';
import { buildChangeSetSliced, checkEditorCounties, type Catalogue, type InternalWrite } from '../memory/apply-writes';
import { noTick, slicer, stringifySliced, type Tick } from '../../slices';
import { buildInWorker, workerOps, WORKER_FROM, type WorkerRun } from '../memory/worker-build';
import { changeSetWorker } from '../../import/pool';
import { DEFAULT_IMPORT_LIMITS } from '../../import/limits';
import type { Entry, EntrySource } from '../memory/overlay';
import type { FeatureWrite, WriteMeta } from '../types';
import { featureRow, INSERT_FEATURES } from './load';
import { membershipSql, SIZE_SET } from './sql';

/** The channel on which a committed change set is announced (payload: `{"seq": N}`). */
export const VERSION_CHANNEL = 'sgm_data_version';

type F = Feature<DataGeometry, FeatureProperties>;

/** An entry as read under lock: with its position and the counties recorded for it. */
interface Locked extends Entry {
  position: number;
  counties: string[];
}

const COUNTIES_OF = `ARRAY(SELECT fc.county FROM feature_counties fc JOIN counties c ON c.code = fc.county WHERE fc.feature_id = f.id ORDER BY c.position)`;

/**
 * Keep the rows of `features` ($1: ids) that change set $2 replaces or deletes as versions (valid
 * up to $2) with their county membership, for "as of" (migration 0014, asof-sql.ts).
 */
const KEEP_VERSIONS = `
  WITH v AS (
    INSERT INTO feature_history (id, position, layer, measures, status, precision, aims, outside, geom_type, search_text,
                                 minx, miny, maxx, maxy, properties, geometry, geom, km, km2, version, since_seq, valid_to)
    SELECT id, position, layer, measures, status, precision, aims, outside, geom_type, search_text,
           minx, miny, maxx, maxy, properties, geometry, geom, km, km2, version, since_seq, $2::bigint
    FROM features WHERE id = ANY($1::text[])
    ON CONFLICT DO NOTHING
    RETURNING id, since_seq)
  INSERT INTO feature_history_counties (feature_id, since_seq, county, km, km2)
  SELECT fc.feature_id, v.since_seq, fc.county, fc.km, fc.km2 FROM v JOIN feature_counties fc ON fc.feature_id = v.id`;

const union = (a: readonly string[], b: readonly string[]) => [...new Set([...a, ...b])];
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length <= 200 ? v : undefined);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The feature ids a list of writes (or the change set it reverts) may read or change. */
export function idsOf(writes: InternalWrite[] | { revert: string }, target: ChangeSet | undefined): string[] {
  const ids = new Set<string>();
  if (!Array.isArray(writes)) {
    for (const c of target?.changes ?? []) if (c.feature) ids.add(c.feature);
  } else {
    for (const w of writes) {
      if (w.op === 'update' || w.op === 'delete' || w.op === 'restore') ids.add(w.id);
      else if (w.op === 'put') {
        const id = str(isObject(w.feature?.properties) ? w.feature.properties.id : undefined);
        if (id) ids.add(id);
      } else if (w.op === 'create' && isObject(w.feature)) {
        const id = str(isObject(w.feature.properties) ? w.feature.properties.id : undefined) ?? str(w.feature.id);
        if (id) ids.add(id);
      }
    }
  }
  return [...ids].sort();
}

/** Rows of `features` and `deleted_features` with these ids, locked until the transaction ends. */
export async function lockEntries(client: pg.ClientBase, ids: string[]): Promise<Map<string, Locked>> {
  const out = new Map<string, Locked>();
  if (ids.length === 0) return out;
  type Row = { id: string; position: string; properties: FeatureProperties; geometry: DataGeometry; version: number; counties: string[] };
  const live = await client.query<Row>(
    `SELECT f.id, f.position, f.properties, f.geometry, f.version, ${COUNTIES_OF} AS counties
     FROM features f WHERE f.id = ANY($1::text[]) ORDER BY f.id FOR UPDATE OF f`,
    [ids],
  );
  const gone = await client.query<Row>(
    `SELECT id, position, properties, geometry, version, counties FROM deleted_features WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE`,
    [ids],
  );
  for (const [rows, deleted] of [[live.rows, false], [gone.rows, true]] as const)
    for (const r of rows) {
      const feature: F = { type: 'Feature', id: r.id, geometry: r.geometry, properties: r.properties };
      out.set(r.id, { feature, version: r.version, deleted, position: Number(r.position), counties: r.counties });
    }
  return out;
}

async function loadProgress(client: pg.ClientBase, measure?: number): Promise<ProgressReport[]> {
  const { rows } = await client.query<{ doc: ProgressReport }>(
    `SELECT doc FROM progress_reports WHERE $1::int IS NULL OR measure = $1 ORDER BY change_set, ord`,
    [measure ?? null],
  );
  return rows.map((r) => r.doc);
}

/** One change set as stored (with its changes), or undefined. */
export async function loadChangeSet(client: pg.ClientBase, id: string): Promise<ChangeSet | undefined> {
  if (!/^\d{1,15}$/.test(id)) return undefined;
  const cs = await client.query<{ doc: ChangeSet }>('SELECT doc FROM change_sets WHERE id = $1', [id]);
  if (!cs.rowCount) return undefined;
  const ch = await client.query<{ doc: ChangeSet['changes'][number] }>('SELECT doc FROM changes WHERE change_set = $1 ORDER BY ord', [id]);
  return { ...cs.rows[0].doc, changes: ch.rows.map((r) => r.doc) };
}

export interface WriteContext {
  cat: Catalogue;
  /** The data release the database holds. */
  release: string;
  now: () => Date;
  /**
   * Builds large change sets (WORKER_FROM writes or more: an import) in a worker thread, as the
   * embedded store does (memory/worker-build.ts); default the import pool's threads; null: on this thread.
   */
  buildWorker?: WorkerRun | null;
}

let defaultWorker: WorkerRun | undefined;

/** From this many writes on, a change set is prepared and serialised in slices. */
const SLICED_FROM = 500;

/** Yield to the event loop when the slice is used up. */
async function ticked(tick: Tick): Promise<void> {
  const t = tick();
  if (t) await t;
}

/** `JSON.stringify(value)`, serialised in slices (a parameter of 100k rows is tens of MB). */
async function jsonText(value: unknown, tick: Tick): Promise<string> {
  return (await stringifySliced(value, tick)).join('');
}

/**
 * Apply `writes` (or revert change set `writes.revert`) as one change set in one transaction on
 * `client` (a connection of its own, not in a transaction). Resolves once committed; rejects with
 * the builder's `WriteError` (or the database's error) and leaves the database as it was.
 */
export async function applyChangeSet(client: pg.ClientBase, ctx: WriteContext, writes: FeatureWrite[] | { revert: string }, meta: WriteMeta): Promise<{ changeSet: ChangeSet; seq: number }> {
  await client.query('BEGIN');
  try {
    const done = await applyInTransaction(client, ctx, writes, meta);
    await client.query('COMMIT');
    return done;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  }
}

/**
 * The body of `applyChangeSet`, inside a transaction the caller opened (and commits or rolls
 * back): a data release (./release.ts) records its change set in the same transaction as the
 * release's other tables.
 */
export async function applyInTransaction(client: pg.ClientBase, ctx: WriteContext, writes: InternalWrite[] | { revert: string }, meta: WriteMeta): Promise<{ changeSet: ChangeSet; seq: number }> {
  {
    const { rows } = await client.query<{ seq: string }>('SELECT seq FROM dataset FOR UPDATE');
    const seq = Number(rows[0].seq) + 1;
    const target = Array.isArray(writes) ? undefined : await loadChangeSet(client, writes.revert);
    const locked = await lockEntries(client, idsOf(writes, target));
    const needsProgress = !Array.isArray(writes) || writes.some((w) => w.op === 'progress');
    const progress = needsProgress ? await loadProgress(client) : [];
    const parent: EntrySource = { get: (id) => locked.get(id), progress: () => progress };
    const at = ctx.now().toISOString();
    // The rules run on the server's thread: for a large change set (an import, or its revert) in
    // slices, so 100k rows let other requests be answered meanwhile (the SQL below is asynchronous
    // anyway); an edit of a few features in one go, holding the dataset row no longer than before.
    const tick = Array.isArray(writes) && writes.length < SLICED_FROM ? noTick : slicer();
    // An import's change set (the rules, county membership, the per-field diff of 100k rows) is
    // built in a worker thread; the SQL below runs here either way. No journal record: framed: false.
    const worker = ctx.buildWorker === undefined ? (defaultWorker ??= changeSetWorker(DEFAULT_IMPORT_LIMITS.workers)) : ctx.buildWorker;
    const { changeSet, overlay } =
      worker && Array.isArray(writes) && writes.length >= WORKER_FROM && writes.every((w) => workerOps.has(w.op))
        ? await buildInWorker(worker, parent, ctx.cat, writes as FeatureWrite[], meta, seq, at, ctx.release, tick, { frame: false })
        : await buildChangeSetSliced(parent, ctx.cat, writes, meta, seq, at, ctx.release, (id) => (target?.id === id ? target : undefined), tick);

    // Features: live ones upserted into `features`, deleted ones moved to `deleted_features`.
    const { rows: top } = await client.query<{ p: string | null }>('SELECT GREATEST((SELECT max(position) FROM features), (SELECT max(position) FROM deleted_features)) AS p');
    let nextPosition = Number(top[0].p ?? -1) + 1;
    const live: ReturnType<typeof featureRow>[] = [];
    const deleted: { id: string; position: number; layer: string; properties: FeatureProperties; geometry: DataGeometry; version: number; counties: string[] }[] = [];
    for (const [id, e] of overlay.entries) {
      const before = locked.get(id);
      const position = before?.position ?? nextPosition++;
      if (e.deleted) deleted.push({ id, position, layer: e.feature.properties.layer, properties: e.feature.properties, geometry: e.feature.geometry, version: e.version, counties: before?.counties ?? [] });
      else live.push(featureRow(e.feature, position, e.version));
      await ticked(tick);
    }
    const liveIds = live.map((r) => r.id);
    if (deleted.length) {
      await client.query(KEEP_VERSIONS, [deleted.map((d) => d.id), seq]);
      await client.query('DELETE FROM features WHERE id = ANY($1::text[])', [deleted.map((d) => d.id)]);
      await client.query(
        `INSERT INTO deleted_features (id, position, layer, properties, geometry, version, counties)
         SELECT r->>'id', (r->>'position')::bigint, r->>'layer', r->'properties', r->'geometry', (r->>'version')::int,
                ARRAY(SELECT json_array_elements_text(r->'counties'))
         FROM json_array_elements($1::json) AS t(r)
         ON CONFLICT (id) DO UPDATE SET properties = EXCLUDED.properties, geometry = EXCLUDED.geometry, version = EXCLUDED.version`,
        [await jsonText(deleted, tick)],
      );
    }
    const afterCounties = new Map<string, string[]>();
    if (live.length) {
      await client.query('DELETE FROM deleted_features WHERE id = ANY($1::text[])', [liveIds]);
      await client.query(KEEP_VERSIONS, [liveIds, seq]);
      await client.query('DELETE FROM features WHERE id = ANY($1::text[])', [liveIds]);
      await client.query(INSERT_FEATURES, [await jsonText(live, tick)]);
      await client.query(`UPDATE features SET ${SIZE_SET}, since_seq = $2 WHERE id = ANY($1::text[])`, [liveIds, seq]);
      await client.query(membershipSql(true), [liveIds]);
      const { rows: cs } = await client.query<{ id: string; counties: string[] }>(`SELECT f.id, ${COUNTIES_OF} AS counties FROM features f WHERE f.id = ANY($1::text[])`, [liveIds]);
      for (const r of cs) afterCounties.set(r.id, r.counties);
    }
    // The history records the counties PostGIS computed (before and after); an editor limited to
    // some counties is held to them.
    for (const c of changeSet.changes) {
      if (!c.feature) continue;
      const before = locked.get(c.feature)?.counties ?? [];
      c.counties = union(before, afterCounties.get(c.feature) ?? []);
      checkEditorCounties(c.feature, c.counties, meta.counties);
      await ticked(tick);
    }

    // History.
    await client.query('INSERT INTO change_sets (id, at, doc) VALUES ($1, $2, $3::json)', [seq, at, JSON.stringify({ ...changeSet, changes: [] })]);
    if (changeSet.changes.length) {
      const rows = [];
      for (const c of changeSet.changes) {
        rows.push({
          feature: c.feature ?? null,
          layer: c.layer ?? null,
          counties: c.counties,
          measures: c.measures,
          public: publicChangeSet({ ...changeSet, changes: [c] }, ctx.cat.layers).changes.length > 0,
          doc: c,
        });
        await ticked(tick);
      }
      await client.query(
        `INSERT INTO changes (change_set, ord, feature, layer, counties, measures, public, doc)
         SELECT $1, (ord - 1)::int, r->>'feature', r->>'layer', ARRAY(SELECT json_array_elements_text(r->'counties')),
                ARRAY(SELECT json_array_elements_text(r->'measures'))::int[], (r->>'public')::boolean, r->'doc'
         FROM json_array_elements($2::json) WITH ORDINALITY AS t(r, ord)`,
        [seq, await jsonText(rows, tick)],
      );
    }
    // Progress reports.
    for (const w of overlay.withdrawn) await client.query('DELETE FROM progress_reports WHERE change_set = $1 AND target = $2', [w.change_set, w.target]);
    if (overlay.added.length)
      await client.query(
        `INSERT INTO progress_reports (change_set, target, ord, measure, as_of, doc)
         SELECT $1, r->>'target', (ord - 1)::int, (r->>'measure')::int, r->>'as_of', r FROM json_array_elements($2::json) WITH ORDINALITY AS t(r, ord)`,
        [seq, JSON.stringify(overlay.added)],
      );

    await client.query('UPDATE dataset SET seq = $1', [seq]);
    await client.query('SELECT pg_notify($1, $2)', [VERSION_CHANNEL, JSON.stringify({ seq })]);
    return { changeSet, seq };
  }
}

export { loadProgress };
