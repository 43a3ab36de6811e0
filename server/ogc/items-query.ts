/**
 * The query string of `/ogc/collections/{layer}/items` → the store's FeatureQuery: the contract's
 * `county`, `measure`, `status` (and `q`) as in /api, `bbox`, `limit`/`offset`, and CQL2 `filter=`.
 * Pure: every problem comes back naming the parameter and what is allowed.
 */
import { parseAsOf, type AsOf } from '../../core/asof';
import { parseFilters } from '../../core/filters';
import type { FeatureQuery } from '../store/types';
import { CqlError, parseCql2 } from './cql2';
import { CRS84, DEFAULT_LIMIT, MAX_LIMIT } from './documents';

export const ITEMS_PARAMS = ['limit', 'offset', 'bbox', 'bbox-crs', 'crs', 'county', 'measure', 'status', 'q', 'filter', 'filter-lang', 'filter-crs', 'f', 'asof'];
const MAX_OFFSET = 10_000_000;

export interface ItemsRequest {
  query: FeatureQuery;
  limit: number;
  offset: number;
  /** The request's own parameters less paging, to build next/prev links. */
  rest: URLSearchParams;
  /** `asof`: the data as it stood at the end of that day (as /api). */
  asof?: AsOf;
}

export interface Problem {
  parameter: string;
  message: string;
}

function wholeNumber(raw: string, name: string, min: number, max: number, note: string): number | Problem {
  if (!/^\d{1,12}$/.test(raw)) return { parameter: name, message: `${name} must be a whole number from ${min} to ${max}${note}; got "${raw.slice(0, 20)}".` };
  const n = Number(raw);
  if (n < min) return { parameter: name, message: `${name} must be a whole number from ${min} to ${max}${note}; got ${n}.` };
  return n;
}

export function parseItemsQuery(params: URLSearchParams, layer: string, layerIds: readonly string[]): ItemsRequest | Problem {
  for (const key of new Set(params.keys())) {
    if (!ITEMS_PARAMS.includes(key)) return { parameter: key.slice(0, 40), message: `Unknown parameter "${key.slice(0, 40)}"; allowed: ${ITEMS_PARAMS.join(', ')}.` };
    if (params.getAll(key).length > 1) return { parameter: key, message: `Parameter "${key}" was given ${params.getAll(key).length} times; give it once.` };
  }
  const { filters, problems } = parseFilters(params, { layerIds, allowBbox: true });
  if (problems.length) return { parameter: problems[0].parameter, message: problems[0].message };

  let limit = DEFAULT_LIMIT;
  const limitRaw = params.get('limit');
  if (limitRaw !== null) {
    const n = wholeNumber(limitRaw, 'limit', 1, MAX_LIMIT, ' (a larger value is read as the maximum)');
    if (typeof n !== 'number') return n;
    limit = Math.min(n, MAX_LIMIT);
  }
  let offset = 0;
  const offsetRaw = params.get('offset');
  if (offsetRaw !== null) {
    const n = wholeNumber(offsetRaw, 'offset', 0, MAX_OFFSET, '');
    if (typeof n !== 'number') return n;
    if (n > MAX_OFFSET) return { parameter: 'offset', message: `offset must be a whole number from 0 to ${MAX_OFFSET}; got ${n}.` };
    offset = n;
  }
  for (const name of ['crs', 'bbox-crs', 'filter-crs']) {
    const v = params.get(name);
    if (v !== null && v !== CRS84) return { parameter: name, message: `${name} must be ${CRS84} (WGS 84 longitude/latitude), the only CRS offered.` };
  }
  const f = params.get('f');
  if (f !== null && !['json', 'geojson'].includes(f)) return { parameter: 'f', message: `f must be json or geojson; got "${f.slice(0, 20)}".` };
  const lang = params.get('filter-lang');
  if (lang !== null && lang !== 'cql2-text') return { parameter: 'filter-lang', message: `filter-lang must be cql2-text, the only filter language offered; got "${lang.slice(0, 20)}".` };

  let asof: AsOf | undefined;
  const asofRaw = params.get('asof');
  if (asofRaw !== null) {
    const r = parseAsOf(asofRaw);
    if (typeof r === 'string') return { parameter: 'asof', message: r };
    asof = r;
  }

  const query: FeatureQuery = { ...filters, layer, limit, offset };
  const filterRaw = params.get('filter');
  if (filterRaw !== null) {
    try {
      query.where = parseCql2(filterRaw);
    } catch (e) {
      if (e instanceof CqlError) return { parameter: 'filter', message: e.message };
      throw e;
    }
  }
  const rest = new URLSearchParams(params);
  rest.delete('limit');
  rest.delete('offset');
  return { query, limit, offset, rest, ...(asof ? { asof } : {}) };
}
