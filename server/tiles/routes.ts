/**
 * Vector tiles under /tiles (docs/contract.md, "Interoperability"): `/tiles/{layer}/{z}/{x}/{y}.mvt`
 * with the contract's `county`, `measure`, `status` (and `q`, names, as /api takes it), and `/tiles/{layer}.json` (TileJSON 3.0.0).
 * A tile is the store's ordinary query (layer + filters + the tile's buffered bounds), made into
 * MVT by the store where it can (PostGIS: ST_AsMVT, server/store/postgis/tiles-sql.ts) or cut by
 * mvt.ts (geojson-vt) from its features; bodies are cached per data version like /api's and sent with ETags. Work per request is
 * bounded: z ≤ MAX_ZOOM; on the embedded store a tile searches a per-layer spatial index of the
 * filter's features (layer-index.ts, built once per data version, layer and filter), never every
 * feature; a tile over TILE_BUDGET features is thinned (thin.ts: small features at most one per
 * grid cell, larger ones kept) and says how many it left out in the header `Features-Omitted`; a
 * tile whose query matches more than MAX_TILE_FEATURES features that cannot be thinned (PostGIS:
 * any) is refused with a 400 saying so (zoom in or filter), never cut silently.
 */
import { Hono, type Context } from 'hono';
import { parseAsOf, type AsOf } from '../../core/asof';
import { filterKey, parseFilters, serializeFilters, type Filters } from '../../core/filters';
import { asofHeaders, readerAsOf } from '../store/asof';
import { apiError } from '../http/errors';
import { CachedBody, ResponseCache } from '../http/response-cache';
import { API_CACHE_CONTROL, sendBody } from '../http/send';
import { layerRegistry } from '../store/registry';
import type { FeatureStore } from '../store/types';
import { buildLayerIndex, LayerIndexCache } from './layer-index';
import { BUFFER, EXTENT, TILE_FIELDS, encodeTile } from './mvt';
import { thinTile } from './thin';
import { MAX_ZOOM, MIN_ZOOM, parseTileAddress, tileBounds } from './tile-math';

export const MVT_TYPE = 'application/vnd.mapbox-vector-tile';
export const MAX_TILE_FEATURES = 200_000;
const TILE_PARAMS = ['county', 'measure', 'status', 'q', 'asof'];
/** Response header: how many features this tile left out to stay within its budget (thin.ts). */
export const OMITTED_HEADER = 'Features-Omitted';

class TooDense extends Error {
  constructor() {
    super('tile too dense');
  }
}

export interface TilesOptions {
  store: FeatureStore;
  /** Bound of the tile cache in bytes; default 64 MiB. */
  cacheBytes?: number;
}

export function createTiles({ store, cacheBytes = 64 * 1024 * 1024 }: TilesOptions) {
  const outer = store;
  const app = new Hono();
  const cache = new ResponseCache(cacheBytes);
  const registry = layerRegistry(store);
  const indexes = new LayerIndexCache(8);
  const omittedOf = new WeakMap<CachedBody, number>();

  app.use('/tiles/*', async (c, next) => {
    await next();
    c.res.headers.set('Access-Control-Allow-Origin', '*');
    c.res.headers.set('Access-Control-Expose-Headers', OMITTED_HEADER);
  });

  /** The contract's filters (and `asof`) from the query string, or a 400. */
  const filtersOf = async (c: Context): Promise<Response | { filters: Filters; asof?: AsOf }> => {
    const params = new URL(c.req.url).searchParams;
    for (const key of new Set(params.keys()))
      if (!TILE_PARAMS.includes(key)) return apiError(c, 400, 'bad_parameter', `Unknown parameter "${key.slice(0, 40)}"; tiles take ${TILE_PARAMS.join(', ')}.`, key.slice(0, 40));
    const { filters, problems } = parseFilters(params, { layerIds: await store.layerIds() });
    if (problems.length) return apiError(c, 400, 'bad_parameter', problems[0].message, problems[0].parameter);
    const raw = params.getAll('asof');
    if (raw.length > 1) return apiError(c, 400, 'bad_parameter', `Parameter "asof" was given ${raw.length} times; give it once.`, 'asof');
    if (raw.length === 0) return { filters };
    const asof = parseAsOf(raw[0]);
    if (typeof asof === 'string') return apiError(c, 400, 'bad_parameter', asof, 'asof');
    return { filters, asof };
  };
  const unknownLayer = async (c: Context, id: string) =>
    apiError(c, 404, 'unknown_layer', `Unknown layer "${id.slice(0, 40)}"; layers: ${(await store.layerIds()).join(', ')}.`, 'layer');

  app.get('/tiles/:layer/:z/:x/:file', async (c) => {
    const { layer, z, x, file } = c.req.param();
    if (!(await outer.layerIds()).includes(layer)) return unknownLayer(c, layer);
    if (!file.endsWith('.mvt')) return apiError(c, 404, 'not_found', 'Tiles are /tiles/{layer}/{z}/{x}/{y}.mvt.');
    const address = parseTileAddress(z, x, file.slice(0, -4));
    if (typeof address === 'string') return apiError(c, 400, 'bad_tile', address, 'z/x/y');
    const parsed = await filtersOf(c);
    if (parsed instanceof Response) return parsed;
    const { filters } = parsed;
    // With asof: the store's view of that day (server/store/asof.ts), cached per day.
    const { reader: store, info } = await readerAsOf(outer, parsed.asof);
    const headers: Record<string, string> = info ? asofHeaders(info) : {};
    const key = `${store.version}|${layer}|${filterKey(filters)}|${address.z}/${address.x}/${address.y}|${info?.date ?? ''}`;
    let body: CachedBody;
    try {
      body = await cache.getOrCreate(key, async () => {
        const bbox = tileBounds(address, BUFFER / EXTENT);
        const query = { ...filters, layer, bbox };
        let bytes: Uint8Array | null;
        let omitted = 0;
        if (store.tile) {
          // The store makes the tile itself (PostGIS: ST_AsMVT in one query).
          const made = await store.tile(query, address, { extent: EXTENT, buffer: BUFFER, maxFeatures: MAX_TILE_FEATURES });
          // Thrown, so that nothing is cached for it.
          if ('tooDense' in made) throw new TooDense();
          bytes = made.bytes;
        } else {
          const index = await indexes.get(`${store.version}|${layer}|${filterKey(filters)}|${info?.date ?? ''}`, async () =>
            buildLayerIndex((await store.features({ ...filters, layer })).features),
          );
          const thinned = thinTile(index.search(bbox), index.bboxOf, address);
          if (thinned.kept.length > MAX_TILE_FEATURES) throw new TooDense();
          bytes = encodeTile(layer, thinned.kept, address);
          omitted = thinned.omitted;
        }
        const made = await CachedBody.of(bytes ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : Buffer.alloc(0), MVT_TYPE, 'fast');
        if (omitted) omittedOf.set(made, omitted);
        return made;
      });
    } catch (e) {
      if (!(e instanceof TooDense)) throw e;
      return apiError(c, 400, 'tile_too_dense', `This tile holds more than the ${MAX_TILE_FEATURES} features a tile may carry; zoom in or filter (county, measure, status).`, 'z/x/y');
    }
    if (omittedOf.has(body)) headers[OMITTED_HEADER] = String(omittedOf.get(body));
    if (body.raw.length === 0) return c.body(null, 204, { ETag: body.etag('identity'), 'Cache-Control': API_CACHE_CONTROL, ...headers });
    const res = await sendBody(c, body);
    for (const [k, v] of Object.entries(headers)) res.headers.set(k, v);
    return res;
  });

  app.get('/tiles/:file', async (c) => {
    const file = c.req.param('file');
    if (!file.endsWith('.json')) return apiError(c, 404, 'not_found', 'TileJSON is /tiles/{layer}.json.');
    const id = file.slice(0, -5);
    const info = await registry.layer(id);
    if (!info) return unknownLayer(c, id);
    const parsed = await filtersOf(c);
    if (parsed instanceof Response) return parsed;
    const origin = new URL(c.req.url).origin;
    const q = serializeFilters(parsed.filters);
    if (parsed.asof) q.set('asof', parsed.asof.date);
    const qs = q.toString();
    return sendBody(
      c,
      await cache.getOrCreate(`${store.version}|tilejson|${origin}|${id}|${qs}`, async () =>
        CachedBody.json({
          tilejson: '3.0.0',
          name: `${info.name} · ${info.name_en}`,
          description: `${info.description} ${info.description_en}`,
          version: '1.0.0',
          scheme: 'xyz',
          tiles: [`${origin}/tiles/${id}/{z}/{x}/{y}.mvt${qs ? `?${qs}` : ''}`],
          minzoom: MIN_ZOOM,
          maxzoom: MAX_ZOOM,
          bounds: (await registry.extent(id)) ?? [-180, -85.0511, 180, 85.0511],
          vector_layers: [{ id, description: info.name_en, minzoom: MIN_ZOOM, maxzoom: MAX_ZOOM, fields: TILE_FIELDS }],
        }),
      ),
    );
  });

  app.all('/tiles/*', (c) => apiError(c, 404, 'not_found', `No endpoint at ${c.req.path.slice(0, 80)}; tiles are /tiles/{layer}/{z}/{x}/{y}.mvt and /tiles/{layer}.json.`));
  return app;
}
