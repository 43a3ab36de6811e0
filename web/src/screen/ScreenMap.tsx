/**
 * The centre map: the shared MapView (dark, not interactive: touches pause the tour instead) plus
 * the animated gas flow and the rings on changed features as extra deck.gl layers. Only this component re-renders per frame.
 */
import { useEffect, useMemo, useState } from 'react';
import type { LayersList } from '@deck.gl/core';
import type { ApiFeature, CountiesResponse, LayerInfo } from '../../../core/api';
import type { Lang } from '../../../core/contract';
import type { BBox, Filters } from '../../../core/filters';
import type { AppConfig, ContextResponse } from '../lib/api';
import { MapView, type MapViewProps, type ViewRequest } from '../map';
import { ownBasemapShown } from '../map/own-basemap';
import { flowLayer, flowPaths, flowTime } from './flows';
import { changedLayer, type ChangedRing } from './changed';

/** Frames per second of the flow animation: smooth enough from 3 m, light on a small PC. */
const FLOW_FPS = 15;

export interface ScreenMapProps {
  lang: Lang;
  counties: CountiesResponse;
  context?: ContextResponse;
  layers: readonly LayerInfo[];
  features: readonly ApiFeature[];
  filters: Filters;
  bounds: BBox | null;
  /** Pixels around the focus. */
  padding: number;
  /** Line width of the flow, px. */
  flowWidth: number;
  ariaLabel: string;
  /** Features changed since the briefing's date, in the stop shown: ringed (breathing unless reduced motion). */
  changed?: readonly ChangedRing[];
  /** The deployment's options: its own basemap, when it sets one, is drawn under the data. */
  config?: AppConfig;
  /** Tile mode (map/tile-mode.ts): draw from /tiles; no gas flow (it needs the pipelines' geometry in the page). */
  tiles?: MapViewProps['tiles'];
}

function useClock(fps: number): number {
  const [t, setT] = useState(0);
  useEffect(() => {
    if (typeof window.matchMedia === 'function' && window.matchMedia('(prefers-reduced-motion: reduce)').matches) return;
    const start = performance.now();
    let last = 0;
    let raf = 0;
    const frame = (now: number) => {
      if (now - last >= 1000 / fps) {
        last = now;
        setT((now - start) / 1000);
      }
      raf = requestAnimationFrame(frame);
    };
    raf = requestAnimationFrame(frame);
    return () => cancelAnimationFrame(raf);
  }, [fps]);
  return t;
}

export function ScreenMap(p: ScreenMapProps) {
  const flows = useMemo(() => flowPaths(p.features, p.filters), [p.features, p.filters]);
  const t = useClock(FLOW_FPS);
  const extra: LayersList = useMemo(
    () => [
      ...(flows.paths.length ? [flowLayer(flows.paths, flowTime(t, flows.longestKm), p.flowWidth)] : []),
      ...(p.changed?.length ? [changedLayer(p.changed, t, p.flowWidth * 4)] : []),
    ],
    [flows, t, p.flowWidth, p.changed],
  );
  const key = p.bounds?.join(',') ?? '';
  const view: ViewRequest | undefined = useMemo(
    () => (p.bounds ? { bounds: p.bounds, padding: p.padding, maxZoom: 10.5, animate: true } : undefined),
    // A new request only when the focus moves, not on every frame.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key, p.padding],
  );
  return (
    <MapView
      theme="dark"
      lang={p.lang}
      counties={p.counties}
      context={p.context}
      layers={p.layers}
      features={p.features}
      tiles={p.tiles}
      filters={p.filters}
      interactive={false}
      scrollZoom={false}
      config={p.config}
      // The screen's footer credits our data; a deployment's basemap brings its own credits (e.g. OpenStreetMap).
      controls={{ navigation: false, scale: true, attribution: !!ownBasemapShown('none', p.config) }}
      extraLayers={extra}
      view={view}
      ariaLabel={p.ariaLabel}
    />
  );
}
