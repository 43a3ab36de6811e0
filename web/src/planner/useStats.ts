/** /api/stats for the current filter, refetched when the filter changes (stale answers dropped). */
import { useEffect, useState } from 'react';
import type { StatsResponse } from '../../../core/api';
import { filterKey, type Filters } from '../../../core/filters';
import { api, freshApi } from '../lib/api';

export type StatsState = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; stats: StatsResponse };

/**
 * @param edits - how many edits this page has made: each one reads the figures again, past the HTTP cache.
 * @param asof - the page's day (the client adds it to the request): the figures are read again when it changes.
 */
export function useStats(filters: Filters, edits = 0, asof?: string): StatsState {
  const key = filterKey(filters);
  const [state, setState] = useState<StatsState>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    (edits > 0 ? freshApi : api).stats(filters).then(
      (stats) => live && setState({ status: 'ready', stats }),
      (e: unknown) => live && setState({ status: 'error', message: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, edits, asof]);
  return state;
}
