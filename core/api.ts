/**
 * Shapes of the HTTP API's JSON bodies (CONTRACT.md, "HTTP API"). The server builds them, the web
 * views read them; /api/openapi.json describes the same shapes.
 */
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon } from 'geojson';
import type { Precision, Status } from './contract';
import type { Filters } from './filters';
import type { Aim, Layer, Measure, Target } from './schema';

/** Properties of a feature as the API serves it: the layer's public properties plus derived ones. */
export interface PublicFeatureProperties {
  id: string;
  name: string;
  name_en: string;
  layer: string;
  measures: number[];
  status: Status;
  /** When the status took effect (public wherever `status` is). */
  status_date?: string;
  /** What says so (public wherever `status` is). */
  status_evidence?: { title: string; url?: string };
  clause: string;
  quote: string;
  precision: 'surveyed' | 'approximate' | 'schematic';
  outside: boolean;
  zone?: string;
  aims: Aim[];
  /** How the geometry was placed (Chinese). */
  location_note: string;
  /** The same note in English. */
  location_note_en: string;
  sources: string[];
  /** Derived at load from geometry: every county the geometry touches. */
  counties: string[];
}

export type ApiFeature = Feature<Geometry, PublicFeatureProperties>;

export interface ApiFeatureCollection extends FeatureCollection<Geometry, PublicFeatureProperties> {
  /** Features matching the filter before paging. */
  numberMatched: number;
  numberReturned: number;
}

export interface HealthResponse {
  status: 'ok';
  store: { kind: string; features: number; layers: number; data_version: string; loaded_at: string };
}

export type LayerInfo = Omit<Layer, 'file' | 'public_properties'> & { count: number };
export interface LayersResponse {
  layers: LayerInfo[];
}

export interface MeasuresResponse {
  measures: Measure[];
}

export interface CountyFeatureProperties {
  code: string;
  name: string;
  name_en: string;
}
export type CountiesResponse = FeatureCollection<Polygon | MultiPolygon, CountyFeatureProperties>;

export interface LayerStats {
  id: string;
  count: number;
  /** Length of line geometry, km (inside the selected counties when a county filter is set). */
  line_km: number;
  /** Area of polygon geometry, km² (likewise). */
  polygon_km2: number;
  /**
   * Matching features drawn as a line or polygon, whose length or area the km / km² measure. The
   * others are points: their extent is not mapped, so a km² of 0 with `with_extent` 0 means
   * "unknown", not "none".
   */
  with_extent: number;
  by_status: Record<Status, number>;
  /** How exact the matching geometry is: km of `schematic` lines are lengths of a sketch. */
  by_precision: Record<Precision, number>;
}

export interface CountyStats {
  code: string;
  name: string;
  name_en: string;
  count: number;
  by_layer: Record<string, number>;
  line_km: number;
  polygon_km2: number;
  /** Line km inside this county per layer (e.g. gas pipelines apart from waterways). */
  by_layer_line_km: Record<string, number>;
  /** Polygon km² inside this county per layer (e.g. bird habitats apart from scenic zones). */
  by_layer_polygon_km2: Record<string, number>;
}

export interface TargetProgress {
  target: Target;
  /** Whether any mapped feature counts towards it (the target has a `tracked_by`). */
  tracked: boolean;
  /** Features (or counties, per tracked_by.unit) under the filter that work towards it; null if untracked. */
  current: number | null;
  /** Of those, how many have status `completed`; null if untracked. */
  completed: number | null;
  /** How many of them have status `unknown`: progress cannot be told for these. */
  unknown: number | null;
}

export interface MeasureStats {
  id: number;
  section: number;
  /** Features under the filter that serve this measure. */
  count: number;
  targets: TargetProgress[];
}

export interface StatsResponse {
  filters: Filters;
  data_version: string;
  totals: { features: number; line_km: number; polygon_km2: number };
  by_status: Record<Status, number>;
  layers: LayerStats[];
  counties: CountyStats[];
  sections: { section: number; count: number }[];
  measures: MeasureStats[];
}

export interface ApiError {
  error: { code: string; message: string; parameter?: string };
}
