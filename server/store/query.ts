/** Pure query logic over feature records: which records a query matches, and paging. */
import { filterMatcher } from '../../core/match';
import { matchesFilter } from './filter-match';
import type { FeatureRecord } from './records';
import type { FeatureQuery } from './types';

/**
 * A predicate for a query: core/match's `filterMatcher` (the same one the web views use) plus the
 * route's one `layer` and the query's `where` (the OGC API's CQL2 filter, see filter.ts).
 */
export function queryMatcher(q: FeatureQuery): (r: FeatureRecord) => boolean {
  const matches = filterMatcher(q);
  const { layer, where } = q;
  const base = layer === undefined ? matches : (r: FeatureRecord) => r.layer === layer && matches(r);
  if (!where) return base;
  return (r) => base(r) && matchesFilter(where, { properties: r.publicFeature.properties, geometry: r.geometry, bbox: r.bbox });
}

/** Apply offset/limit to matches. */
export function page<T>(items: T[], q: FeatureQuery): T[] {
  const start = q.offset ?? 0;
  return q.limit === undefined ? items.slice(start) : items.slice(start, start + q.limit);
}
