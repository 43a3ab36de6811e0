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
import type { Boundaries, ContextProperties, FeatureProperties, Layer, Measure } from '../../../core/schema';
import { publicPropertiesOf } from '../records';
import type { FeaturePage, FeatureQuery, FeatureStore } from '../types';
import { loadIfEmpty, type DatasetSource } from './load';
import { migrate } from './migrate';
import { createPool, guarded } from './pool';
import { FEATURE_COLUMNS, featuresSql, whereClause } from './sql';
import { assembleStats, statsQuery, type StatsAggregates } from './stats';

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
}

export class PostgisStore implements FeatureStore {
  private constructor(
    private readonly pool: pg.Pool,
    readonly version: string,
    private readonly layerDocs: Layer[],
    private readonly measureDocs: Measure[],
    private readonly loadedAt: string,
    private readonly versions: { postgresql: string; postgis: string },
  ) {}

  /**
   * Connect, migrate the schema, load the dataset if the database is empty (a function source is
   * only called then: a server on a loaded database never reads data/), and return the store.
   * Throws (the connection error) when the database cannot be reached; callers retry.
   */
  static async open(url: string, dataset: DatasetSource, options: OpenOptions = {}): Promise<PostgisStore> {
    const pool = createPool(url, options.poolSize);
    try {
      const client = await pool.connect();
      try {
        await migrate(client);
        await loadIfEmpty(client, dataset);
      } finally {
        client.release();
      }
      const meta = await pool.query<{ version: string; loaded_at: Date; pg: string; postgis: string }>(
        `SELECT version, loaded_at, current_setting('server_version') AS pg, postgis_lib_version() AS postgis FROM dataset`,
      );
      const layers = await pool.query<{ doc: Layer }>('SELECT doc FROM layers ORDER BY position');
      const measures = await pool.query<{ doc: Measure }>('SELECT doc FROM measures ORDER BY position');
      const m = meta.rows[0];
      return new PostgisStore(
        pool,
        m.version,
        layers.rows.map((r) => r.doc),
        measures.rows.map((r) => r.doc),
        m.loaded_at.toISOString(),
        { postgresql: m.pg, postgis: m.postgis },
      );
    } catch (e) {
      await pool.end().catch(() => {});
      throw e;
    }
  }

  async close(): Promise<void> {
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

  async features(q: FeatureQuery): Promise<FeaturePage> {
    const { sql, params } = featuresSql(q, this.layerDocs);
    const { rows } = await this.query<FeatureRow & { matched: number }>(sql, params);
    if (rows.length > 0) return { numberMatched: rows[0].matched, features: rows.map((r) => this.toFeature(r)) };
    const where = whereClause(q, this.layerDocs);
    const count = await this.query<{ n: number }>(`SELECT count(*)::int AS n FROM features f WHERE ${where.sql}`, where.params);
    return { numberMatched: count.rows[0].n, features: [] };
  }

  async feature(id: string): Promise<ApiFeature | undefined> {
    const { rows } = await this.query<FeatureRow>(`SELECT ${FEATURE_COLUMNS} FROM features f WHERE f.id = $1`, [id]);
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

  async stats(filters: Filters): Promise<StatsResponse> {
    const { sql, params } = statsQuery(filters);
    const { rows } = await this.query<{ stats: StatsAggregates }>(sql, params);
    return assembleStats({ filters, version: this.version, aggregates: rows[0].stats, layers: this.layerDocs, measures: this.measureDocs, counties: [...COUNTIES] });
  }
}
