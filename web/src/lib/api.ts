/**
 * Typed client of our own HTTP API (docs/contract.md, core/api.ts). Same-origin only: every URL is a
 * path under `/api`, so nothing the app does at run time leaves its server.
 */
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type {
  ApiError,
  ApiFeature,
  ApiFeatureCollection,
  ConfigResponse,
  CountiesResponse,
  LayersResponse,
  MeasuresResponse,
  StatsResponse,
  TimelineResponse,
} from '../../../core/api';
import type { ContextProperties } from '../../../core/schema';
import { serializeFilters, type Filters } from '../../../core/filters';
import { asofFromLocation } from '../time/asof';

/** An API answer that was not 2xx, with the server's message when it gave one. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly parameter?: string,
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

export type ContextResponse = FeatureCollection<Polygon | MultiPolygon, ContextProperties>;

/**
 * Which basemaps the deployment enables (from /api/config); none by default. `own` is the
 * deployment's own basemap (BASEMAP_STYLE or BASEMAP_PMTILES), drawn under the data in every view.
 */
export interface AppConfig {
  basemaps: { osm: boolean; tianditu: { token: string } | null; own: OwnBasemap | null };
  embedOrigins: string[];
  /**
   * Above this many features (all layers) the views draw from vector tiles (config `tiles.threshold`,
   * web/src/map/tile-mode.ts); Infinity when the server does not say (whole-layer GeoJSON, as before).
   */
  tileThreshold: number;
}

/** A MapLibre style by URL, or a PMTiles archive on our own server drawn with the Protomaps style. */
export type OwnBasemap = { kind: 'style'; url: string } | { kind: 'pmtiles'; url: string };

export const DEFAULT_CONFIG: AppConfig = { basemaps: { osm: false, tianditu: null, own: null }, embedOrigins: [], tileThreshold: Infinity };

/**
 * Read /api/config (core/api.ts `ConfigSchema`: `{basemaps: {osm: boolean, tianditu: {token} |
 * null, style: url | null, pmtiles: path | null}, embed: {allowed_origins}}`) tolerantly: anything missing or odd means "off".
 */
export function parseConfig(json: unknown): AppConfig {
  const o = (json && typeof json === 'object' ? json : {}) as Partial<Record<keyof ConfigResponse, unknown>>;
  const b = (o.basemaps && typeof o.basemaps === 'object' ? o.basemaps : {}) as Record<string, unknown>;
  const tdt = b.tianditu && typeof b.tianditu === 'object' ? (b.tianditu as { token?: unknown }) : undefined;
  const token = typeof tdt?.token === 'string' ? tdt.token : '';
  const own: OwnBasemap | null =
    typeof b.style === 'string' && /^https?:\/\//.test(b.style)
      ? { kind: 'style', url: b.style }
      : typeof b.pmtiles === 'string' && b.pmtiles.startsWith('/')
        ? { kind: 'pmtiles', url: b.pmtiles }
        : null;
  const embed = (o.embed && typeof o.embed === 'object' ? o.embed : {}) as Record<string, unknown>;
  const origins = Array.isArray(embed.allowed_origins) ? embed.allowed_origins : [];
  const threshold = (o.tiles as { threshold?: unknown } | undefined)?.threshold;
  return {
    basemaps: { osm: b.osm === true, tianditu: token ? { token } : null, own },
    embedOrigins: origins.filter((x): x is string => typeof x === 'string'),
    tileThreshold: typeof threshold === 'number' && Number.isInteger(threshold) && threshold >= 0 ? threshold : Infinity,
  };
}

/** Query string of a filter for the API (no `layers`: that selects an endpoint, not rows). */
export function filterQuery(filters: Filters, asof?: string): string {
  const p = serializeFilters({ ...filters, layers: undefined });
  if (asof) p.set('asof', asof);
  const s = p.toString().replace(/%2C/gi, ',');
  return s ? `?${s}` : '';
}

/**
 * Query string of a filter for /api/stats, `layers` included: the figures describe the features the
 * user sees, so hiding a layer takes its features out of the figures too.
 */
export function statsQuery(filters: Filters, asof?: string): string {
  const p = serializeFilters(filters);
  if (asof) p.set('asof', asof);
  const s = p.toString().replace(/%2C/gi, ',');
  return s ? `?${s}` : '';
}

export interface ApiClient {
  layers(): Promise<LayersResponse>;
  /** Every feature of a layer matching the filter (all when no filter). */
  /** `day`: as of this day instead of the page's (the screen's tour=time shows each quarter's end). */
  features(layerId: string, filters?: Filters, day?: string, page?: { limit: number; offset: number }): Promise<ApiFeatureCollection>;
  feature(id: string): Promise<ApiFeature>;
  counties(): Promise<CountiesResponse>;
  context(): Promise<ContextResponse>;
  measures(): Promise<MeasuresResponse>;
  /** `asof`: this day instead of the page's (the screen's tour=time asks for each quarter's end). */
  stats(filters?: Filters, asof?: string): Promise<StatsResponse>;
  /** /api/stats/timeline: counts by status per period to today and the targets' reported progress (never `asof`). */
  timeline(filters?: Filters, step?: 'month' | 'quarter'): Promise<TimelineResponse>;
  config(): Promise<AppConfig>;
}

/**
 * @param base - prefix before `/api`, default `''` (same origin).
 * @param fetchImpl - default the global `fetch`.
 * @param asof - the day the data is asked for (features, a feature, stats); default the page's
 *   `asof` at the time of each call (web/src/time/asof.ts), so every view honours it.
 */
export function createApiClient(base = '', fetchImpl: typeof fetch = (...a) => fetch(...a), asof: () => string | undefined = asofFromLocation): ApiClient {
  async function get<T>(path: string, signal?: AbortSignal): Promise<T> {
    const res = await fetchImpl(`${base}/api${path}`, { headers: { accept: 'application/json' }, signal });
    if (!res.ok) {
      let message = `HTTP ${res.status} for /api${path}`;
      let parameter: string | undefined;
      try {
        const body = (await res.json()) as ApiError;
        if (body?.error?.message) ({ message, parameter } = body.error);
      } catch {
        /* non-JSON error body: keep the status line */
      }
      throw new ApiRequestError(res.status, message, parameter);
    }
    return (await res.json()) as T;
  }
  return {
    layers: () => get('/layers'),
    features: async (layerId, filters = {}, day, page) => {
      const q = filterQuery(filters, day ?? asof());
      const paging = page ? `${q ? '&' : '?'}limit=${page.limit}&offset=${page.offset}` : '';
      return get<ApiFeatureCollection>(`/layers/${encodeURIComponent(layerId)}/features${q}${paging}`);
    },
    feature: (id) => {
      const day = asof();
      return get(`/features/${encodeURIComponent(id)}${day ? `?asof=${day}` : ''}`);
    },
    counties: () => get('/counties'),
    context: () => get('/context'),
    measures: () => get('/measures'),
    stats: (filters = {}, day) => get(`/stats${statsQuery(filters, day ?? asof())}`),
    timeline: (filters = {}, step = 'quarter') => {
      const q = statsQuery(filters);
      return get(`/stats/timeline${q ? `${q}&` : '?'}step=${step}`);
    },
    config: async () => {
      try {
        return parseConfig(await get<unknown>('/config'));
      } catch {
        return DEFAULT_CONFIG;
      }
    },
  };
}

/** The shared client for the pages (same origin). */
export const api: ApiClient = createApiClient();

/** The same, revalidating every answer with the server (after an edit: the HTTP cache keeps answers a minute). */
export const freshApi: ApiClient = createApiClient('', (input, init) => fetch(input, { ...init, cache: 'no-cache' }));
