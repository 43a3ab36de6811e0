/**
 * The store behind the API. Queries are plain data (no JavaScript predicates), so a PostGIS store
 * can implement the same interface by turning a `FeatureQuery` into SQL.
 */
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type {
  ApiFeature,
  CountiesResponse,
  HealthResponse,
  LayerInfo,
  StatsResponse,
} from '../../core/api';
import type { Filters } from '../../core/filters';
import type { ContextProperties, Measure } from '../../core/schema';

/** A feature query: the contract's filters plus one layer and paging. */
export interface FeatureQuery extends Filters {
  /** Restrict to one layer (the `{layer}` of `/api/layers/{layer}/features`). */
  layer?: string;
  /** Page size; undefined = all matches. */
  limit?: number;
  /** Matches to skip before the page; default 0. */
  offset?: number;
}

export interface FeaturePage {
  features: ApiFeature[];
  /** Matches before paging. */
  numberMatched: number;
}

export interface FeatureStore {
  /** Changes whenever the data does; used for ETags and cache keys. */
  readonly version: string;
  health(): Promise<HealthResponse['store']>;
  layers(): Promise<LayerInfo[]>;
  hasLayer(id: string): Promise<boolean>;
  layerIds(): Promise<string[]>;
  features(query: FeatureQuery): Promise<FeaturePage>;
  feature(id: string): Promise<ApiFeature | undefined>;
  counties(): Promise<CountiesResponse>;
  context(): Promise<FeatureCollection<Polygon | MultiPolygon, ContextProperties>>;
  measures(): Promise<Measure[]>;
  stats(filters: Filters): Promise<StatsResponse>;
}
