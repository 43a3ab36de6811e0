/** Pure query logic over feature records: which records a query matches, and paging. */
import { filterMatcher } from '../../core/match';
import type { FeatureRecord } from './records';
import type { FeatureQuery } from './types';

/**
 * A predicate for a query: core/match's `filterMatcher` (the same one the web views use) plus the
 * route's one `layer`.
 */
export function queryMatcher(q: FeatureQuery): (r: FeatureRecord) => boolean {
  const matches = filterMatcher(q);
  const layer = q.layer;
  return layer === undefined ? matches : (r) => r.layer === layer && matches(r);
}

/** Apply offset/limit to matches. */
export function page<T>(items: T[], q: FeatureQuery): T[] {
  const start = q.offset ?? 0;
  return q.limit === undefined ? items.slice(start) : items.slice(start, start + q.limit);
}
