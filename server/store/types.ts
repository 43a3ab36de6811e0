/**
 * The store behind the API. Queries are plain data (no JavaScript predicates), so a PostGIS store
 * can implement the same interface by turning a `FeatureQuery` into SQL.
 */
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type {
  ApiFeature,
  CountiesResponse,
  HealthResponse,
  LayerInfo,
  StatsResponse,
} from '../../core/api';
import type { Author, ChangeSet, ChangeSetKind, ProgressReport } from '../../core/changes';
import type { Filters } from '../../core/filters';
import type { ContextProperties, FeatureProperties, Measure, DataGeometry } from '../../core/schema';
import type { AsOf } from '../../core/asof';
import type { FilterExpr } from './filter';

/** A feature query: the contract's filters plus one layer and paging. */
export interface FeatureQuery extends Filters {
  /** Restrict to one layer (the `{layer}` of `/api/layers/{layer}/features`). */
  layer?: string;
  /** Page size; undefined = all matches. */
  limit?: number;
  /** Matches to skip before the page; default 0. */
  offset?: number;
  /** A further condition (the OGC API's CQL2 `filter=`), ANDed with the rest; see filter.ts. */
  where?: FilterExpr;
}

export interface FeaturePage {
  features: ApiFeature[];
  /** Matches before paging. */
  numberMatched: number;
  /**
   * `JSON.stringify` of each of `features`, when the store keeps them serialised (the memory store
   * does, from load): the route then assembles the body by concatenation.
   */
  json?: string[];
}

export interface FeatureStore {
  /** Changes whenever the data does; used for ETags and cache keys. */
  readonly version: string;
  health(): Promise<HealthResponse['store']>;
  layers(): Promise<LayerInfo[]>;
  layerIds(): Promise<string[]>;
  features(query: FeatureQuery): Promise<FeaturePage>;
  feature(id: string): Promise<ApiFeature | undefined>;
  counties(): Promise<CountiesResponse>;
  context(): Promise<FeatureCollection<Polygon | MultiPolygon, ContextProperties>>;
  measures(): Promise<Measure[]>;
  stats(filters: Filters): Promise<StatsResponse>;
  /**
   * One Mapbox Vector Tile of `query.layer`, made by the store itself (PostGIS: ST_AsMVT in one
   * query). Optional: without it server/tiles cuts tiles from `features()` with geojson-vt.
   */
  tile?(query: FeatureQuery & { layer: string }, address: { z: number; x: number; y: number }, options: TileOptions): Promise<TileResult>;
  /**
   * The data as it stood at the end of a day (`asof`), computed by the store: SQL over the feature
   * versions on PostGIS, the journal's change sets undone on the embedded store. Optional: a store
   * without history (a read-only dataset) answers with its data as loaded (server/store/asof.ts).
   */
  asOf?(at: AsOf): Promise<AsOfView>;
}

/** A store's reads as of a day. */
export interface AsOfView {
  /** Reads (features, feature, stats, tiles) as the data stood then; progress reports with as_of on or before the day. */
  store: FeatureStore;
  /** The last change set counted (0: none, the data as first loaded). */
  changeSet: number;
  /**
   * The day ends before the history the store keeps begins: the view is the data as first loaded
   * (or as of the earliest version the store recorded), which may be later than the day asked.
   */
  beforeHistory: boolean;
}

/** MVT extent and buffer (tile units) and the most features a tile may carry. */
export interface TileOptions {
  extent: number;
  buffer: number;
  maxFeatures: number;
}

/** The encoded tile (empty when nothing reaches it), or `tooDense` when more than maxFeatures match. */
export type TileResult = { bytes: Uint8Array } | { tooDense: true };

// ---------------------------------------------------------------------------------------------
// Writes, change sets and history (docs/contract.md, "Writing"). A store that can change implements
// `WritableStore` as well; both the embedded store (server/store/memory/) and the PostGIS store
// obey the same rules, which live in server/store/changes.ts (pure, shared).
// ---------------------------------------------------------------------------------------------

/** Who writes and why. `author: null` is the system (a data release applied at start). */
export interface WriteMeta {
  author: Author | null;
  note?: string;
  /** Default `edit` (or `progress` when every write is a progress report). */
  kind?: ChangeSetKind;
  /** For `release`: the data version of data/ being taken in. */
  release?: string;
  /** An editor limited to some counties: a write touching a feature outside them (before or after) fails with 403. */
  counties?: string[];
}

/**
 * One write. Client input (`feature`, `patch`) is untrusted: the store validates it with the rules
 * of server/store/changes.ts (the same schemas as loading data/), ignoring derived properties.
 * `expectVersion` is the feature version the client's If-Match named; a mismatch fails with 412.
 */
export type FeatureWrite =
  | { op: 'create'; layer: string; feature: unknown }
  | { op: 'update'; id: string; patch: unknown; expectVersion?: number }
  | { op: 'delete'; id: string; expectVersion?: number }
  | { op: 'restore'; id: string; expectVersion?: number }
  /** Create or overwrite with a feature already in data/'s schema (data releases, imports, reverts). */
  | { op: 'put'; feature: Feature<DataGeometry, FeatureProperties> }
  /** `report` is untrusted input, validated by ProgressInputSchema (core/changes.ts). */
  | { op: 'progress'; measure: number; report: unknown };

/** A feature as stored: every property (public or not), its version and whether it is deleted. */
export interface StoredFeature {
  feature: Feature<DataGeometry, FeatureProperties>;
  /** Derived: the counties its geometry touches. */
  counties: string[];
  /** 1 when first stored, +1 with every change set that changes it. ETags derive from it. */
  version: number;
  deleted: boolean;
}

/** History filters (`GET /api/changes`, `GET /api/features/{id}/history`). */
export interface ChangeQuery {
  /** ISO 8601 instants; inclusive since, exclusive until. */
  since?: string;
  until?: string;
  layer?: string;
  counties?: string[];
  measures?: number[];
  feature?: string;
  /** One change set by id (GET /api/changes?change_set=N). */
  changeSet?: string;
  limit?: number;
  offset?: number;
  /**
   * Page the changes inside each change set returned (change_limit, change_offset): a change set
   * of an import holds one change per row. When either is given, each change set returned carries
   * `changes_matched`, the number of its matching changes before this paging.
   */
  changeLimit?: number;
  changeOffset?: number;
  /** Anonymous reader: no names, public fields only (server/store/changes.ts `publicChangeSet`). */
  publicOnly?: boolean;
}

export interface ChangePage {
  /** Newest first; each holds only the changes that match the query. */
  changeSets: ChangeSet[];
  numberMatched: number;
}

/**
 * Why a write was refused. Nothing was changed. `status` is the HTTP status the API answers with:
 * 400/422 invalid input (naming `field`), 403 outside the editor's counties, 404 no such feature / measure / target, 409 conflict
 * (id taken, already deleted), 412 stale `expectVersion`, 503/507 the store cannot write now.
 */
export class WriteError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 412 | 422 | 503 | 507,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'WriteError';
  }
}

export interface WritableStore {
  /** A feature with every property, deleted ones included when asked. */
  storedFeature(id: string, options?: { includeDeleted?: boolean }): Promise<StoredFeature | undefined>;
  /**
   * Apply writes as one change set, all or nothing, durably (on disk / committed) before it
   * resolves; readers see the data version before or after, never between. Rejects with a
   * `WriteError` and changes nothing when any write is invalid.
   */
  apply(writes: FeatureWrite[], meta: WriteMeta): Promise<ChangeSet>;
  /** Undo a change set as a new change set (kind `revert`). 404 unknown id, 409 when nothing can be undone. */
  revert(changeSetId: string, meta: WriteMeta): Promise<ChangeSet>;
  /** History, newest first. */
  changes(query: ChangeQuery): Promise<ChangePage>;
  /** Progress reports, newest `as_of` first per target; all measures when `measure` is absent. */
  progress(measure?: number): Promise<ProgressReport[]>;
}

export type Store = FeatureStore & WritableStore;

export function isWritable(store: FeatureStore): store is Store {
  return typeof (store as Partial<WritableStore>).apply === 'function';
}
