/**
 * deck.gl layers from data and filter state — a pure function of its input, rebuilt every render
 * with stable ids (deck.gl diffs them). Layers are hidden with `visible`, never removed; the filter
 * runs on the GPU through one MaskFilterExtension (mask-filter.ts) created here at module scope:
 * each feature's county, measure and status bitmasks are attributes built once per dataset, the
 * filter is a uniform, and only a change of the search text recomputes a per-feature flag.
 */
import type { Layer } from '@deck.gl/core';
import { PathStyleExtension } from '@deck.gl/extensions';
import { GeoJsonLayer, IconLayer, ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import type { Position } from 'geojson';
import type { ApiFeature, LayerInfo } from '../../../core/api';
import type { Lang } from '../../../core/contract';
import type { Filters } from '../../../core/filters';
import { hexToRgba } from '../lib/format';
import { isLayerVisible } from '../lib/urlState';
import { splitByGeometry } from './geometry';
import { iconKey, iconMapping, iconName } from './icons';
import { MaskFilterExtension } from './mask-filter';
import { featureMasks, filterMasks, searchFlag, searchKey, type FeatureMasks } from './masks';
import { PALETTES, type Theme } from './style';
import { symbolColour } from './symbol-colour';

const FILTER = new MaskFilterExtension();
const DASH = new PathStyleExtension({ dash: true });
const ICON_MAPPING = iconMapping();

/** Fonts for labels: local system fonts only, so no glyph request leaves the server. */
export const LABEL_FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif';

/** Dash pattern (in line widths) for a precision; solid for surveyed geometry. */
export function dashArray(precision: string): [number, number] {
  return precision === 'surveyed' ? [0, 0] : [4, 3];
}

export interface LabelPoint {
  position: Position;
  name: string;
  name_en: string;
  code?: string;
}

export interface BuildLayersInput {
  layers: readonly LayerInfo[];
  features: readonly ApiFeature[];
  filters: Filters;
  theme: Theme;
  lang: Lang;
  selectedFeatureId?: string;
  countyLabels?: readonly LabelPoint[];
  contextLabels?: readonly LabelPoint[];
  /** The icon atlas (browser: iconAtlas()); without it points are drawn as circles. */
  atlas?: HTMLCanvasElement;
  /**
   * Tile mode (tile-mode.ts): MapLibre draws every data layer from /tiles (tile-style.ts), so
   * deck.gl draws none of them (`features` is then empty) — only labels and the selection.
   */
  tiles?: boolean;
  /** The selected feature when it is not among `features` (tile mode: read from the API). */
  selectedFeature?: ApiFeature;
}

/** A row of the point layers: one per point position. */
export interface PointRow {
  position: Position;
  feature: ApiFeature;
}

/** The feature behind a picked object of any of our layers, or undefined. */
export function pickedFeature(object: unknown): ApiFeature | undefined {
  if (!object || typeof object !== 'object') return undefined;
  const o = object as { feature?: ApiFeature; type?: string; properties?: { id?: unknown } };
  if (o.feature?.properties?.id) return o.feature;
  if (o.type === 'Feature' && typeof o.properties?.id === 'string') return object as ApiFeature;
  return undefined;
}

/** Group features by layer id, keeping the registry's order. */
export function groupByLayer(features: readonly ApiFeature[]): Map<string, ApiFeature[]> {
  const m = new Map<string, ApiFeature[]>();
  for (const f of features) {
    const list = m.get(f.properties.layer);
    if (list) list.push(f);
    else m.set(f.properties.layer, [f]);
  }
  return m;
}

/** One layer's features as deck.gl data: icon rows and a FeatureCollection of lines and polygons. */
export interface LayerData {
  points: PointRow[];
  shapes: { type: 'FeatureCollection'; features: ApiFeature[] };
}

const EMPTY: LayerData = { points: [], shapes: { type: 'FeatureCollection', features: [] } };
const layerDataCache = new WeakMap<readonly ApiFeature[], Map<string, LayerData>>();

/**
 * The deck.gl data of every layer, built once per features array and then reused: a filter change
 * must hand deck.gl the same data objects, so that no attribute is recomputed (the filter is a
 * uniform) — new arrays would make deck.gl rebuild every attribute of every feature.
 */
export function layerData(features: readonly ApiFeature[]): Map<string, LayerData> {
  let out = layerDataCache.get(features);
  if (!out) {
    out = new Map();
    for (const [id, list] of groupByLayer(features)) {
      const { points, shapes } = splitByGeometry(list);
      out.set(id, { points, shapes: { type: 'FeatureCollection', features: shapes } });
    }
    layerDataCache.set(features, out);
  }
  return out;
}

const masksCache = new WeakMap<object, FeatureMasks>();
/** A feature's filter masks (masks.ts), computed once per properties object. */
export function masksOf(p: ApiFeature['properties']): FeatureMasks {
  let m = masksCache.get(p);
  if (!m) {
    m = featureMasks(p);
    masksCache.set(p, m);
  }
  return m;
}

/** All deck.gl layers: context labels, per-layer shapes and icons, selection halo, county labels. */
export function buildLayers(input: BuildLayersInput): Layer[] {
  const { filters, theme, lang } = input;
  const palette = PALETTES[theme];
  const byLayer = layerData(input.features);
  // The filter as a uniform; the per-feature masks never change with it (their accessor has no trigger).
  const search = searchFlag(filters.q);
  const gpuFilter = {
    extensions: [FILTER],
    maskFilterValue: filterMasks(filters),
  };
  const searchTrigger = { getMaskSearch: searchKey(filters.q) };
  const out: Layer[] = [];

  out.push(
    new TextLayer<LabelPoint>({
      id: 'context-labels',
      data: input.contextLabels ?? [],
      getPosition: (d) => d.position as [number, number],
      getText: (d) => (lang === 'en' ? d.name_en : d.name),
      getSize: 12,
      getColor: palette.contextLabel,
      fontFamily: LABEL_FONT,
      characterSet: 'auto',
      fontSettings: { sdf: true },
      outlineWidth: 2,
      outlineColor: palette.labelHalo,
      updateTriggers: { getText: lang },
    }),
  );

  for (const info of input.layers) {
    const color = hexToRgba(symbolColour(info.color, input.theme));
    const visible = isLayerVisible(filters, info.id);
    if (input.tiles) continue;
    const { points, shapes } = byLayer.get(info.id) ?? EMPTY;
    out.push(
      new GeoJsonLayer<ApiFeature['properties']>({
        id: `${info.id}-shapes`,
        data: shapes as never,
        visible,
        pickable: true,
        autoHighlight: true,
        highlightColor: [255, 255, 255, 90],
        stroked: true,
        filled: true,
        getFillColor: (f: ApiFeature) => [color[0], color[1], color[2], f.properties.precision === 'surveyed' ? 110 : 60],
        getLineColor: color,
        getLineWidth: (f: ApiFeature) => (f.geometry.type.includes('Line') ? 4 : 2),
        lineWidthUnits: 'pixels',
        lineWidthMinPixels: 1.5,
        ...gpuFilter,
        extensions: [FILTER, DASH],
        getMaskValues: ((f: ApiFeature) => masksOf(f.properties)) as never,
        getMaskSearch: ((f: ApiFeature) => search(f.properties)) as never,
        getDashArray: ((f: ApiFeature) => dashArray(f.properties.precision)) as never,
        dashJustified: true,
        updateTriggers: searchTrigger,
      } as never),
    );
    const pointProps = {
      id: `${info.id}-points`,
      data: points,
      visible,
      pickable: true,
      autoHighlight: true,
      highlightColor: [255, 255, 255, 120] as [number, number, number, number],
      getPosition: (d: PointRow) => d.position as [number, number],
      ...gpuFilter,
      getMaskValues: (d: PointRow) => masksOf(d.feature.properties),
      getMaskSearch: (d: PointRow) => search(d.feature.properties),
      updateTriggers: searchTrigger,
    };
    const icon = iconName(info.icon, info.id);
    out.push(
      input.atlas
        ? new IconLayer<PointRow>({
            ...pointProps,
            iconAtlas: input.atlas as never,
            iconMapping: ICON_MAPPING,
            getIcon: (d) => iconKey(icon, d.feature.properties.precision),
            getSize: 26,
            sizeUnits: 'pixels',
            getColor: color,
          })
        : new ScatterplotLayer<PointRow>({
            ...pointProps,
            getRadius: 7,
            radiusUnits: 'pixels',
            stroked: true,
            getFillColor: (d) => (d.feature.properties.precision === 'surveyed' ? color : [255, 255, 255, 200]),
            getLineColor: color,
            getLineWidth: 2,
            lineWidthUnits: 'pixels',
          }),
    );
  }

  const selected = input.selectedFeatureId ? (input.features.find((f) => f.properties.id === input.selectedFeatureId) ?? (input.selectedFeature?.properties.id === input.selectedFeatureId ? input.selectedFeature : undefined)) : undefined;
  const sel = selected ? splitByGeometry([selected]) : { points: [], shapes: [] };
  out.push(
    new ScatterplotLayer<PointRow>({
      id: 'selection-points',
      data: sel.points,
      getPosition: (d) => d.position as [number, number],
      getRadius: 20,
      radiusUnits: 'pixels',
      filled: false,
      stroked: true,
      getLineColor: [255, 87, 34, 255],
      getLineWidth: 3,
      lineWidthUnits: 'pixels',
    }),
    new GeoJsonLayer({
      id: 'selection-shapes',
      data: { type: 'FeatureCollection', features: sel.shapes } as never,
      filled: false,
      stroked: true,
      getLineColor: [255, 87, 34, 255],
      getLineWidth: 6,
      lineWidthUnits: 'pixels',
    }),
    new TextLayer<LabelPoint>({
      id: 'county-labels',
      data: input.countyLabels ?? [],
      getPosition: (d) => d.position as [number, number],
      getText: (d) => (lang === 'en' ? d.name_en : d.name),
      getSize: lang === 'en' ? 12 : 14,
      getColor: palette.label,
      fontFamily: LABEL_FONT,
      fontWeight: 600,
      characterSet: 'auto',
      fontSettings: { sdf: true },
      outlineWidth: 3,
      outlineColor: palette.labelHalo,
      updateTriggers: { getText: lang, getSize: lang },
    }),
  );
  return out;
}
