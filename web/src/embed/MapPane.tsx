/**
 * The map part of `/embed`, loaded lazily so the embed's first paint (bar, legend, link) needs no
 * map code. It wraps the shared MapView (never a second map component) and turns a `focus`
 * request (counties or a feature) into a camera.
 */
import { useEffect, useMemo, useRef } from 'react';
import type { ApiFeature } from '../../../core/api';
import type { Lang } from '../../../core/contract';
import type { BBox, Filters } from '../../../core/filters';
import { MapView, boundsOf, type MapViewProps, type ViewRequest } from '../map';
import type { EmbedData } from './data';
import type { EmbedOptions } from './options';

/** Where the host (or the address) asked the camera to go; a new object moves the map. */
export type Focus = { counties?: string[]; featureId?: string; animate?: boolean };

export interface MapPaneProps {
  data: EmbedData;
  lang: Lang;
  options: EmbedOptions;
  filters: Filters;
  selectedFeatureId?: string;
  scrollZoom: boolean;
  focus?: Focus;
  onReady(): void;
  onFeatureClick(f: ApiFeature): void;
  /** Tile mode: the server's counts, the selected feature read from the API. */
  tiles?: MapViewProps['tiles'];
}

function focusBounds(data: EmbedData, focus: Focus, selected?: ApiFeature): BBox | null {
  if (focus.featureId) {
    const f = data.features.find((x) => x.properties.id === focus.featureId) ?? (selected?.properties.id === focus.featureId ? selected : undefined);
    return f ? boundsOf(f as never) : null;
  }
  const codes = focus.counties;
  const features = codes?.length ? data.counties.features.filter((f) => codes.includes(f.properties.code)) : data.counties.features;
  return features.length ? boundsOf({ type: 'FeatureCollection', features } as never) : null;
}

export default function MapPane(props: MapPaneProps) {
  const { data, options, focus } = props;
  const view = useMemo<ViewRequest | undefined>(() => {
    if (!focus) return undefined;
    const b = focusBounds(data, focus, props.tiles?.selected);
    if (!b) return undefined;
    return focus.featureId ? { bounds: b, maxZoom: 9, padding: 60, animate: focus.animate } : { bounds: b, padding: 24, animate: focus.animate };
  }, [data, focus, props.tiles?.selected]);

  // MapView marks its container data-map-ready="true" once the map has loaded.
  const box = useRef<HTMLDivElement>(null);
  const onReady = useRef(props.onReady);
  onReady.current = props.onReady;
  useEffect(() => {
    const root = box.current!;
    let done = false;
    const check = () => {
      if (!done && root.querySelector('[data-map-ready="true"]')) {
        done = true;
        onReady.current();
      }
    };
    check();
    const mo = new MutationObserver(check);
    mo.observe(root, { attributes: true, subtree: true, attributeFilter: ['data-map-ready'] });
    return () => mo.disconnect();
  }, []);

  return (
    <div ref={box} className="sgm-embed-mapbox">
      <MapView
        lang={props.lang}
        theme={options.theme}
        basemap={options.basemap}
        config={data.config}
        counties={data.counties}
        context={data.context}
        layers={data.layers}
        features={data.features}
        tiles={props.tiles}
        filters={props.filters}
        selectedFeatureId={props.selectedFeatureId}
        controls={{ navigation: options.controls, scale: false, attribution: true }}
        scrollZoom={props.scrollZoom}
        view={view}
        onFeatureClick={props.onFeatureClick}
      />
    </div>
  );
}
