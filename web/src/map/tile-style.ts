/**
 * Tile mode drawn by MapLibre itself (issue 18): for each data layer one `vector` source on
 * `/tiles/{layer}/{z}/{x}/{y}.mvt` for the filter, and style layers per geometry with the same look
 * as the GeoJSON mode's deck.gl layers (layers.ts): the layer's colour (symbol-colour.ts), its icon
 * (solid where surveyed, hollow ring where approximate, dashed diamond where schematic), lines 4 px
 * and polygon outlines 2 px dashed unless surveyed, fills pale unless surveyed, a lighter colour
 * (icons: paler) under the pointer (feature-state `hover`; the source promotes `id`). Hover is paint
 * only, so it never lays tiles out again. Pure functions only:
 * MapView (tile-sync.ts) applies what they build.
 */
import type { ExpressionSpecification, FilterSpecification, LayerSpecification, VectorSourceSpecification } from 'maplibre-gl';
import type { LayerInfo } from '../../../core/api';
import type { Filters } from '../../../core/filters';
import { hexToRgba } from '../lib/format';
import { isLayerVisible } from '../lib/urlState';
import { iconKey, iconName } from './icons';
import type { Theme } from './style';
import { symbolColour } from './symbol-colour';
import { tileUrl } from './tile-mode';

/** Deepest zoom the server cuts tiles at (server/tiles/tile-math.ts MAX_ZOOM); beyond it MapLibre over-zooms. */
export const TILE_MAX_ZOOM = 16;
/** Prefix of our tile sources and style layers: `tiles/{layer}` and `tiles/{layer}/{part}`. */
export const TILE_PREFIX = 'tiles/';
/** URL scheme MapLibre hands to our tile loader (tile-protocol.ts), which reads `Features-Omitted`. */
export const TILE_PROTOCOL = 'sgmtiles';

export const PRECISIONS = ['surveyed', 'approximate', 'schematic'] as const;
/** Parts of one data layer, bottom to top. */
export const TILE_PARTS = ['fill', 'outline', 'line', 'points'] as const;
export type TilePart = (typeof TILE_PARTS)[number];

/** Fill opacity by precision (deck.gl's alpha 110 and 60 of 255 in the GeoJSON mode). */
export const FILL_OPACITY = { surveyed: 110 / 255, other: 60 / 255 };
/** Dash pattern in line widths: solid for surveyed geometry, [4, 3] otherwise (layers.ts dashArray). */
export const DASH = { surveyed: [1, 0], other: [4, 3] } as const;
/** Icon size in CSS pixels (the GeoJSON mode's IconLayer getSize). */
export const ICON_PX = 26;
/** Share of white mixed into a feature under the pointer (deck.gl's highlightColor alpha 90 of 255). */
export const HOVER_MIX = 90 / 255;
/** Opacity of an icon under the pointer. */
export const HOVER_ICON_OPACITY = 0.55;

export const tileSourceId = (layerId: string) => `${TILE_PREFIX}${layerId}`;
export const tileStyleLayerId = (layerId: string, part: TilePart) => `${TILE_PREFIX}${layerId}/${part}`;

/** The data layer a style layer (or source) of ours draws, or undefined for any other id. */
export function layerOfTileStyleLayer(id: string | undefined): string | undefined {
  if (!id?.startsWith(TILE_PREFIX)) return undefined;
  const rest = id.slice(TILE_PREFIX.length);
  const slash = rest.lastIndexOf('/');
  if (slash < 0) return rest || undefined;
  const part = rest.slice(slash + 1);
  return (TILE_PARTS as readonly string[]).includes(part) ? rest.slice(0, slash) : undefined;
}

/** The vector source of a data layer for the filter (and `asof`), loaded through our tile protocol. */
export function tileSource(layerId: string, filters: Filters, asof: string | undefined, origin: string): VectorSourceSpecification {
  return {
    type: 'vector',
    tiles: [`${TILE_PROTOCOL}://${tileUrl(layerId, filters, asof, origin)}`],
    minzoom: 0,
    maxzoom: TILE_MAX_ZOOM,
    promoteId: 'id',
  };
}

/** `#rrggbb` mixed with white by `t` (0 … 1). */
export function mixWhite(hex: string, t: number): string {
  const [r, g, b] = hexToRgba(hex);
  const m = (v: number) =>
    Math.round(v + (255 - v) * t)
      .toString(16)
      .padStart(2, '0');
  return `#${m(r)}${m(g)}${m(b)}`;
}

const surveyed: ExpressionSpecification = ['==', ['get', 'precision'], 'surveyed'];
const hovered: ExpressionSpecification = ['boolean', ['feature-state', 'hover'], false];
// MapLibre names a vector tile feature's geometry Multi… when it has several parts.
const geometryIn = (...types: string[]): FilterSpecification => ['in', ['geometry-type'], ['literal', types]];
const isPoint = geometryIn('Point', 'MultiPoint');
const isLine = geometryIn('LineString', 'MultiLineString');
const isPolygon = geometryIn('Polygon', 'MultiPolygon');

/** Name of the icon image of a layer's icon for a precision in a colour (added with `map.addImage`, icons.ts tintedIcon). */
export function tileIconImage(icon: string, precision: string, colour: string): string {
  return `sgm-icon/${iconKey(icon, precision)}/${colour.replace('#', '')}`;
}

/** The icon images one layer needs on a theme: image name, atlas key, colour. */
export function tileIcons(info: LayerInfo, theme: Theme): { image: string; key: string; colour: string }[] {
  const colour = symbolColour(info.color, theme);
  const icon = iconName(info.icon, info.id);
  return PRECISIONS.map((p) => ({ image: tileIconImage(icon, p, colour), key: iconKey(icon, p), colour }));
}

export interface TileStyleInput {
  layers: readonly LayerInfo[];
  filters: Filters;
  theme: Theme;
}

/** The style layers of one data layer, bottom to top; hidden layers keep theirs with `visibility: none`. */
export function tileLayersOf(info: LayerInfo, input: TileStyleInput): LayerSpecification[] {
  const colour = symbolColour(info.color, input.theme);
  const light = mixWhite(colour, HOVER_MIX);
  const icon = iconName(info.icon, info.id);
  const visibility = isLayerVisible(input.filters, info.id) ? 'visible' : 'none';
  const src = { source: tileSourceId(info.id), 'source-layer': info.id };
  const dash: ExpressionSpecification = ['case', surveyed, ['literal', [...DASH.surveyed]], ['literal', [...DASH.other]]];
  const lineColour: ExpressionSpecification = ['case', hovered, light, colour];
  return [
    {
      id: tileStyleLayerId(info.id, 'fill'),
      type: 'fill',
      ...src,
      filter: isPolygon,
      layout: { visibility },
      paint: { 'fill-color': lineColour, 'fill-opacity': ['case', surveyed, FILL_OPACITY.surveyed, FILL_OPACITY.other] },
    },
    {
      id: tileStyleLayerId(info.id, 'outline'),
      type: 'line',
      ...src,
      filter: isPolygon,
      layout: { visibility },
      paint: { 'line-color': lineColour, 'line-width': 2, 'line-dasharray': dash },
    },
    {
      id: tileStyleLayerId(info.id, 'line'),
      type: 'line',
      ...src,
      filter: isLine,
      layout: { visibility },
      paint: { 'line-color': lineColour, 'line-width': 4, 'line-dasharray': dash },
    },
    {
      id: tileStyleLayerId(info.id, 'points'),
      type: 'symbol',
      ...src,
      filter: isPoint,
      layout: {
        visibility,
        'icon-image': ['match', ['get', 'precision'], ...PRECISIONS.flatMap((p) => [p, tileIconImage(icon, p, colour)]), tileIconImage(icon, 'approximate', colour)] as unknown as ExpressionSpecification,
        // Every point drawn, as deck.gl does: no collision between symbols.
        'icon-allow-overlap': true,
        'icon-ignore-placement': true,
      },
      // Lighter under the pointer, as deck.gl's highlight whitens an icon (a pale icon: see-through on the basemap).
      paint: { 'icon-opacity': ['case', hovered, HOVER_ICON_OPACITY, 1] },
    },
  ];
}

/** Every data layer's style layers, in registry order (each layer's fills, lines, then icons). */
export function tileStyleLayers(input: TileStyleInput): LayerSpecification[] {
  return input.layers.flatMap((l) => tileLayersOf(l, input));
}

/** Tiles (z/x/y) MapLibre shows for a view: 512-px vector tiles at floor(zoom), capped at the deepest zoom. */
export function tilesInView(bounds: readonly [number, number, number, number], zoom: number, maxZoom = TILE_MAX_ZOOM): { z: number; x: number; y: number }[] {
  const z = Math.max(0, Math.min(maxZoom, Math.floor(zoom)));
  const n = 2 ** z;
  const clampLat = (lat: number) => Math.max(-85.0511, Math.min(85.0511, lat));
  const tx = (lon: number) => Math.min(n - 1, Math.max(0, Math.floor(((lon + 180) / 360) * n)));
  const ty = (lat: number) => {
    const s = Math.sin((clampLat(lat) * Math.PI) / 180);
    return Math.min(n - 1, Math.max(0, Math.floor((0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * n)));
  };
  const [w, s, e, north] = bounds;
  const out: { z: number; x: number; y: number }[] = [];
  for (let x = tx(w); x <= tx(e); x++) for (let y = ty(north); y <= ty(s); y++) out.push({ z, x, y });
  return out;
}

/** A tile URL template with z/x/y filled in. */
export function tileAddressUrl(template: string, { z, x, y }: { z: number; x: number; y: number }): string {
  return template.replace('{z}', String(z)).replace('{x}', String(x)).replace('{y}', String(y));
}

/**
 * Features the tiles in view left out (their `Features-Omitted` header, recorded by URL in
 * `omittedByUrl`), summed over the tiles of `template` in `tiles`; tiles not loaded count 0.
 */
export function omittedInView(template: string, tiles: readonly { z: number; x: number; y: number }[], omittedByUrl: ReadonlyMap<string, number>): number {
  let n = 0;
  for (const t of tiles) n += omittedByUrl.get(tileAddressUrl(template, t)) ?? 0;
  return n;
}
