/**
 * The FeatureStore on PostgreSQL + PostGIS. Every read is SQL (filters, bbox on the GiST index,
 * county membership and sizes computed at load, stats aggregated in the database); JavaScript only
 * shapes rows into the contract's JSON, with the same helpers as the embedded store.
 */
import { createHash } from 'node:crypto';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type pg from 'pg';
import type { ApiFeature, CountiesResponse, HealthResponse, LayerInfo, StatsResponse } from '../../../core/api';
import { COUNTIES } from '../../../core/contract';
import type { Filters } from '../../../core/filters';
import type { Boundaries, ContextProperties, DataGeometry, FeatureProperties, Layer, Measure } from '../../../core/schema';
import { publicPropertiesOf } from '../records';
import type { ChangeSet, ProgressReport } from '../../../core/changes';
import { publicChangeSet, queryChangeSets } from '../changes';
import { versionOf, type Catalogue } from '../memory/apply-writes';
import { CountyIndex } from '../membership';
import { latestReports } from '../stats';
import type { AsOf } from '../../../core/asof';
import type { AsOfView, ChangePage, ChangeQuery, FeatureStore, FeaturePage, FeatureQuery, FeatureWrite, Store, StoredFeature, TileOptions, TileResult, WriteMeta } from '../types';
import { asOfSql } from './asof-sql';
import { VersionListener } from './notify';
import { applyChangeSet, loadProgress } from './writes';
import { loadIfEmpty, type DatasetSource, type LoadResult } from './load';
import { takeRelease, type ReleaseResult } from './release';
import { migrate } from './migrate';
import { createPool, guarded } from './pool';
import { FEATURE_COLUMNS, featuresSql, whereClause } from './sql';
import { assembleStats, statsQuery, type StatsAggregates } from './stats';
import { tileSql, type TileRow } from './tiles-sql';

const statementNames = new Map<string, string>();
/** At most this many query shapes are prepared per connection; others (e.g. rare CQL2 filter shapes) run unnamed. */
const MAX_PREPARED = 200;
/** A short stable name per SQL text (mostly a small set: one per combination of criteria). */
function statementName(sql: string): string | undefined {
  let name = statementNames.get(sql);
  if (!name && statementNames.size < MAX_PREPARED) {
    name = `sgm_${createHash('sha1').update(sql).digest('hex').slice(0, 16)}`;
    statementNames.set(sql, name);
  }
  return name;
}

/** A read as of a day: the last change set counted and the day (progress reports up to it). */
interface At {
  seq: number;
  date: string;
}

interface FeatureRow {
  id: string;
  layer: string;
  properties: FeatureProperties;
  geometry: ApiFeature['geometry'];
  counties: string[];
}

export interface OpenOptions {
  /** Pool size per server; default 10. */
  poolSize?: number;
  /** Learn of change sets committed through other servers (LISTEN/NOTIFY); default true. */
  listen?: boolean;
  now?: () => Date;
  /**
   * For a function source: how to learn, without parsing, whether data/ holds another release
   * than the database (server/dataset/load.ts `readDatasetStamp`, `readDatasetVersion`). While
   * the stamp (names, sizes, times of the files) is the one recorded, nothing is read; else the
   * files are hashed, and a different version is read and taken in (./release.ts). A stamp of
   * undefined: no release there (the database is served as it is). Without this option a
   * function source is only read to load an empty database. A Dataset source is always compared.
   */
  release?: { stamp: () => Promise<string | undefined>; version: () => Promise<string> };
}

/**
 * After loading: take in the release data/ holds if the database holds another (see
 * OpenOptions.release), and record the files' stamp.
 */
async function newRelease(client: pg.ClientBase, source: DatasetSource, held: LoadResult, options: OpenOptions): Promise<ReleaseResult | undefined> {
  if (typeof source !== 'function') {
    if (held.loaded || held.version === source.version) return undefined;
    return takeRelease(client, source, options.now ?? (() => new Date()));
  }
  if (!options.release) return undefined;
  const stamp = await options.release.stamp();
  if (stamp === undefined) return undefined;
  const { rows } = await client.query<{ files_stamp: string | null }>('SELECT files_stamp FROM dataset');
  if (rows[0]?.files_stamp === stamp) return undefined;
  let taken: ReleaseResult | undefined;
  if (!held.loaded && (await options.release.version()) !== held.version) taken = await takeRelease(client, await source(), options.now ?? (() => new Date()));
  await client.query('UPDATE dataset SET files_stamp = $1', [stamp]);
  return taken;
}

export class PostgisStore implements Store {
  /** The last change set this server knows of: its own writes at once, others' through NOTIFY. */
  private seq: number;
  private catalogue?: Catalogue;
  private listener?: VersionListener;
  private readonly now: () => Date;
  /** The data release this server took in at start, if data/ held a new one. */
  releaseTaken?: ReleaseResult;

  private constructor(
    private readonly pool: pg.Pool,
    /** The data release the database holds. */
    private readonly release: string,
    seq: number,
    private readonly layerDocs: Layer[],
    private readonly measureDocs: Measure[],
    private readonly loadedAt: string,
    private readonly versions: { postgresql: string; postgis: string },
    options: OpenOptions,
  ) {
    this.seq = seq;
    this.now = options.now ?? (() => new Date());
  }

  /**
   * The data version: the release, `+N` after change set N (as the embedded store's). Response
   * caches are keyed by it. It moves forward only: at once for this server's own writes (before
   * the write is answered), within the NOTIFY delay for writes through other servers.
   */
  get version(): string {
    return versionOf(this.release, this.seq);
  }

  /** Take a change set number learnt from the database; never goes back. */
  private learn(seq: number): void {
    if (Number.isSafeInteger(seq) && seq > this.seq) this.seq = seq;
  }

  /** Ask the database for the newest change set (after the listener reconnects: NOTIFYs may have been missed). */
  async refreshVersion(): Promise<void> {
    const { rows } = await this.query<{ seq: string }>('SELECT seq FROM dataset');
    if (rows[0]) this.learn(Number(rows[0].seq));
  }

  /**
   * Connect, migrate the schema, load the dataset if the database is empty (a function source is
   * only called then: a server on a loaded database never reads data/), and return the store.
   * Throws (the connection error) when the database cannot be reached; callers retry.
   */
  static async open(url: string, dataset: DatasetSource, options: OpenOptions = {}): Promise<PostgisStore> {
    const pool = createPool(url, options.poolSize);
    let taken: ReleaseResult | undefined;
    try {
      const client = await pool.connect();
      try {
        await migrate(client);
        const held = await loadIfEmpty(client, dataset);
        taken = await newRelease(client, dataset, held, options);
      } finally {
        client.release();
      }
      const meta = await pool.query<{ version: string; seq: string; loaded_at: Date; pg: string; postgis: string }>(
        `SELECT version, seq, loaded_at, current_setting('server_version') AS pg, postgis_lib_version() AS postgis FROM dataset`,
      );
      const layers = await pool.query<{ doc: Layer }>('SELECT doc FROM layers ORDER BY position');
      const measures = await pool.query<{ doc: Measure }>('SELECT doc FROM measures ORDER BY position');
      const m = meta.rows[0];
      const store = new PostgisStore(
        pool,
        m.version,
        Number(m.seq),
        layers.rows.map((r) => r.doc),
        measures.rows.map((r) => r.doc),
        m.loaded_at.toISOString(),
        { postgresql: m.pg, postgis: m.postgis },
        options,
      );
      store.releaseTaken = taken;
      if (options.listen !== false) {
        store.listener = new VersionListener(url, (seq) => store.learn(seq), () => store.refreshVersion());
        await store.listener.start();
        await store.refreshVersion(); // a change set committed between the read above and LISTEN
      }
      return store;
    } catch (e) {
      await pool.end().catch(() => {});
      throw e;
    }
  }

  async close(): Promise<void> {
    await this.listener?.stop();
    await this.pool.end();
  }

  /**
   * A parameterised query as a named prepared statement: each connection plans a query shape once
   * (planning cost more than running the small bbox queries), then binds new values to it.
   */
  private query<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<pg.QueryResult<R>> {
    const name = statementName(sql);
    return guarded(() => this.pool.query<R>(name ? { name, text: sql, values: params } : { text: sql, values: params }), this.pool);
  }

  /** A read query, over the data as of `at` when given (asof-sql.ts). */
  private read<R extends pg.QueryResultRow>(sql: string, params: unknown[], at?: At): Promise<pg.QueryResult<R>> {
    if (!at) return this.query<R>(sql, params);
    const q = asOfSql(sql, params, at.seq);
    return this.query<R>(q.sql, q.params);
  }

  /**
   * The data at the end of a day: the change sets recorded by then (S = the last of them), the
   * feature versions valid at S. Versions are kept from migration 0014 on (dataset.versions_from):
   * a day before that, or before the first change set, answers as of the earliest state known,
   * flagged.
   */
  async asOf(day: AsOf): Promise<AsOfView> {
    const { rows } = await this.query<{ seq: string; since: string }>(
      'SELECT COALESCE((SELECT max(id) FROM change_sets WHERE at < $1::timestamptz), 0) AS seq, (SELECT versions_from FROM dataset) AS since',
      [day.until],
    );
    const found = Math.min(Number(rows[0].seq), this.seq);
    const since = Number(rows[0].since);
    const at: At = { seq: Math.max(found, since), date: day.date };
    const view: FeatureStore = {
      version: this.version,
      health: () => this.health(),
      layers: () => this.layers(),
      layerIds: () => this.layerIds(),
      features: (q) => this.features(q, at),
      feature: (id) => this.feature(id, at),
      counties: () => this.counties(),
      context: () => this.context(),
      measures: () => this.measures(),
      stats: (f) => this.stats(f, at),
      tile: (q, address, options) => this.tile(q, address, options, at),
    };
    return { store: view, changeSet: at.seq, beforeHistory: found === 0 || found < since };
  }

  private toFeature(r: FeatureRow): ApiFeature {
    const layer = this.layerDocs.find((l) => l.id === r.layer)!;
    return { type: 'Feature', id: r.id, geometry: r.geometry, properties: publicPropertiesOf(r.properties, layer, r.counties) };
  }

  async health(): Promise<HealthResponse['store']> {
    const { rows } = await this.query<{ features: number }>('SELECT count(*)::int AS features FROM features');
    return {
      kind: 'postgis',
      features: rows[0].features,
      layers: this.layerDocs.length,
      data_version: this.version,
      loaded_at: this.loadedAt,
      postgresql: this.versions.postgresql,
      postgis: this.versions.postgis,
    };
  }

  async layers(): Promise<LayerInfo[]> {
    const { rows } = await this.query<{ layer: string; n: number }>('SELECT layer, count(*)::int AS n FROM features GROUP BY layer');
    const counts = new Map(rows.map((r) => [r.layer, r.n]));
    return this.layerDocs.map(({ file: _file, public_properties: _pp, ...info }) => ({ ...info, count: counts.get(info.id) ?? 0 }));
  }

  async hasLayer(id: string): Promise<boolean> {
    return this.layerDocs.some((l) => l.id === id);
  }

  async layerIds(): Promise<string[]> {
    return this.layerDocs.map((l) => l.id);
  }

  async features(q: FeatureQuery, at?: At): Promise<FeaturePage> {
    const { sql, params } = featuresSql(q, this.layerDocs);
    const { rows } = await this.read<FeatureRow & { matched: number }>(sql, params, at);
    if (rows.length > 0) return { numberMatched: rows[0].matched, features: rows.map((r) => this.toFeature(r)) };
    const where = whereClause(q, this.layerDocs);
    const count = await this.read<{ n: number }>(`SELECT count(*)::int AS n FROM features f WHERE ${where.sql}`, where.params, at);
    return { numberMatched: count.rows[0].n, features: [] };
  }

  async feature(id: string, at?: At): Promise<ApiFeature | undefined> {
    const { rows } = await this.read<FeatureRow>(`SELECT ${FEATURE_COLUMNS} FROM features f WHERE f.id = $1`, [id], at);
    return rows[0] ? this.toFeature(rows[0]) : undefined;
  }

  async counties(): Promise<CountiesResponse> {
    const { rows } = await this.query<{ code: string; name: string; name_en: string; geometry: Polygon | MultiPolygon }>(
      'SELECT code, name, name_en, geometry FROM counties ORDER BY position',
    );
    const boundaries = await this.boundaries('counties');
    return {
      type: 'FeatureCollection',
      ...(boundaries ? { boundaries } : {}),
      features: rows.map((r) => ({ type: 'Feature', id: r.code, geometry: r.geometry, properties: { code: r.code, name: r.name, name_en: r.name_en } })),
    };
  }

  async context(): Promise<FeatureCollection<Polygon | MultiPolygon, ContextProperties>> {
    const { rows } = await this.query<{ feature: FeatureCollection<Polygon | MultiPolygon, ContextProperties>['features'][number] }>(
      'SELECT feature FROM context ORDER BY position',
    );
    const boundaries = await this.boundaries('context');
    return { type: 'FeatureCollection', ...(boundaries ? { boundaries } : {}), features: rows.map((r) => r.feature) };
  }

  /** The provenance of the outlines as loaded with the data release (data/ files' `boundaries`). */
  private async boundaries(which: 'counties' | 'context'): Promise<Boundaries | undefined> {
    const { rows } = await this.query<{ b: Boundaries | null }>(`SELECT boundaries->'${which}' AS b FROM dataset`);
    return rows[0]?.b ?? undefined;
  }

  async measures(): Promise<Measure[]> {
    return this.measureDocs;
  }

  /** A vector tile in one query (tiles-sql.ts). */
  async tile(q: FeatureQuery & { layer: string }, address: { z: number; x: number; y: number }, options: TileOptions, at?: At): Promise<TileResult> {
    const { sql, params } = tileSql(q, address, this.layerDocs, options);
    const { rows } = await this.read<TileRow>(sql, params, at);
    if (rows[0].matched > options.maxFeatures) return { tooDense: true };
    return { bytes: rows[0].mvt ?? new Uint8Array(0) };
  }

  async stats(filters: Filters, at?: At): Promise<StatsResponse> {
    const version = this.version;
    const { sql, params } = statsQuery(filters);
    const { rows } = await this.read<{ stats: StatsAggregates }>(sql, params, at);
    const reports = await this.progress();
    const reported = latestReports(at ? reports.filter((r) => r.as_of <= at.date) : reports);
    const stats = assembleStats({ filters, version, aggregates: rows[0].stats, layers: this.layerDocs, measures: this.measureDocs, counties: [...COUNTIES] });
    // Progress reports beside each target, as the embedded store's computeStats shows them.
    for (const m of stats.measures) m.targets = m.targets.map((t) => ({ ...t, reported: reported.get(t.target.id) ?? null }));
    return stats;
  }

  // ----- writes, change sets and history (server/store/postgis/writes.ts) -----

  /** What the shared write rules need: layers, measures and (built on the first write) the county index. */
  private async cat(): Promise<Catalogue> {
    if (this.catalogue) return this.catalogue;
    const { rows } = await this.query<{ code: string; name: string; name_en: string; geometry: Polygon | MultiPolygon }>('SELECT code, name, name_en, geometry FROM counties ORDER BY position');
    const counties = rows.map((r) => ({ type: 'Feature' as const, properties: { code: r.code, name: r.name, name_en: r.name_en }, geometry: r.geometry }));
    this.catalogue = {
      layers: new Map(this.layerDocs.map((l) => [l.id, l])),
      measures: new Map(this.measureDocs.map((m) => [m.id, m])),
      measureIds: new Set(this.measureDocs.map((m) => m.id)),
      index: new CountyIndex(counties),
    };
    return this.catalogue;
  }

  async storedFeature(id: string, options: { includeDeleted?: boolean } = {}): Promise<StoredFeature | undefined> {
    type Row = { id: string; properties: FeatureProperties; geometry: DataGeometry; version: number; counties: string[]; deleted: boolean };
    const { rows } = await this.query<Row>(
      `SELECT f.id, f.properties, f.geometry, f.version, ARRAY(SELECT fc.county FROM feature_counties fc JOIN counties c ON c.code = fc.county WHERE fc.feature_id = f.id ORDER BY c.position) AS counties, false AS deleted
       FROM features f WHERE f.id = $1
       UNION ALL
       SELECT d.id, d.properties, d.geometry, d.version, d.counties, true FROM deleted_features d WHERE d.id = $1 AND $2::boolean`,
      [id, options.includeDeleted ?? false],
    );
    const r = rows[0];
    if (!r) return undefined;
    return { feature: { type: 'Feature', id: r.id, geometry: r.geometry, properties: r.properties }, counties: r.counties, version: r.version, deleted: r.deleted };
  }

  apply(writes: FeatureWrite[], meta: WriteMeta): Promise<ChangeSet> {
    return this.write(writes, meta);
  }

  revert(changeSetId: string, meta: WriteMeta): Promise<ChangeSet> {
    return this.write({ revert: changeSetId }, { ...meta, kind: 'revert' });
  }

  private async write(writes: FeatureWrite[] | { revert: string }, meta: WriteMeta): Promise<ChangeSet> {
    const cat = await this.cat();
    return guarded(async () => {
      const client = await this.pool.connect();
      let broken = false;
      try {
        const { changeSet, seq } = await applyChangeSet(client, { cat, release: this.release, now: this.now }, writes, meta);
        this.learn(seq); // before the write is answered: this server never serves older data after it
        return changeSet;
      } catch (e) {
        broken = !(e instanceof Error && e.name === 'WriteError');
        throw e;
      } finally {
        client.release(broken);
      }
    }, this.pool);
  }

  async changes(q: ChangeQuery): Promise<ChangePage> {
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const conds: string[] = [];
    if (q.since !== undefined) conds.push(`cs.at >= ${p(new Date(Date.parse(q.since)).toISOString())}::timestamptz`);
    if (q.until !== undefined) conds.push(`cs.at < ${p(new Date(Date.parse(q.until)).toISOString())}::timestamptz`);
    if (q.changeSet !== undefined) conds.push(/^\d{1,18}$/.test(q.changeSet) ? `cs.id = ${p(q.changeSet)}::bigint` : 'FALSE');
    const change: string[] = [];
    if (q.feature !== undefined) change.push(`c.feature = ${p(q.feature)}::text`);
    if (q.layer !== undefined) change.push(`c.layer = ${p(q.layer)}::text`);
    if (q.counties) change.push(`c.counties && ${p(q.counties)}::text[]`);
    if (q.measures) change.push(`c.measures && ${p(q.measures)}::int[]`);
    const exists = (extra: string[]) => `EXISTS (SELECT 1 FROM changes c WHERE c.change_set = cs.id${extra.map((x) => ` AND ${x}`).join('')})`;
    // As queryChangeSets (server/store/changes.ts): a filtered query keeps change sets with a
    // matching change; an anonymous reader's, those with a change it may see (or none at all).
    if (change.length) conds.push(exists(q.publicOnly ? [...change, 'c.public'] : change));
    else if (q.publicOnly) conds.push(`(NOT ${exists([])} OR ${exists(['c.public'])})`);
    const where = conds.length ? conds.join(' AND ') : 'TRUE';
    const count = await this.query<{ n: number }>(`SELECT count(*)::int AS n FROM change_sets cs WHERE ${where}`, params);
    const page = await this.query<{ id: string; doc: ChangeSet }>(
      `SELECT cs.id, cs.doc FROM change_sets cs WHERE ${where} ORDER BY cs.id DESC LIMIT ${p(q.limit ?? null)}::int OFFSET ${p(q.offset ?? 0)}::int`,
      params,
    );
    const ids = page.rows.map((r) => r.id);
    const ch = ids.length
      ? await this.query<{ change_set: string; doc: ChangeSet['changes'][number] }>('SELECT change_set, doc FROM changes WHERE change_set = ANY($1::bigint[]) ORDER BY change_set, ord', [ids])
      : { rows: [] };
    const byId = new Map<string, ChangeSet['changes']>(ids.map((id) => [id, []]));
    for (const r of ch.rows) byId.get(r.change_set)!.push(r.doc);
    // The page, oldest first, through the same per-change filter and anonymous view as the embedded store.
    const sets = page.rows.map((r) => ({ ...r.doc, changes: byId.get(r.id)! })).reverse();
    const view = q.publicOnly ? (cs: ChangeSet) => publicChangeSet(cs, this.layerMap()) : undefined;
    const { changeSets } = queryChangeSets(sets, { ...q, since: undefined, until: undefined, limit: undefined, offset: undefined }, view);
    return { changeSets, numberMatched: count.rows[0].n };
  }

  private layerMap(): ReadonlyMap<string, Layer> {
    return new Map(this.layerDocs.map((l) => [l.id, l]));
  }

  async progress(measure?: number): Promise<ProgressReport[]> {
    const list = await guarded(async () => {
      const client = await this.pool.connect();
      try {
        return await loadProgress(client, measure);
      } finally {
        client.release();
      }
    }, this.pool);
    // Newest as_of first; equal dates in the order recorded (as the embedded store's stable sort).
    return list.sort((a, b) => (a.as_of < b.as_of ? 1 : a.as_of > b.as_of ? -1 : 0));
  }
}
