/** The OpenAPI 3.0 definition of /ogc (its `service-desc`), as plain data. */
import { COUNTY_CODES, MEASURE_IDS, STATUSES } from '../../core/contract';
import { DEFAULT_LIMIT, MAX_LIMIT } from './documents';

const ref = (name: string) => ({ $ref: `#/components/${name}` });
const jsonOk = (description: string, type = 'application/json') => ({ description, content: { [type]: { schema: { type: 'object' } } } });
const errors = {
  '400': { description: 'A malformed parameter: {"error": {"code", "message", "parameter"}}; the message says what is allowed.', content: { 'application/json': { schema: ref('schemas/Error') } } },
  '404': { description: 'No such collection or feature.', content: { 'application/json': { schema: ref('schemas/Error') } } },
};
const listParam = (name: string, description: string, items: unknown) => ({
  name,
  in: 'query',
  required: false,
  description,
  style: 'form',
  explode: false,
  schema: { type: 'array', items },
});

const LIMIT = {
  name: 'limit',
  in: 'query',
  required: false,
  description: `Features per page; default ${DEFAULT_LIMIT}, at most ${MAX_LIMIT} (a larger value is read as ${MAX_LIMIT}).`,
  style: 'form',
  explode: false,
  schema: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT },
};
const OFFSET = { name: 'offset', in: 'query', required: false, description: 'Matches to skip (the next/prev links set it).', schema: { type: 'integer', minimum: 0, default: 0 } };
const BBOX = {
  name: 'bbox',
  in: 'query',
  required: false,
  description: 'minLon,minLat,maxLon,maxLat in WGS 84 (CRS84).',
  style: 'form',
  explode: false,
  schema: { type: 'array', minItems: 4, maxItems: 4, items: { type: 'number' } },
};

export function openApiDocument(base: string, layerIds: string[]) {
  const collectionId = { name: 'collectionId', in: 'path', required: true, description: 'A map layer.', schema: { type: 'string', enum: layerIds } };
  return {
    openapi: '3.0.3',
    info: {
      title: '上饶市绿色低碳发展地图 · Shangrao Green Map — OGC API – Features',
      version: '1.0.0',
      description: "The places named in Shangrao's 2022 green, low-carbon plan. Public fields only, CRS84 GeoJSON, read-only.",
    },
    servers: [{ url: base }],
    paths: {
      '/': { get: { summary: 'Landing page', operationId: 'getLandingPage', responses: { '200': jsonOk('Links to the API definition, conformance and collections.'), ...errors } } },
      '/conformance': { get: { summary: 'Conformance classes', operationId: 'getConformance', responses: { '200': jsonOk('The conformance classes implemented.'), ...errors } } },
      '/api': { get: { summary: 'This document', operationId: 'getApi', responses: { '200': jsonOk('OpenAPI 3.0.', 'application/vnd.oai.openapi+json;version=3.0') } } },
      '/collections': { get: { summary: 'The collections (map layers)', operationId: 'getCollections', responses: { '200': jsonOk('Collections with extent, CRS and item type.'), ...errors } } },
      '/collections/{collectionId}': {
        get: { summary: 'One collection', operationId: 'describeCollection', parameters: [collectionId], responses: { '200': jsonOk('The collection.'), ...errors } },
      },
      '/collections/{collectionId}/queryables': {
        get: {
          summary: 'Queryables (JSON Schema)',
          operationId: 'getQueryables',
          parameters: [collectionId],
          responses: { '200': jsonOk('The properties filter= may name.', 'application/schema+json'), ...errors },
        },
      },
      '/collections/{collectionId}/items': {
        get: {
          summary: 'Features of a collection',
          operationId: 'getFeatures',
          parameters: [
            collectionId,
            // Inline, not $ref: GDAL reads limit's maximum here to choose its page size.
            LIMIT,
            OFFSET,
            BBOX,
            listParam('county', 'County codes (GB/T 2260); a feature matches when its geometry touches one of them.', { type: 'string', enum: COUNTY_CODES }),
            listParam('measure', 'Measure ids 1–23; a feature matches when it serves one of them.', { type: 'integer', enum: MEASURE_IDS }),
            listParam('status', 'Statuses.', { type: 'string', enum: STATUSES }),
            { name: 'q', in: 'query', required: false, description: 'Text in the Chinese or English name.', schema: { type: 'string', maxLength: 200 } },
            { name: 'filter', in: 'query', required: false, description: 'A CQL2 text filter (Basic CQL2 plus S_INTERSECTS); see /queryables.', schema: { type: 'string' } },
            { name: 'filter-lang', in: 'query', required: false, schema: { type: 'string', enum: ['cql2-text'], default: 'cql2-text' } },
            {
              name: 'asof',
              in: 'query',
              required: false,
              description: 'A date YYYY-MM-DD up to today: the features as they stood at the end of that day (Asia/Shanghai), as /api (before the history: the data as first loaded).',
              schema: { type: 'string', format: 'date' },
            },
          ],
          responses: { '200': jsonOk('A page of features with numberMatched, numberReturned and next/prev links.', 'application/geo+json'), ...errors },
        },
      },
      '/collections/{collectionId}/items/{featureId}': {
        get: {
          summary: 'One feature',
          operationId: 'getFeature',
          parameters: [collectionId, { name: 'featureId', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': jsonOk('The feature.', 'application/geo+json'), ...errors },
        },
      },
    },
    components: {
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' }, parameter: { type: 'string' } } } },
        },
      },
    },
  };
}
