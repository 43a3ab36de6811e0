/**
 * Loads what every view needs once: layer registry, counties, neighbouring prefectures, measures,
 * config, and all features of all layers (small: the filter then runs on the GPU and in memory) —
 * unless there are more than the server's threshold: then none (tile mode, map/tile-mode.ts).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiFeature, CountiesResponse, LayerInfo } from '../../../core/api';
import type { Measure } from '../../../core/schema';
import { drawsFromTiles } from '../map/tile-mode';
import { api as defaultApi, freshApi, type ApiClient, type AppConfig, type ContextResponse } from './api';

export interface ClientDataset {
  layers: LayerInfo[];
  counties: CountiesResponse;
  context: ContextResponse;
  measures: Measure[];
  /** Every feature of every layer; empty in tile mode (`tiles`), where the views ask the API and /tiles. */
  features: ApiFeature[];
  config: AppConfig;
  /** More features than the server's threshold (map/tile-mode.ts): draw from vector tiles. */
  tiles: boolean;
}

export type DatasetState = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; data: ClientDataset };

export async function loadDataset(api: ApiClient = defaultApi): Promise<ClientDataset> {
  const [layersRes, counties, context, measuresRes, config] = await Promise.all([
    api.layers(),
    api.counties(),
    api.context().catch(() => ({ type: 'FeatureCollection' as const, features: [] })),
    api.measures(),
    api.config(),
  ]);
  const tiles = drawsFromTiles(layersRes.layers, config.tileThreshold);
  const collections = tiles ? [] : await Promise.all(layersRes.layers.map((l) => api.features(l.id)));
  return {
    layers: layersRes.layers,
    counties,
    context,
    measures: measuresRes.measures,
    features: collections.flatMap((c) => c.features),
    config,
    tiles,
  };
}

/**
 * The dataset for a view, with a `reload` for a retry button. `asof`: the day asked for (the client
 * reads it from the address, lib/api.ts); when it changes the data is loaded again and the old data
 * stays on screen meanwhile (a time slider steps through many days).
 */
export function useDataset(api: ApiClient = defaultApi, asof?: string): { state: DatasetState; reload: () => void; refresh: () => void } {
  const [state, setState] = useState<DatasetState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    let live = true;
    loadDataset(api).then(
      (data) => live && setState({ status: 'ready', data }),
      (e: unknown) => live && setState({ status: 'error', message: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [asof]);
  useEffect(() => {
    let live = true;
    setState({ status: 'loading' });
    loadDataset(api).then(
      (data) => live && setState({ status: 'ready', data }),
      (e: unknown) => live && setState({ status: 'error', message: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, [api, attempt]);
  /** Load again without leaving the current data meanwhile (after an edit), past the HTTP cache. */
  const refresh = useCallback(() => {
    loadDataset(api === defaultApi ? freshApi : api).then(
      (data) => setState({ status: 'ready', data }),
      () => {},
    );
  }, [api]);
  return { state, reload: useCallback(() => setAttempt((n) => n + 1), []), refresh };
}
