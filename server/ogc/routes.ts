/**
 * OGC API – Features under /ogc (docs/contract.md, "Interoperability"): thin handlers over the same
 * FeatureStore read interface as /api, so they work on either store. Bodies are cached per data
 * version, base URL and query, and sent with ETags like /api's.
 */
import { Hono, type Context } from 'hono';
import type { ApiFeatureCollection, LayerInfo } from '../../core/api';
import { apiError } from '../http/errors';
import { CachedBody, ResponseCache, type Effort } from '../http/response-cache';
import { sendBody } from '../http/send';
import { layerRegistry } from '../store/registry';
import type { FeatureStore } from '../store/types';
import { GEOJSON, JSON_TYPE, collection, collections, conformance, landingPage, queryables } from './documents';
import { readerAsOf } from '../store/asof';
import { parseItemsQuery } from './items-query';
import { openApiDocument } from './openapi';

const FEATURE_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** A body already serialised. */
class JsonText {
  constructor(readonly text: string) {}
}

export interface OgcOptions {
  store: FeatureStore;
  /** Bound of the response cache in bytes; default 32 MiB. */
  cacheBytes?: number;
}

export function createOgc({ store, cacheBytes = 32 * 1024 * 1024 }: OgcOptions) {
  const app = new Hono();
  const cache = new ResponseCache(cacheBytes);
  const registry = layerRegistry(store);

  app.use('/ogc/*', async (c, next) => {
    await next();
    c.res.headers.set('Access-Control-Allow-Origin', '*');
  });

  const baseOf = (c: Context) => `${new URL(c.req.url).origin}/ogc`;
  /** Serve make()'s value (or JSON text already made) through the cache; ad-hoc queries compress `fast` as in /api. */
  const send = async (c: Context, key: string, type: string, make: () => Promise<unknown>, effort: Effort = 'best') =>
    sendBody(
      c,
      await cache.getOrCreate(`${store.version}|${baseOf(c)}|${key}`, async () => {
        const v = await make();
        return CachedBody.of(Buffer.from(v instanceof JsonText ? v.text : JSON.stringify(v)), `${type}; charset=utf-8`, effort);
      }),
    );
  const noQuery = (c: Context, allowed: string[] = ['f']) => {
    for (const key of Object.keys(c.req.queries())) {
      if (!allowed.includes(key)) return apiError(c, 400, 'bad_parameter', `Unknown parameter "${key.slice(0, 40)}"; this endpoint takes ${allowed.length ? allowed.join(', ') : 'no parameters'}.`, key.slice(0, 40));
    }
    const f = c.req.query('f');
    if (f !== undefined && f !== 'json') return apiError(c, 400, 'bad_parameter', `f must be json; got "${f.slice(0, 20)}".`, 'f');
    return undefined;
  };

  const layerOf = async (c: Context): Promise<LayerInfo | Response> => {
    const id = c.req.param('layer') ?? '';
    const layer = await registry.layer(id);
    if (!layer) return apiError(c, 404, 'unknown_collection', `No collection "${id.slice(0, 40)}"; collections: ${(await store.layerIds()).join(', ')}.`, 'collectionId');
    return layer;
  };

  app.get('/ogc', (c) => noQuery(c) ?? send(c, 'landing', JSON_TYPE, async () => landingPage(baseOf(c))));
  app.get('/ogc/conformance', (c) => noQuery(c) ?? send(c, 'conformance', JSON_TYPE, async () => conformance()));
  app.get('/ogc/api', (c) =>
    noQuery(c) ?? send(c, 'api', 'application/vnd.oai.openapi+json;version=3.0', async () => openApiDocument(baseOf(c), await store.layerIds())),
  );
  app.get('/ogc/collections', (c) =>
    noQuery(c) ??
    send(c, 'collections', JSON_TYPE, async () => {
      const layers = await registry.layers();
      return collections(baseOf(c), await Promise.all(layers.map(async (layer) => ({ layer, bbox: await registry.extent(layer.id) }))));
    }),
  );
  app.get('/ogc/collections/:layer', async (c) => {
    const layer = await layerOf(c);
    if (layer instanceof Response) return layer;
    return noQuery(c) ?? send(c, `collection|${layer.id}`, JSON_TYPE, async () => collection(baseOf(c), layer, await registry.extent(layer.id)));
  });
  app.get('/ogc/collections/:layer/queryables', async (c) => {
    const layer = await layerOf(c);
    if (layer instanceof Response) return layer;
    return noQuery(c) ?? send(c, `queryables|${layer.id}`, 'application/schema+json', async () => queryables(baseOf(c), layer));
  });

  app.get('/ogc/collections/:layer/items', async (c) => {
    const layer = await layerOf(c);
    if (layer instanceof Response) return layer;
    const params = new URL(c.req.url).searchParams;
    const req = parseItemsQuery(params, layer.id, await store.layerIds());
    if ('parameter' in req) return apiError(c, 400, 'bad_parameter', req.message, req.parameter);
    params.sort();
    const { reader } = await readerAsOf(store, req.asof);
    return send(c, `items|${layer.id}|${params}`, GEOJSON, async () => {
      const page = await reader.features(req.query);
      const self = `${baseOf(c)}/collections/${layer.id}/items`;
      const at = (offset: number) => {
        const p = new URLSearchParams(req.rest);
        p.set('limit', String(req.limit));
        if (offset > 0) p.set('offset', String(offset));
        return `${self}?${p}`;
      };
      const links = [
        { href: at(req.offset), rel: 'self', type: GEOJSON, title: 'This page' },
        { href: `${baseOf(c)}/collections/${layer.id}`, rel: 'collection', type: JSON_TYPE, title: 'The collection' },
      ];
      if (req.offset + page.features.length < page.numberMatched) links.push({ href: at(req.offset + req.limit), rel: 'next', type: GEOJSON, title: 'Next page' });
      if (req.offset > 0) links.push({ href: at(Math.max(0, req.offset - req.limit)), rel: 'prev', type: GEOJSON, title: 'Previous page' });
      // The memory store keeps each feature's JSON from load: join it, as /api does.
      if (page.json)
        return new JsonText(
          `{"type":"FeatureCollection","numberMatched":${page.numberMatched},"numberReturned":${page.json.length},"features":[${page.json.join(',')}],"links":${JSON.stringify(links)}}`,
        );
      const body: ApiFeatureCollection & { links: typeof links } = {
        type: 'FeatureCollection',
        numberMatched: page.numberMatched,
        numberReturned: page.features.length,
        features: page.features,
        links,
      };
      return body;
    }, 'fast');
  });

  app.get('/ogc/collections/:layer/items/:id', async (c) => {
    const layer = await layerOf(c);
    if (layer instanceof Response) return layer;
    const id = c.req.param('id');
    if (!FEATURE_ID.test(id) || id.length > 120)
      return apiError(c, 400, 'bad_parameter', 'Feature ids are lowercase letters and digits joined by "-", e.g. scenic-sanqingshan.', 'featureId');
    const bad = noQuery(c);
    if (bad) return bad;
    const f = await store.feature(id);
    if (!f || f.properties.layer !== layer.id) return apiError(c, 404, 'not_found', `No feature "${id}" in collection "${layer.id}".`, 'featureId');
    return send(c, `item|${id}`, GEOJSON, async () => ({
      ...f,
      links: [
        { href: `${baseOf(c)}/collections/${layer.id}/items/${id}`, rel: 'self', type: GEOJSON, title: 'This feature' },
        { href: `${baseOf(c)}/collections/${layer.id}`, rel: 'collection', type: JSON_TYPE, title: 'The collection' },
      ],
    }));
  });

  app.all('/ogc/*', (c) => apiError(c, 404, 'not_found', `No endpoint at ${c.req.path.slice(0, 80)}; start at /ogc (OGC API – Features).`));
  return app;
}
