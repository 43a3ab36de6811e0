/**
 * Public API of the map foundation. Views import from here:
 * - `MapView` — the one component owning MapLibre + deck.gl (props: theme, lang, data, filters,
 *   selection, controls, scrollZoom, extraLayers, view requests; events: hover, feature click,
 *   county click, view change with `_from`; handle: snapshot, fitBounds, project).
 * - `LegendSymbol` — a layer's symbol in SVG (solid / hollow / dashed) for legends.
 * - Pure helpers: `buildBasemapStyle`, `buildLayers`, `boundsOf`, `representativePoint`, palettes.
 */
export { MapView } from './MapView';
export type { MapViewProps, MapHandle, ViewRequest, ViewChange, ViewSource, HoverInfo } from './MapView';
export { LegendSymbol } from './LegendSymbol';
export { buildBasemapStyle, PALETTES, type Theme, type Basemap } from './style';
export { buildLayers, LABEL_FONT, pickedFeature, dashArray } from './layers';
export { boundsOf, representativePoint, labelPoint } from './geometry';
export { composeSnapshot } from './snapshot';
