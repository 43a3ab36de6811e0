/** Pure query logic over feature records: does a record match a query? */
import type { BBox } from '../../core/filters';
import type { FeatureRecord } from './records';
import type { FeatureQuery } from './types';

const bboxesMeet = (a: BBox, b: BBox) => a[0] <= b[2] && a[2] >= b[0] && a[1] <= b[3] && a[3] >= b[1];

/**
 * Whether a record matches every given criterion. Within one criterion values are alternatives
 * (county=A,B: touches A or B); criteria combine with AND.
 */
export function matchesQuery(r: FeatureRecord, q: FeatureQuery): boolean {
  if (q.layer !== undefined && r.layer !== q.layer) return false;
  if (q.layers && !q.layers.includes(r.layer)) return false;
  if (q.counties && !r.membership.counties.some((c) => q.counties!.includes(c))) return false;
  if (q.measures && !r.measures.some((m) => q.measures!.includes(m))) return false;
  if (q.statuses && !q.statuses.includes(r.status)) return false;
  if (q.q && !r.searchText.includes(q.q.toLowerCase())) return false;
  if (q.bbox && !bboxesMeet(r.bbox, q.bbox)) return false;
  return true;
}

/** Apply offset/limit to matches. */
export function page<T>(items: T[], q: FeatureQuery): T[] {
  const start = q.offset ?? 0;
  return q.limit === undefined ? items.slice(start) : items.slice(start, start + q.limit);
}
