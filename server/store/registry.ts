/**
 * The layer registry and each layer's extent, read once per data version from any FeatureStore
 * (on PostGIS `layers()` counts features in SQL; an extent reads the layer's features), for the
 * OGC and tile wings, which name them in every collection and TileJSON document.
 */
import { bbox as turfBbox } from '@turf/bbox';
import type { LayerInfo } from '../../core/api';
import type { FeatureStore } from './types';

export type Extent = [number, number, number, number];

export function layerRegistry(store: FeatureStore) {
  let version = '';
  let layers: Promise<LayerInfo[]> | undefined;
  let extents = new Map<string, Promise<Extent | undefined>>();
  const fresh = () => {
    if (version !== store.version || !layers) {
      version = store.version;
      layers = store.layers();
      extents = new Map();
    }
  };
  return {
    layers(): Promise<LayerInfo[]> {
      fresh();
      return layers!;
    },
    async layer(id: string): Promise<LayerInfo | undefined> {
      return (await this.layers()).find((l) => l.id === id);
    },
    /** [minLon, minLat, maxLon, maxLat] of the layer's features; undefined when it has none. */
    extent(id: string): Promise<Extent | undefined> {
      fresh();
      let e = extents.get(id);
      if (!e) {
        e = store.features({ layer: id }).then((page) => (page.features.length ? (turfBbox({ type: 'FeatureCollection', features: page.features }) as Extent) : undefined));
        extents.set(id, e);
      }
      return e;
    },
  };
}
