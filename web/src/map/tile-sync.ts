/**
 * Applies tile mode's sources, style layers and icon images (built by tile-style.ts) to a live
 * MapLibre map in place: new sources and layers are added under deck.gl's layers (selection halo,
 * county names) and above the basemap, a filter or `asof` change swaps a source's tile URL
 * (`setTiles`), a theme or visibility change sets only the paint and layout properties that
 * changed, and what is no longer wanted (tile mode off, a layer gone) is removed.
 */
import type { LayerSpecification, Map as MlMap, VectorTileSource } from 'maplibre-gl';
import type { LayerInfo } from '../../../core/api';
import type { Filters } from '../../../core/filters';
import { ICON_CELL, tintedIcon } from './icons';
import type { Theme } from './style';
import { ICON_PX, TILE_PREFIX, tileIcons, tileSource, tileSourceId, tileStyleLayers } from './tile-style';

/** deck.gl's interleaved layers (all without `beforeId`) live in this one MapLibre layer, kept on top. */
const DECK_GROUP = 'deck-layer-group-last';

export interface TileSyncInput {
  layers: readonly LayerInfo[];
  filters: Filters;
  theme: Theme;
  asof?: string;
  origin: string;
}

const applied = new WeakMap<MlMap, Map<string, LayerSpecification>>();
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Bring the map's tile sources and layers to `input`; `null` removes them all (GeoJSON mode). */
export function syncTiles(map: MlMap, input: TileSyncInput | null): void {
  let last = applied.get(map);
  if (!last) applied.set(map, (last = new Map()));
  const want = input ? tileStyleLayers(input) : [];
  const wantIds = new Set(want.map((l) => l.id));
  const wantSources = new Set(input ? input.layers.map((l) => tileSourceId(l.id)) : []);

  for (const l of map.getStyle().layers ?? [])
    if (l.id.startsWith(TILE_PREFIX) && !wantIds.has(l.id)) {
      map.removeLayer(l.id);
      last.delete(l.id);
    }
  for (const id of Object.keys(map.getStyle().sources ?? {})) if (id.startsWith(TILE_PREFIX) && !wantSources.has(id)) map.removeSource(id);
  if (!input) return;

  for (const info of input.layers)
    for (const icon of tileIcons(info, input.theme))
      if (!map.hasImage(icon.image)) map.addImage(icon.image, tintedIcon(icon.key, icon.colour), { pixelRatio: ICON_CELL / ICON_PX });

  for (const info of input.layers) {
    const spec = tileSource(info.id, input.filters, input.asof, input.origin);
    const source = map.getSource(tileSourceId(info.id)) as VectorTileSource | undefined;
    if (!source) map.addSource(tileSourceId(info.id), spec);
    else if (!same(source.tiles, spec.tiles)) source.setTiles(spec.tiles!);
  }

  for (const spec of want) {
    const before = last.get(spec.id);
    if (!map.getLayer(spec.id)) {
      map.addLayer(spec, map.getLayer(DECK_GROUP) ? DECK_GROUP : undefined);
    } else if (before && !same(before, spec)) {
      const b = before as { paint?: Record<string, unknown>; layout?: Record<string, unknown>; filter?: unknown };
      const s = spec as typeof b;
      for (const [k, v] of Object.entries(s.paint ?? {})) if (!same(b.paint?.[k], v)) map.setPaintProperty(spec.id, k as never, v as never);
      for (const [k, v] of Object.entries(s.layout ?? {})) if (!same(b.layout?.[k], v)) map.setLayoutProperty(spec.id, k as never, v as never);
      if (!same(b.filter, s.filter)) map.setFilter(spec.id, s.filter as never);
    }
    last.set(spec.id, spec);
  }
}
