/**
 * The sheets' maps as images: one MapView (the shared map component: offline basemap, our
 * symbols with approximate / schematic styling, deck.gl drawn into the same canvas), off screen at
 * the image's pixel size, shown each sheet's filter in turn; after MapLibre reports `idle` the
 * canvas (kept with preserveDrawingBuffer) is read as a JPEG data URL. The map is unmounted when
 * every image is made, so the page holds only <img>s — they print anywhere.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Map as MlMap } from 'maplibre-gl';
import type { BBox, Filters } from '../../../core/filters';
import { MapView, boundsOf, type MapHandle, type ViewRequest } from '../map';
import type { ClientDataset } from '../lib/useDataset';
import type { Lang } from '../../../core/contract';

export interface Shot {
  key: string;
  filters: Filters;
}

/** The camera of a sheet's map: the counties it names, else the whole city. */
export function shotBounds(data: Pick<ClientDataset, 'counties'>, filters: Filters): BBox | null {
  const codes = filters.counties;
  const features = codes?.length ? data.counties.features.filter((f) => codes.includes(f.properties.code)) : data.counties.features;
  return features.length ? boundsOf({ type: 'FeatureCollection', features } as never) : null;
}

function idle(map: MlMap): Promise<void> {
  return new Promise((done) => {
    map.once('idle', () => done());
    map.triggerRepaint();
  });
}

const frame = () => new Promise<void>((r) => requestAnimationFrame(() => r()));

export function MapShots({ data, lang, shots, size, onShot, onDone }: { data: ClientDataset; lang: Lang; shots: readonly Shot[]; size: { width: number; height: number }; onShot(key: string, url: string): void; onDone(): void }) {
  const [index, setIndex] = useState(0);
  const handle = useRef<MapHandle>(null);
  const shot = shots[index];
  const view = useMemo<ViewRequest | undefined>(() => {
    if (!shot) return undefined;
    const b = shotBounds(data, shot.filters);
    return b ? { bounds: b, padding: 16, maxZoom: 11, animate: false } : undefined;
  }, [data, shot]);

  useEffect(() => {
    if (!shot) {
      onDone();
      return;
    }
    let live = true;
    (async () => {
      // Wait for the map to exist and load, then for this stop's filter and camera to be drawn.
      let map = handle.current?.map() ?? null;
      while (live && !map) {
        await frame();
        map = handle.current?.map() ?? null;
      }
      if (!live || !map) return;
      // 'idle' fires only once the style, sources and tiles are loaded and nothing moves; the
      // stop's filter (deck.gl layers) and camera were applied by MapView's effects before this one.
      await idle(map);
      if (!live) return;
      let url: string;
      try {
        url = map.getCanvas().toDataURL('image/jpeg', 0.9);
      } catch {
        url = '';
      }
      onShot(shot.key, url);
      setIndex((i) => i + 1);
    })();
    return () => {
      live = false;
    };
    // One pass per stop.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [index, shot === undefined]);

  if (!shot) return null;
  return (
    <div className="pr-mapshots" aria-hidden="true" data-shot={index} style={{ width: size.width, height: size.height }}>
      <MapView
        ref={handle}
        lang={lang}
        theme="light"
        counties={data.counties}
        context={data.context}
        layers={data.layers}
        features={data.features}
        filters={shot.filters}
        config={data.config}
        controls={{ navigation: false, scale: false, attribution: false }}
        interactive={false}
        scrollZoom={false}
        view={view}
      />
    </div>
  );
}
