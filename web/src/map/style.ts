/**
 * The MapLibre basemap, built from our own data (offline by default): neighbouring prefectures in
 * a muted tone, the 12 counties, hover and selected counties highlighted. No symbol layers, so the
 * style needs no glyphs; names are drawn by deck.gl's TextLayer with local fonts (see layers.ts).
 * Online rasters (OSM, Tianditu) are added only when /api/config enables them and the user picks one;
 * a deployment's own basemap (BASEMAP_STYLE, BASEMAP_PMTILES) is drawn under ours by own-basemap.ts.
 */
import type { ExpressionSpecification, StyleSpecification } from 'maplibre-gl';
import type { CountiesResponse } from '../../../core/api';
import type { AppConfig, ContextResponse } from '../lib/api';
import { ownBasemapShown } from './own-basemap';

export type Theme = 'light' | 'dark';
export type Basemap = 'none' | 'osm' | 'tianditu';

export interface Palette {
  background: string;
  contextFill: string;
  contextLine: string;
  countyFill: string;
  countyHover: string;
  countySelected: string;
  countyLine: string;
  countySelectedLine: string;
  /** Label text and halo, as [r, g, b, a] for deck.gl. */
  label: [number, number, number, number];
  labelHalo: [number, number, number, number];
  contextLabel: [number, number, number, number];
}

export const PALETTES: Readonly<Record<Theme, Palette>> = {
  light: {
    background: '#dce7ee',
    contextFill: '#eef0f1',
    contextLine: '#b6c0c6',
    countyFill: '#f8faf5',
    countyHover: '#e6f2dc',
    countySelected: '#cde8c4',
    countyLine: '#7d9a83',
    countySelectedLine: '#2e7d32',
    label: [38, 50, 56, 255],
    labelHalo: [255, 255, 255, 230],
    contextLabel: [120, 130, 138, 255],
  },
  dark: {
    background: '#07111b',
    contextFill: '#111c27',
    contextLine: '#2a3a48',
    countyFill: '#182734',
    countyHover: '#213a4a',
    countySelected: '#1f4d3a',
    countyLine: '#3f6a86',
    countySelectedLine: '#6fdc9a',
    label: [224, 236, 244, 255],
    labelHalo: [7, 17, 27, 230],
    contextLabel: [110, 128, 142, 255],
  },
};

/** Paint expression true for a selected county code. */
function isSelected(selected: readonly string[]): ExpressionSpecification {
  return ['in', ['get', 'code'], ['literal', [...selected]]];
}

/** Fill colour of counties: selected, else hovered (feature-state), else plain. */
export function countyFillColor(theme: Theme, selected: readonly string[]): ExpressionSpecification {
  const p = PALETTES[theme];
  return ['case', isSelected(selected), p.countySelected, ['boolean', ['feature-state', 'hover'], false], p.countyHover, p.countyFill];
}

/** Outline colour/width of counties: selected ones stand out. */
export function countyLineColor(theme: Theme, selected: readonly string[]): ExpressionSpecification {
  const p = PALETTES[theme];
  return ['case', isSelected(selected), p.countySelectedLine, p.countyLine];
}
export function countyLineWidth(selected: readonly string[]): ExpressionSpecification {
  return ['case', isSelected(selected), 2.5, ['boolean', ['feature-state', 'hover'], false], 1.8, 1];
}

/** Tile URL and attribution of an online basemap, or null when it is not enabled. */
export function onlineBasemap(basemap: Basemap, config: AppConfig): { tiles: string[]; attribution: string } | null {
  if (basemap === 'osm' && config.basemaps.osm)
    return { tiles: ['https://tile.openstreetmap.org/{z}/{x}/{y}.png'], attribution: '© OpenStreetMap contributors' };
  if (basemap === 'tianditu' && config.basemaps.tianditu) {
    const tk = encodeURIComponent(config.basemaps.tianditu.token);
    return {
      tiles: [0, 1, 2, 3].map(
        (n) =>
          `https://t${n}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${tk}`,
      ),
      attribution: '© 天地图 Tianditu',
    };
  }
  return null;
}

export interface BasemapInput {
  theme: Theme;
  counties: CountiesResponse;
  context?: ContextResponse;
  selectedCounties?: readonly string[];
  basemap?: Basemap;
  config?: AppConfig;
}

/** Whose outlines these are and on what terms (the counties' `boundaries` member), for the attribution control. */
export function boundaryAttribution(counties: { boundaries?: { attribution: string } }): string | undefined {
  return counties.boundaries?.attribution;
}

/** Counties are see-through over a basemap (online raster or the deployment's own), opaque otherwise. */
export function countyFillOpacity(overBasemap: boolean): number {
  return overBasemap ? 0.35 : 1;
}

/** The whole MapLibre style for one theme and basemap choice (the deployment's own basemap is added in place: own-basemap.ts). */
export function buildBasemapStyle(input: BasemapInput): StyleSpecification {
  const p = PALETTES[input.theme];
  const selected = input.selectedCounties ?? [];
  const online = input.config ? onlineBasemap(input.basemap ?? 'none', input.config) : null;
  const under = !!online || !!ownBasemapShown(input.basemap, input.config);
  const style: StyleSpecification = {
    version: 8,
    name: `shangrao-${input.theme}`,
    sources: {
      context: { type: 'geojson', data: input.context ?? { type: 'FeatureCollection', features: [] } },
      counties: { type: 'geojson', data: input.counties, promoteId: 'code', attribution: boundaryAttribution(input.counties) },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': p.background } },
      { id: 'context-fill', type: 'fill', source: 'context', paint: { 'fill-color': p.contextFill } },
      { id: 'context-line', type: 'line', source: 'context', paint: { 'line-color': p.contextLine, 'line-width': 0.8 } },
      {
        id: 'county-fill',
        type: 'fill',
        source: 'counties',
        paint: { 'fill-color': countyFillColor(input.theme, selected), 'fill-opacity': countyFillOpacity(under) },
      },
      {
        id: 'county-line',
        type: 'line',
        source: 'counties',
        paint: { 'line-color': countyLineColor(input.theme, selected), 'line-width': countyLineWidth(selected) },
      },
    ],
  };
  if (online) {
    style.sources.online = { type: 'raster', tiles: online.tiles, tileSize: 256, attribution: online.attribution, maxzoom: 18 };
    style.layers.splice(1, 0, { id: 'online', type: 'raster', source: 'online' });
  }
  return style;
}
