/**
 * A data layer drawn from vector tiles (tile mode, tile-mode.ts): one deck.gl MVTLayer per layer in
 * binary mode, with the same symbols as the GeoJSON mode (layers.ts): the layer's colour, icons
 * (or circles without an atlas), dashed lines and pale fills for approximate or schematic geometry,
 * highlight on hover, the selected feature highlighted by id. Each tile's `Features-Omitted` header
 * (server/tiles/thin.ts) rides on its data so the map can say when points were left out.
 */
import { load } from '@loaders.gl/core';
// loaders.gl would fetch its MVT worker from unpkg.com: serve it from our own bundle instead.
import mvtWorkerUrl from '@loaders.gl/mvt/mvt-worker.js?url';
import type { Layer } from '@deck.gl/core';
import type { PathStyleExtension } from '@deck.gl/extensions';
import { MVTLayer } from '@deck.gl/geo-layers';
import { GeoJsonLayer } from '@deck.gl/layers';
import type { LayerInfo } from '../../../core/api';
import type { Filters } from '../../../core/filters';
import { iconKey, iconMapping, iconName } from './icons';
import { omittedInView, tileLayerId, tileUrl } from './tile-mode';

type Rgba = [number, number, number, number];
type TileProps = { properties: { precision?: string; id?: string } };

const ICON_MAPPING = iconMapping();
/** Deepest zoom the server cuts tiles at (server/tiles/tile-math.ts MAX_ZOOM); beyond it they are over-zoomed. */
const TILE_MAX_ZOOM = 16;

export interface TileLayerInput {
  info: LayerInfo;
  filters: Filters;
  asof?: string;
  color: Rgba;
  visible: boolean;
  dash: PathStyleExtension;
  dashArray: (precision: string) => [number, number];
  selectedFeatureId?: string;
  atlas?: HTMLCanvasElement;
  /** Features the tiles in view left out (thinned), reported after each viewport load. */
  onOmitted?: (layerId: string, omitted: number) => void;
}

/** Fetch a tile, keeping the count the server says it left out on the parsed data. */
async function fetchTile(url: string, ctx: { layer: Layer; loadOptions?: Record<string, unknown>; signal?: AbortSignal }): Promise<unknown> {
  const res = await fetch(url, { signal: ctx.signal });
  if (res.status === 204) return null;
  if (!res.ok) throw new Error(`HTTP ${res.status} for ${url}`);
  const omitted = Number(res.headers.get('Features-Omitted') ?? 0);
  const options = ctx.loadOptions ?? (ctx.layer as unknown as { getLoadOptions(): Record<string, unknown> }).getLoadOptions();
  const data = (await load(await res.arrayBuffer(), (ctx.layer.props as unknown as { loaders: never }).loaders, options as never)) as Record<string, unknown> | null;
  if (data && omitted > 0) data.omitted = omitted;
  return data;
}

export function buildTileLayer(input: TileLayerInput): Layer {
  const { info, color } = input;
  const icon = iconName(info.icon, info.id);
  const precisionOf = (f: TileProps) => f.properties.precision ?? 'surveyed';
  return new MVTLayer({
    id: tileLayerId(info.id),
    data: tileUrl(info.id, input.filters, input.asof),
    binary: true,
    minZoom: 0,
    maxZoom: TILE_MAX_ZOOM,
    visible: input.visible,
    pickable: true,
    autoHighlight: true,
    uniqueIdProperty: 'id',
    highlightColor: [255, 255, 255, 100],
    highlightedFeatureId: input.selectedFeatureId ?? null,
    pointType: input.atlas ? 'icon' : 'circle',
    ...(input.atlas
      ? {
          iconAtlas: input.atlas as never,
          iconMapping: ICON_MAPPING,
          getIcon: (f: TileProps) => iconKey(icon, precisionOf(f)),
          getIconSize: 26,
          iconSizeUnits: 'pixels',
          getIconColor: color,
        }
      : { getPointRadius: 7, pointRadiusUnits: 'pixels' }),
    stroked: true,
    filled: true,
    getFillColor: (f: TileProps) => [color[0], color[1], color[2], precisionOf(f) === 'surveyed' ? 110 : 60],
    getLineColor: color,
    getLineWidth: 2,
    lineWidthUnits: 'pixels',
    lineWidthMinPixels: 1.5,
    extensions: [input.dash],
    getDashArray: (f: TileProps) => input.dashArray(precisionOf(f)),
    dashJustified: true,
    updateTriggers: { getIcon: icon, getFillColor: color.join(), getDashArray: 1 },
    fetch: fetchTile as never,
    loadOptions: { mvt: { workerUrl: mvtWorkerUrl } },
    // Lines 4 px, polygon outlines 2 px, as in the GeoJSON mode.
    renderSubLayers: (props: object) => new GeoJsonLayer({ ...(props as object), _subLayerProps: { linestrings: { getWidth: 4 }, 'polygons-stroke': { getWidth: 2 } } } as never),
    onViewportLoad: (tiles: { content?: unknown }[]) => input.onOmitted?.(info.id, omittedInView(tiles)),
  } as never);
}
