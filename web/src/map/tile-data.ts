/**
 * Tile mode (tile-mode.ts), the data the views read from the API instead of holding every feature.
 *
 * `useTileResults`: the results list and the per-layer counts from the API, a page at a time, never from
 * every feature in the page. Each layer's count is the server's `numberMatched` for the filter;
 * rows come layer by layer in registry order (map/tile-mode.ts `pagesFor`). Stale answers (the
 * filter changed meanwhile) are dropped.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiFeature, LayerInfo } from '../../../core/api';
import { filterKey, type Filters } from '../../../core/filters';
import { api, freshApi } from '../lib/api';
import { isLayerVisible } from '../lib/urlState';
import { listOf, pagesFor, type LayerRows } from './tile-mode';

export interface TileResults {
  rows: ApiFeature[];
  /** Matching features in visible layers (server-counted); undefined until known. */
  total?: number;
  /** Matching features per layer, hidden layers included (the layer panel's counts). */
  counts?: Record<string, number>;
  more: () => void;
}

/** @param pageSize - rows per page of the list (the planner's RESULTS_PAGE); the embed asks 1: counts only. */
export function useTileResults(enabled: boolean, filters: Filters, layers: readonly LayerInfo[], { edits = 0, asof, pageSize }: { edits?: number; asof?: string; pageSize: number }): TileResults {
  const RESULTS_PAGE = pageSize;
  const key = `${filterKey({ ...filters, layers: undefined })}|${edits}|${asof ?? ''}`;
  const [state, setState] = useState<{ key: string; layers: LayerRows[]; counts: Record<string, number> } | null>(null);
  const [want, setWant] = useState(RESULTS_PAGE);
  const latest = useRef(key);
  latest.current = key;
  const client = edits > 0 ? freshApi : api;
  const query = { ...filters, layers: undefined };

  // First: each layer's count (and its first rows) for the filter.
  useEffect(() => {
    if (!enabled) return;
    setWant(RESULTS_PAGE);
    let live = true;
    Promise.all(layers.map((l) => client.features(l.id, query, undefined, { limit: RESULTS_PAGE, offset: 0 }))).then(
      (pages) => {
        if (!live) return;
        const counts = Object.fromEntries(layers.map((l, i) => [l.id, pages[i].numberMatched ?? pages[i].features.length]));
        setState({ key, counts, layers: layers.map((l, i) => ({ layer: l.id, matched: counts[l.id], rows: pages[i].features })) });
      },
      () => live && setState(null),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [enabled, key, layers]);

  const visible = state ? state.layers.filter((l) => isLayerVisible(filters, l.layer)) : [];
  // Then: more rows as the list asks for them.
  useEffect(() => {
    if (!enabled || !state) return;
    const requests = pagesFor(visible, want);
    if (!requests.length) return;
    const forKey = state.key;
    Promise.all(requests.map((r) => client.features(r.layer, query, undefined, { limit: r.limit, offset: r.offset }).then((fc) => [r, fc.features] as const))).then(
      (got) => {
        if (latest.current !== forKey) return;
        setState((s) => {
          if (!s || s.key !== forKey) return s;
          const next = s.layers.map((l) => {
            const hit = got.find(([r]) => r.layer === l.layer && r.offset === l.rows.length);
            return hit ? { ...l, rows: [...l.rows, ...hit[1]] } : l;
          });
          return { ...s, layers: next };
        });
      },
      () => {},
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [enabled, state, want, filters.layers?.join()]);

  const more = useCallback(() => setWant((n) => n + RESULTS_PAGE), [RESULTS_PAGE]);
  if (!enabled || !state || state.key !== key) return { rows: [], more };
  const { rows, total } = listOf(visible);
  return { rows: rows.slice(0, want), total, counts: state.counts, more };
}


/** The feature, or undefined while it loads, when none is selected, or when it does not exist. */
export function useSelectedFeature(id: string | undefined, edits = 0, asof?: string): ApiFeature | undefined {
  const [got, setGot] = useState<{ id: string; feature?: ApiFeature } | null>(null);
  useEffect(() => {
    if (!id) return;
    let live = true;
    (edits > 0 ? freshApi : api).feature(id).then(
      (feature) => live && setGot({ id, feature }),
      () => live && setGot({ id }),
    );
    return () => {
      live = false;
    };
  }, [id, edits, asof]);
  return id && got?.id === id ? got.feature : undefined;
}
