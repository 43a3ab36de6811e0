/**
 * The OGC API – Features documents that are plain data: landing page, conformance, collections and
 * queryables. Pure functions of the base URL (`…/ogc`) and the layer registry.
 */
import type { LayerInfo } from '../../core/api';
import { FILTER_PROPERTIES } from '../store/filter';
import { GEOMETRY_QUERYABLE } from './cql2';

export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
export const GEOJSON = 'application/geo+json';
export const JSON_TYPE = 'application/json';
/** Items per page when `limit` is absent, and the most a page holds (a larger limit is lowered to it). */
export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 10_000;

export const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter',
  'http://www.opengis.net/spec/cql2/1.0/conf/cql2-text',
  'http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2',
  'http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions',
  'http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions-plus',
];

const link = (href: string, rel: string, type: string, title: string) => ({ href, rel, type, title });

export function landingPage(base: string) {
  return {
    title: '上饶市绿色低碳发展地图 · Shangrao Green Map — OGC API – Features',
    description:
      "The places named in Shangrao's 2022 green, low-carbon, circular-economy plan, one collection per map layer. Public fields only; WGS 84 (CRS84) GeoJSON.",
    links: [
      link(base, 'self', JSON_TYPE, 'This document'),
      link(`${base}/api`, 'service-desc', 'application/vnd.oai.openapi+json;version=3.0', 'The API definition (OpenAPI 3.0)'),
      link(`${base}/conformance`, 'conformance', JSON_TYPE, 'Conformance classes'),
      link(`${base}/collections`, 'data', JSON_TYPE, 'The collections (map layers)'),
    ],
  };
}

export function conformance() {
  return { conformsTo: CONFORMANCE };
}

export function collection(base: string, layer: LayerInfo, bbox: number[] | undefined) {
  const self = `${base}/collections/${layer.id}`;
  return {
    id: layer.id,
    title: `${layer.name} · ${layer.name_en}`,
    description: `${layer.description} ${layer.description_en}`,
    itemType: 'feature',
    crs: [CRS84],
    storageCrs: CRS84,
    extent: { spatial: { bbox: [bbox ?? [-180, -90, 180, 90]], crs: CRS84 } },
    links: [
      link(self, 'self', JSON_TYPE, 'This collection'),
      link(`${self}/items`, 'items', GEOJSON, `${layer.name_en}: features`),
      link(`${self}/queryables`, 'http://www.opengis.net/def/rel/ogc/1.0/queryables', 'application/schema+json', 'Queryables (for filter=)'),
    ],
  };
}

export function collections(base: string, layers: { layer: LayerInfo; bbox: number[] | undefined }[]) {
  return {
    links: [link(`${base}/collections`, 'self', JSON_TYPE, 'The collections')],
    collections: layers.map(({ layer, bbox }) => collection(base, layer, bbox)),
  };
}

/** Part 3 queryables of a collection: the properties `filter=` may name (FILTER_PROPERTIES). */
export function queryables(base: string, layer: LayerInfo) {
  const properties: Record<string, unknown> = {};
  for (const [name, info] of Object.entries(FILTER_PROPERTIES)) {
    properties[name] = {
      title: info.title,
      description: info.description,
      type: info.type,
      ...(info.values ? { enum: info.values } : {}),
    };
  }
  properties[GEOMETRY_QUERYABLE] = { title: '几何 · geometry', description: 'The feature geometry, for S_INTERSECTS.', format: 'geometry-any' };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `${base}/collections/${layer.id}/queryables`,
    type: 'object',
    title: `${layer.name} · ${layer.name_en}`,
    properties,
    additionalProperties: false,
  };
}
