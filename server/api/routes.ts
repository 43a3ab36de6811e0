/**
 * The HTTP API under /api (docs/contract.md). Handlers are thin: validate (schemas) → store →
 * cached body. Every response body is typed by its schema in core/api.ts.
 */
import { OpenAPIHono, createRoute, type z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { cors } from 'hono/cors';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ApiFeatureCollection, AsOfInfo } from '../../core/api';
import { shanghaiToday } from '../../core/asof';
import { withStandings } from '../../core/deadlines';
import { canonicalFilters, filterKey } from '../../core/filters';
import { errorBody } from '../http/errors';
import { MissLimiter, TooManyMisses, type MissLimits } from '../http/miss-limiter';
import { CachedBody, ResponseCache, type Effort } from '../http/response-cache';
import { sendBody } from '../http/send';
import { asofHeaders, readerAsOf } from '../store/asof';
import { timeline } from '../store/timeline';
import type { Step } from '../../core/timeline';
import { isWritable, type FeatureStore } from '../store/types';
import { validationHook } from './validation';
import {
  ConfigSchema,
  ContextSchema,
  CountiesSchema,
  ErrorSchema,
  FeatureCollectionSchema,
  FeatureIdParam,
  FeatureSchema,
  HealthSchema,
  LayerParam,
  LayersSchema,
  MeasuresSchema,
  AsOfQuery,
  NoQuery,
  StatsSchema,
  asofOf,
  featuresQuerySchema,
  statsQuerySchema,
  TimelineSchema,
  timelineQuerySchema,
  toValidatedQuery,
} from './schemas';

export interface ApiOptions {
  store: FeatureStore;
  /** `/api/config` body. */
  publicConfig: z.infer<typeof ConfigSchema>;
  /** Bound of the response cache in bytes; default 64 MiB. */
  cacheBytes?: number;
  /** Bounds of the work uncached requests may cause (server/http/miss-limiter.ts). */
  missLimits?: MissLimits;
  /** Further routes under /api (the write wing) whose OpenAPI descriptions join the document. */
  wings?: OpenAPIHono[];
}

/** The caller's address, the unit the miss limiter counts by ('local' for in-process requests). */
function clientOf(c: Context): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'local';
}

/** JSON text already serialised (e.g. joined from each feature's JSON made at load). */
export class JsonText<T> {
  /** `T` only types the text: the caller vouches it is JSON.stringify of a `T`. */
  declare readonly _type?: T;
  constructor(readonly text: string) {}
}

/**
 * A FeatureCollection body assembled from each feature's JSON, serialised once at load, instead of
 * serialising the features again: the same bytes as JSON.stringify of the object.
 */
export function featureCollectionJson(numberMatched: number, featureJson: readonly string[], asof?: AsOfInfo): JsonText<ApiFeatureCollection> {
  const tail = asof ? `,"asof":${JSON.stringify(asof)}` : '';
  return new JsonText(`{"type":"FeatureCollection","numberMatched":${numberMatched},"numberReturned":${featureJson.length},"features":[${featureJson.join(',')}]${tail}}`);
}


const FEATURE_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

const json = <S extends z.ZodType>(schema: S, description: string) => ({ content: { 'application/json': { schema } }, description });
const geo = <S extends z.ZodType>(schema: S, description: string) => ({ content: { 'application/geo+json': { schema } }, description });
const errors = {
  400: json(ErrorSchema, 'A malformed parameter: the message says what was wrong and what is allowed.'),
};
/** Routes answered from the response cache may also refuse a client with too many uncached queries. */
const cachedErrors = {
  ...errors,
  429: json(ErrorSchema, 'This client has too many uncached queries waiting; retry after the Retry-After seconds.'),
};

/** The contract's error body, typed for the routes' 4xx responses. */
const fail = <S extends ContentfulStatusCode>(c: Context, status: S, code: string, message: string, parameter?: string) =>
  c.json(errorBody(code, message, parameter), status, { 'Cache-Control': 'no-store' });

/**
 * A cached body is bytes already serialised (and compressed), so Hono cannot type it as JSON. Its
 * shape is checked where it is made: `make` must return the route's schema type (see `cached`).
 */
const prebuilt = (res: Response) => res as never;

export async function createApi({ store, publicConfig, cacheBytes, missLimits, wings = [] }: ApiOptions) {
  const layerIds = await store.layerIds();
  const getLayerIds = () => layerIds;
  const cache = new ResponseCache(cacheBytes);
  const limiter = new MissLimiter(missLimits);
  const api = new OpenAPIHono({ defaultHook: validationHook });

  // Preflights go through hono's cors(). For GET/HEAD its only header (origin *) is set after the
  // handler instead: touching c.res before the handler makes Hono re-wrap the handler's Response,
  // which drops @hono/node-server's fast path for buffer bodies (measured: 5–10× fewer req/s on
  // cached bodies, see bench/RESULTS.md).
  const preflight = cors({ origin: '*', allowMethods: ['GET', 'HEAD'], maxAge: 86400 });
  api.use('/api/*', async (c, next) => {
    if (c.req.method === 'OPTIONS') return preflight(c, next);
    await next();
    // Reads are open to every site; writes, sign-in and account management get no CORS at all (docs/contract.md).
    if ((c.req.method === 'GET' || c.req.method === 'HEAD') && !/^\/api\/(session|admin)(\/|$)/.test(c.req.path)) {
      c.res.headers.set('Access-Control-Allow-Origin', '*');
      if (c.res.headers.has('Data-As-Of')) c.res.headers.set('Access-Control-Expose-Headers', 'Data-As-Of, Data-As-Of-Before-History');
    }
  });

  /**
   * Serve `make()`'s JSON (of the schema's shape, or JSON text of it) through the cache, keyed by
   * route + query + data version. A miss of an ad-hoc query (`fast`: building the body, or
   * compressing it for an encoding not made yet) runs within the miss limiter; a client over its
   * share gets 429. The fixed bodies (`best`) are few, so they need no limit.
   */
  const serve = async <S extends z.ZodType>(
    c: Context,
    key: string,
    make: () => Promise<z.infer<S> | JsonText<z.infer<S>>>,
    contentType: string,
    effort: Effort,
    etagPrefix?: string,
    headers?: Record<string, string>,
  ) => {
    const client = clientOf(c);
    const limit = <T,>(work: () => Promise<T>) => (effort === 'fast' ? limiter.run(client, work) : work());
    try {
      const fullKey = `${store.version}|${key}`;
      const body =
        cache.get(fullKey) ??
        (await cache.getOrCreate(fullKey, () =>
          limit(async () => {
            const value = await make();
            return CachedBody.of(Buffer.from(value instanceof JsonText ? value.text : JSON.stringify(value)), contentType, effort, etagPrefix);
          }),
        ));
      const res = await sendBody(c, body, { limit });
      for (const [k, v] of Object.entries(headers ?? {})) res.headers.set(k, v);
      return prebuilt(res);
    } catch (e) {
      if (!(e instanceof TooManyMisses)) throw e;
      c.header('Retry-After', '1');
      return fail(
        c,
        429,
        'too_many_requests',
        `This client already has ${e.limit} uncached queries waiting; wait for those answers before sending more (repeated queries are answered from the cache at once).`,
      );
    }
  };
  const cached = <S extends z.ZodType>(c: Context, key: string, _schema: S, make: () => Promise<z.infer<S> | JsonText<z.infer<S>>>, effort: Effort = 'best', headers?: Record<string, string>) =>
    serve<S>(c, key, make, 'application/json; charset=utf-8', effort, undefined, headers);
  const geojson = <S extends z.ZodType>(
    c: Context,
    key: string,
    _schema: S,
    make: () => Promise<z.infer<S> | JsonText<z.infer<S>>>,
    effort: Effort = 'best',
    etagPrefix?: string,
    headers?: Record<string, string>,
  ) => serve<S>(c, key, make, 'application/geo+json; charset=utf-8', effort, etagPrefix, headers);

  api.openapi(
    createRoute({ method: 'get', path: '/api/health', request: { query: NoQuery }, responses: { 200: json(HealthSchema, 'Liveness and the store in use.'), ...errors } }),
    async (c) => c.json({ status: 'ok' as const, store: await store.health() }, 200, { 'Cache-Control': 'no-store' }),
  );

  api.openapi(
    createRoute({ method: 'get', path: '/api/layers', request: { query: NoQuery }, responses: { 200: json(LayersSchema, 'The layer registry with feature counts.'), ...cachedErrors } }),
    async (c) => cached(c, 'layers', LayersSchema, async () => ({ layers: await store.layers() })),
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/layers/{layer}/features',
      request: { params: LayerParam, query: featuresQuerySchema(getLayerIds) },
      responses: {
        200: geo(FeatureCollectionSchema, 'The layer\'s features matching the filter.'),
        ...cachedErrors,
        404: json(ErrorSchema, 'No such layer.'),
      },
    }),
    async (c) => {
      const { layer } = c.req.valid('param');
      if (!layerIds.includes(layer))
        return fail(c, 404, 'unknown_layer', `Unknown layer "${layer.slice(0, 40)}"; allowed: ${layerIds.join(', ')}.`, 'layer');
      const { filters, limit, offset, asof } = toValidatedQuery(c.req.valid('query'), layerIds);
      const key = `features|${layer}|${filterKey(filters)}|${limit ?? ''}|${offset ?? ''}|${asof?.date ?? ''}`;
      // A filtered, paged or dated query may be new on every request: compress it the cheap way.
      const adHoc = filterKey(filters) !== '' || limit !== undefined || offset !== undefined || asof !== undefined;
      const { reader, info } = await readerAsOf(store, asof);
      return geojson(
        c,
        key,
        FeatureCollectionSchema,
        async () => {
          const page = await reader.features({ ...filters, layer, limit, offset });
          if (page.json) return featureCollectionJson(page.numberMatched, page.json, info);
          const body: ApiFeatureCollection = {
            type: 'FeatureCollection',
            numberMatched: page.numberMatched,
            numberReturned: page.features.length,
            features: page.features,
            ...(info ? { asof: info } : {}),
          };
          return body;
        },
        adHoc ? 'fast' : 'best',
        undefined,
        info && asofHeaders(info),
      );
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/features/{id}',
      request: { params: FeatureIdParam, query: AsOfQuery },
      responses: {
        200: geo(FeatureSchema, 'One feature (with asof: as it stood then; headers Data-As-Of and Data-As-Of-Before-History).'),
        ...cachedErrors,
        404: json(ErrorSchema, 'No such feature (with asof: none on that day).'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      if (!FEATURE_ID.test(id) || id.length > 120)
        return fail(c, 400, 'bad_parameter', 'Feature ids are lowercase letters and digits joined by "-", e.g. scenic-sanqingshan.', 'id');
      const asof = asofOf(c.req.valid('query'));
      const { reader, info } = await readerAsOf(store, asof);
      const f = await reader.feature(id);
      if (!f) return fail(c, 404, 'not_found', info ? `No feature had id "${id}" at the end of ${info.date}.` : `No feature has id "${id}".`, 'id');
      if (info) return geojson(c, `feature|${id}|${info.date}`, FeatureSchema, async () => f, 'best', undefined, asofHeaders(info));
      // A writable store's features carry their version in the ETag (If-Match reads it, http/etag.ts).
      const stored = isWritable(store) ? await store.storedFeature(id) : undefined;
      return geojson(c, `feature|${id}`, FeatureSchema, async () => f, 'best', stored ? String(stored.version) : undefined);
    },
  );

  api.openapi(
    createRoute({ method: 'get', path: '/api/counties', request: { query: NoQuery }, responses: { 200: geo(CountiesSchema, 'The 12 county polygons with code, name and English name.'), ...cachedErrors } }),
    async (c) => geojson(c, 'counties', CountiesSchema, () => store.counties()),
  );

  api.openapi(
    createRoute({ method: 'get', path: '/api/context', request: { query: NoQuery }, responses: { 200: geo(ContextSchema, 'Outlines of the neighbouring prefectures (basemap context).'), ...cachedErrors } }),
    async (c) => geojson(c, 'context', ContextSchema, () => store.context()),
  );

  api.openapi(
    createRoute({ method: 'get', path: '/api/measures', request: { query: NoQuery }, responses: { 200: json(MeasuresSchema, 'The 23 measures of the plan.'), ...cachedErrors } }),
    async (c) => cached(c, 'measures', MeasuresSchema, async () => ({ measures: await store.measures() })),
  );

  api.openapi(
    createRoute({ method: 'get', path: '/api/stats', request: { query: statsQuerySchema(getLayerIds) }, responses: { 200: json(StatsSchema, 'Figures for the filter.'), ...cachedErrors } }),
    async (c) => {
      // The body echoes the canonical filter (q as matched), so every query sharing the cache key
      // gets the same body: never another client's spelling of q.
      const query = toValidatedQuery(c.req.valid('query'), layerIds);
      const filters = canonicalFilters(query.filters);
      const { reader, info } = await readerAsOf(store, query.asof);
      // Targets stand against their deadlines on the day asked, or today (core/deadlines.ts).
      const day = info?.date ?? shanghaiToday();
      const make = async () => {
        const stats = withStandings(await reader.stats(filters), day);
        return info ? { ...stats, asof: info } : stats;
      };
      return cached(c, `stats|${filterKey(filters)}|${info ? info.date : `today=${day}`}`, StatsSchema, make, filterKey(filters) === '' && !info ? 'best' : 'fast', info && asofHeaders(info));
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/stats/timeline',
      request: { query: timelineQuerySchema(getLayerIds) },
      responses: {
        200: json(
          TimelineSchema,
          'Progress over time for the filter: the count by status at the end of each period (month or quarter) from the history\'s start to today, read as of each period\'s end by the store, and each target\'s reported progress (value, as_of, source) with its goal and deadline. Nothing is invented: no report, no point.',
        ),
        ...cachedErrors,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const { filters } = toValidatedQuery(q, layerIds);
      const step: Step = q.step === 'month' ? 'month' : 'quarter';
      const day = shanghaiToday();
      return cached(c, `timeline|${step}|${filterKey(filters)}|today=${day}`, TimelineSchema, () => timeline(store, filters, step), 'fast');
    },
  );

  api.openapi(
    createRoute({ method: 'get', path: '/api/config', request: { query: NoQuery }, responses: { 200: json(ConfigSchema, 'Deployment options the web views need.'), ...errors } }),
    async (c) => c.json(publicConfig, 200, { 'Cache-Control': 'no-cache' }),
  );

  for (const wing of wings) api.route('/', wing);

  // Generated once from the route schemas, then served like any other cached body (ETag, br/gzip).
  api.get('/api/openapi.json', async (c) => sendBody(c, await cache.getOrCreate(`${store.version}|openapi`, () => CachedBody.json(api.getOpenAPIDocument(OPENAPI_INFO)))));

  return api;
}

/** The OpenAPI document's header; the paths come from the routes' schemas. */
const OPENAPI_INFO = {
  openapi: '3.0.3',
  info: {
    title: 'Shangrao Green Map API · 上饶市绿色低碳发展地图接口',
    version: '1.0.0',
    description:
      'GeoJSON (RFC 7946, WGS 84) layers of the places named in Shangrao\'s 2022 green, low-carbon, circular-economy plan. Errors: {"error": {"code", "message", "parameter"}} with a 4xx status.',
  },
} as const;
