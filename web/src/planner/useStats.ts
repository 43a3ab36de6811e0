/** /api/stats for the current filter, refetched when the filter changes (stale answers dropped). */
import type { StatsResponse } from '../../../core/api';
import { filterKey, type Filters } from '../../../core/filters';
import { api, freshApi } from '../lib/api';
import { useApi, type ApiState } from '../lib/useApi';

export type StatsState = ApiState<StatsResponse>;

/**
 * @param edits - how many edits this page has made: each one reads the figures again, past the HTTP cache.
 * @param asof - the page's day (the client adds it to the request): the figures are read again when it changes.
 */
export function useStats(filters: Filters, edits = 0, asof?: string): StatsState {
  return useApi(() => (edits > 0 ? freshApi : api).stats(filters), [filterKey(filters), edits, asof]);
}
