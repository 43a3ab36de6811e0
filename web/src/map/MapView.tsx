/**
 * The ONE component that owns MapLibre GL and deck.gl (MapboxOverlay, interleaved in the same
 * WebGL context). Everything it draws comes from props through pure functions (style.ts,
 * layers.ts); everything the user does comes out as events. Views never touch the map object
 * except through {@link MapHandle}.
 */
import { useDeferredValue, useEffect, useId, useImperativeHandle, useMemo, useRef, useState, type Ref } from 'react';
import { addProtocol, Map as MlMap, NavigationControl, ScaleControl, setWorkerUrl, type LngLatBounds, type MapMouseEvent } from 'maplibre-gl';
// MapLibre 6 loads its worker from `./maplibre-gl-worker.mjs` next to its own module, which the
// bundle does not contain: have Vite emit the worker as an asset and point MapLibre at it.
import maplibreWorkerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import '../styles/base.css';
import { MapboxOverlay } from '@deck.gl/mapbox';
import type { LayersList } from '@deck.gl/core';
import type { ApiFeature, CountiesResponse, LayerInfo } from '../../../core/api';
import type { Lang } from '../../../core/contract';
import type { BBox, Filters } from '../../../core/filters';
import { makeT } from '../i18n';
import { DEFAULT_CONFIG, type AppConfig, type ContextResponse } from '../lib/api';
import { boundsOf, labelPoint } from './geometry';
import { iconAtlas } from './icons';
import { buildLayers, pickedFeature, type LabelPoint } from './layers';
import { tileFeature, tileUrl } from './tile-mode';
import { loadTile, omittedByUrl } from './tile-protocol';
import { layerOfTileStyleLayer, omittedInView, TILE_PREFIX, TILE_PROTOCOL, tilesInView } from './tile-style';
import { syncTiles } from './tile-sync';
import { applyBasemap, basemapInputKey } from './basemap';
import { applyOwnBasemap, loadOwnBasemap, ownBasemapShown, placeholderImage } from './own-basemap';
import { TEST_HOOKS } from '../lib/testHooks';
import { buildBasemapStyle, type Basemap, type Theme } from './style';
import { countByLayer } from '../lib/match';
import { isLayerVisible } from '../lib/urlState';
import { mapSummary } from './summary';

setWorkerUrl(maplibreWorkerUrl);
// Tile mode's sources load through this (tile-protocol.ts): it reads each tile's Features-Omitted header.
addProtocol(TILE_PROTOCOL, loadTile);

/** Our tile style layers present on the map (tile-style.ts), for picking. */
function tileStyleLayerIds(map: MlMap): string[] {
  return (map.getStyle().layers ?? []).filter((l) => l.id.startsWith(TILE_PREFIX)).map((l) => l.id);
}

function prefersReducedMotion(): boolean {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function' && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
}

export type ViewSource = 'map' | 'app';

/** A camera the app asks for. A new object (by identity) moves the map. */
export interface ViewRequest {
  bounds?: BBox;
  center?: [number, number];
  zoom?: number;
  /** Padding in pixels around `bounds`; default 40. */
  padding?: number;
  /** Highest zoom when fitting bounds; default 12. */
  maxZoom?: number;
  /** Animate (default true); tests and tours may turn it off. */
  animate?: boolean;
}

/** Where the camera is, and whether the user (`map`) or the app (`app`) moved it. */
export interface ViewChange {
  center: [number, number];
  zoom: number;
  bounds: BBox;
  _from: ViewSource;
}

export interface HoverInfo {
  feature?: ApiFeature;
  /** County code under the pointer when no feature is. */
  county?: string;
  /** Pixel position in the map container. */
  x: number;
  y: number;
}

export interface MapHandle {
  /** The map's canvas after a fresh render (MapLibre + deck.gl together), for PNG export. */
  snapshot(): Promise<HTMLCanvasElement>;
  fitBounds(bounds: BBox, opts?: { padding?: number; maxZoom?: number; animate?: boolean }): void;
  /** Screen position of a lon/lat in the container (for tests and overlays). */
  project(lngLat: [number, number]): { x: number; y: number };
  /** The MapLibre map itself, for a drawing tool that needs it (the planner's geometry editing); null before it exists. */
  map(): MlMap | null;
}

export interface MapViewProps {
  /** Default `light`. */
  theme?: Theme;
  lang: Lang;
  counties: CountiesResponse;
  /** Neighbouring prefectures, muted. Default none. */
  context?: ContextResponse;
  layers: readonly LayerInfo[];
  /** All features of all layers; the filter is applied on the GPU. Empty in tile mode. */
  features: readonly ApiFeature[];
  /**
   * Tile mode (tile-mode.ts): draw from /tiles for the filter instead of `features`; `counts` are
   * the server's per-layer counts for the filter (the map's text alternative), `selected` the
   * selected feature read from the API, `asof` the page's day.
   */
  tiles?: { counts?: Record<string, number>; selected?: ApiFeature; asof?: string };
  filters: Filters;
  /**
   * Per-layer counts of `features` under `filters` (all filters but `layers`), when the caller has
   * them (the planner's fast-match.ts): the text alternative then does not count every feature again.
   */
  counts?: Record<string, number>;
  selectedFeatureId?: string;
  /**
   * Default `none`: our outlines, over the deployment's own basemap when it sets one (config
   * `basemaps.own`), offline otherwise. Online ones only take effect when `config` enables them.
   */
  basemap?: Basemap;
  config?: AppConfig;
  /** Which MapLibre controls to show; defaults: navigation true, scale true, attribution true. */
  controls?: { navigation?: boolean; scale?: boolean; attribution?: boolean };
  /** Mouse-wheel zoom; default true. (Ctrl/⌘ + wheel always zooms when false.) */
  scrollZoom?: boolean;
  /** Pan/zoom/click at all; default true. */
  interactive?: boolean;
  /** Extra deck.gl layers drawn above ours (e.g. animated flows); keep their ids stable. */
  extraLayers?: LayersList;
  view?: ViewRequest;
  onHover?: (info: HoverInfo | null) => void;
  onFeatureClick?: (feature: ApiFeature) => void;
  /** `additive` is true when Shift/Ctrl/⌘ was held. */
  onCountyClick?: (code: string, additive: boolean) => void;
  onViewChange?: (view: ViewChange) => void;
  /** Accessible name of the map region; default t('map.label'). */
  ariaLabel?: string;
  className?: string;
  ref?: Ref<MapHandle>;
}

function toBBox(b: LngLatBounds): BBox {
  return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()];
}

function labelsOf(fc: { features: { geometry: Parameters<typeof labelPoint>[0]; properties: { name: string; name_en: string; code?: string } }[] } | undefined): LabelPoint[] {
  return (fc?.features ?? []).map((f) => ({ position: labelPoint(f.geometry), name: f.properties.name, name_en: f.properties.name_en, code: f.properties.code }));
}

export function MapView(props: MapViewProps) {
  const { theme = 'light', lang, counties, context, basemap = 'none', config = DEFAULT_CONFIG } = props;
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MlMap | null>(null);
  const overlayRef = useRef<MapboxOverlay | null>(null);
  const latest = useRef(props);
  latest.current = props;
  const [ready, setReady] = useState(false);
  const hovered = useRef<string | null>(null);
  const hoveredTile = useRef<{ source: string; sourceLayer: string; id: string | number } | null>(null);
  const selectedCounties = props.filters.counties ?? [];

  // Create the map once.
  useEffect(() => {
    const t = makeT(lang);
    const { navigation = true, scale = true, attribution = true } = props.controls ?? {};
    const home = boundsOf(counties as never) ?? [115.9, 27.9, 118.5, 29.6];
    const map = new MlMap({
      container: container.current!,
      style: buildBasemapStyle({ theme, counties, context, selectedCounties, basemap, config }),
      bounds: home as [number, number, number, number],
      fitBoundsOptions: { padding: 24 },
      attributionControl: attribution ? { compact: true, customAttribution: t('map.attribution') } : false,
      canvasContextAttributes: { preserveDrawingBuffer: true, antialias: true },
      localIdeographFontFamily: '"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif',
      scrollZoom: props.scrollZoom ?? true,
      interactive: props.interactive ?? true,
      dragRotate: false,
      pitchWithRotate: false,
      touchPitch: false,
      locale: {
        'NavigationControl.ZoomIn': t('map.zoomIn'),
        'NavigationControl.ZoomOut': t('map.zoomOut'),
        'NavigationControl.ResetBearing': t('map.resetView'),
        // the canvas (MapLibre gives it role=region): named apart from the map's own region, saying how keys move it
        'Map.Title': t('map.canvasLabel'),
      },
    });
    map.touchZoomRotate.disableRotation();
    if (navigation) map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    if (scale) map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-left');
    // MapLibre opens the compact attribution at first. On a map this short (a phone on its side,
    // a page zoomed to 400 %) the open text would cover the zoom buttons: start it folded behind
    // its (i) button, which opens it again.
    if (attribution && container.current!.clientHeight < 320)
      map.once('load', () => container.current?.querySelector('.maplibregl-ctrl-attrib.maplibregl-compact-show')?.classList.remove('maplibregl-compact-show'));
    // MapLibre 6 moved `map.transform` to `map._camera.transform`; @deck.gl/mapbox 9.4 (interleaved)
    // still reads `map.transform.height` and throws on every frame without this alias.
    if (!(map as unknown as { transform?: unknown }).transform)
      Object.defineProperty(map, 'transform', { configurable: true, get: () => (map as unknown as { _camera: { transform: unknown } })._camera.transform });
    const overlay = new MapboxOverlay({ interleaved: true, layers: [] });
    map.addControl(overlay);
    mapRef.current = map;
    overlayRef.current = overlay;

    const pick = (e: MapMouseEvent) => {
      // deck.gl's layers are on top (selection halo, labels, a view's extra layers), then our tiles (MapLibre), then counties.
      const info = overlay.pickObject({ x: e.point.x, y: e.point.y, radius: 4 });
      const feature = pickedFeature(info?.object);
      if (feature) return { feature };
      const tileLayers = tileStyleLayerIds(map);
      if (tileLayers.length) {
        const { x, y } = e.point;
        const hit = map.queryRenderedFeatures([[x - 4, y - 4], [x + 4, y + 4]], { layers: tileLayers }).find((f) => f.properties?.id !== undefined);
        const layer = layerOfTileStyleLayer(hit?.layer.id);
        if (hit && layer) return { feature: tileFeature(hit.properties, layer), tile: { source: hit.source, sourceLayer: hit.sourceLayer!, id: hit.id ?? String(hit.properties.id) } };
      }
      const county = map.queryRenderedFeatures(e.point, { layers: ['county-fill'] })[0];
      return { county: county?.properties?.code as string | undefined };
    };
    const setHoverTile = (tile: { source: string; sourceLayer: string; id: string | number } | undefined) => {
      const was = hoveredTile.current;
      if (was && tile && was.source === tile.source && was.id === tile.id) return;
      if (was && map.getSource(was.source)) map.setFeatureState(was, { hover: false });
      if (tile) map.setFeatureState(tile, { hover: true });
      hoveredTile.current = tile ?? null;
    };
    const setHoverCounty = (code: string | null) => {
      if (hovered.current === code) return;
      if (hovered.current) map.setFeatureState({ source: 'counties', id: hovered.current }, { hover: false });
      if (code) map.setFeatureState({ source: 'counties', id: code }, { hover: true });
      hovered.current = code;
    };
    map.on('mousemove', (e: MapMouseEvent) => {
      const { tile, ...hit } = pick(e);
      setHoverCounty(hit.feature ? null : (hit.county ?? null));
      setHoverTile(tile);
      map.getCanvas().style.cursor = hit.feature || hit.county ? 'pointer' : '';
      latest.current.onHover?.(hit.feature || hit.county ? { ...hit, x: e.point.x, y: e.point.y } : null);
    });
    map.on('mouseout', () => {
      setHoverCounty(null);
      setHoverTile(undefined);
      latest.current.onHover?.(null);
    });
    map.on('click', (e: MapMouseEvent) => {
      const hit = pick(e);
      const oe = e.originalEvent;
      if (hit.feature) latest.current.onFeatureClick?.(hit.feature);
      else if (hit.county) latest.current.onCountyClick?.(hit.county, oe.shiftKey || oe.ctrlKey || oe.metaKey);
    });
    map.on('moveend', (e: object) => {
      const c = map.getCenter();
      latest.current.onViewChange?.({
        center: [c.lng, c.lat],
        zoom: map.getZoom(),
        bounds: toBBox(map.getBounds()),
        _from: (e as { _from?: ViewSource })._from === 'app' ? 'app' : 'map',
      });
    });
    // Icons a deployment's basemap style names without a sprite to hold them (own-basemap.ts).
    map.setMissingStyleImageResolver((id) => {
      if (!map.hasImage(id)) map.addImage(id, placeholderImage(id, latest.current.theme ?? 'light'));
    });
    map.on('load', () => setReady(true));
    const ro = new ResizeObserver(() => map.resize());
    ro.observe(container.current!);
    // Handles for the browser tests' driver (test/browser/driver.ts); not in production builds.
    if (TEST_HOOKS) Object.assign(window, { __sgmMap: map, __sgmOverlay: overlay });
    return () => {
      ro.disconnect();
      map.remove();
      mapRef.current = null;
      overlayRef.current = null;
    };
    // The map is created once; later prop changes are applied by the effects below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Basemap: colours, data, selection, online raster — applied in place (no setStyle, which would drop deck's layers).
  const basemapKey = basemapInputKey({ theme, counties, context, selectedCounties, basemap, config });
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready) return;
    applyBasemap(map, { theme, counties, context, selectedCounties, basemap, config });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ready, basemapKey]);

  // The deployment's own basemap (BASEMAP_STYLE / BASEMAP_PMTILES) under ours, loaded when chosen.
  const own = ownBasemapShown(basemap, config);
  const ownKey = own ? `${own.kind}|${own.url}|${theme}|${lang}` : '';
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready) return;
    if (!own) {
      applyOwnBasemap(map, null);
      return;
    }
    let current = true;
    loadOwnBasemap(own, { theme, lang, origin: window.location.origin, addProtocol })
      .then((part) => {
        if (current && mapRef.current === map) applyOwnBasemap(map, part);
      })
      .catch((e: Error) => console.warn(`The deployment's basemap could not be drawn: ${e.message}`));
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ready, ownKey]);

  // Tile mode: MapLibre draws every data layer from /tiles for the filter (tile-style.ts, tile-sync.ts).
  const tiles = props.tiles;
  const tileMode = !!tiles;
  const tileAsof = tiles?.asof;
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready) return;
    syncTiles(map, tileMode ? { layers: props.layers, filters: props.filters, theme, asof: tileAsof, origin: window.location.origin } : null);
  }, [ready, tileMode, props.layers, props.filters, theme, tileAsof]);

  // Tile mode: features the tiles in view left out (server/tiles/thin.ts), per layer, for the note on the map;
  // counted each time the map settles, from the headers tile-protocol.ts recorded.
  const [omitted, setOmitted] = useState<Record<string, number>>({});
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready || !tileMode) return;
    const count = () => {
      const p = latest.current;
      const inView = tilesInView(toBBox(map.getBounds()), map.getZoom());
      const next = Object.fromEntries(p.layers.map((l) => [l.id, omittedInView(tileUrl(l.id, p.filters, p.tiles?.asof, window.location.origin), inView, omittedByUrl)]));
      setOmitted((o) => (JSON.stringify(o) === JSON.stringify(next) ? o : next));
    };
    count();
    map.on('idle', count);
    return () => {
      map.off('idle', count);
    };
  }, [ready, tileMode]);
  const countyLabels = useMemo(() => labelsOf(counties as never), [counties]);
  const contextLabels = useMemo(() => labelsOf(context as never), [context]);
  const deckLayers = useMemo(
    () =>
      buildLayers({
        layers: props.layers,
        features: props.features,
        filters: props.filters,
        theme,
        lang,
        selectedFeatureId: props.selectedFeatureId,
        countyLabels,
        contextLabels,
        atlas: iconAtlas(),
        tiles: tileMode,
        selectedFeature: tiles?.selected,
      }),
    [props.layers, props.features, props.filters, theme, lang, props.selectedFeatureId, countyLabels, contextLabels, tileMode, tiles?.selected],
  );
  useEffect(() => {
    overlayRef.current?.setProps({ layers: [...deckLayers, ...(props.extraLayers ?? [])] });
  }, [deckLayers, props.extraLayers]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    if (props.scrollZoom ?? true) map.scrollZoom.enable();
    else map.scrollZoom.disable();
  }, [props.scrollZoom]);

  useEffect(() => {
    const map = mapRef.current;
    const v = props.view;
    if (!map || !v) return;
    // prefers-reduced-motion: the camera jumps instead of flying
    const animate = (v.animate ?? true) && !prefersReducedMotion();
    if (v.bounds) map.fitBounds(v.bounds as [number, number, number, number], { padding: v.padding ?? 40, maxZoom: v.maxZoom ?? 12, animate }, { _from: 'app' });
    else if (v.center) map.easeTo({ center: v.center, zoom: v.zoom ?? map.getZoom(), animate }, { _from: 'app' });
  }, [props.view]);

  useImperativeHandle(
    props.ref,
    () => ({
      snapshot: () =>
        new Promise<HTMLCanvasElement>((resolve) => {
          const map = mapRef.current!;
          map.once('render', () => resolve(map.getCanvas()));
          map.triggerRepaint();
        }),
      fitBounds: (b, o) => mapRef.current?.fitBounds(b as [number, number, number, number], { padding: o?.padding ?? 40, maxZoom: o?.maxZoom ?? 12, animate: (o?.animate ?? true) && !prefersReducedMotion() }, { _from: 'app' }),
      project: ([lng, lat]) => {
        const p = mapRef.current!.project([lng, lat]);
        return { x: p.x, y: p.y };
      },
      map: () => mapRef.current,
    }),
    [],
  );

  // The map's text alternative: what it shows for the filter, in words (read as the region's description).
  const summaryId = useId();
  // Counted from deferred props: at 100k features this pass over every feature must not delay the
  // map's own repaint after a filter change; React fills the words in right after it.
  const summaryFilters = useDeferredValue(props.filters);
  const summaryFeatures = useDeferredValue(props.features);
  const summaryCounts = useDeferredValue(props.counts);
  const tileCounts = tiles?.counts;
  const summary = useMemo(
    () => mapSummary(props.layers, tileCounts ?? summaryCounts ?? countByLayer(summaryFeatures, summaryFilters, props.layers.map((l) => l.id)), summaryFilters, lang),
    [props.layers, summaryFeatures, summaryFilters, summaryCounts, lang, tileCounts],
  );
  const omittedShown = tiles ? props.layers.reduce((n, l) => n + (isLayerVisible(props.filters, l.id) ? (omitted[l.id] ?? 0) : 0), 0) : 0;

  return (
    <>
      <div
        ref={container}
        className={`sgm-map sgm-map--${theme} ${props.className ?? ''}`}
        role="region"
        aria-label={props.ariaLabel ?? makeT(lang)('map.label')}
        aria-describedby={summaryId}
        data-map-ready={ready ? 'true' : 'false'}
      />
      <p id={summaryId} className="sgm-visually-hidden" aria-live="polite" data-testid="map-summary">
        {summary}
      </p>
      {omittedShown > 0 && (
        <p className="sgm-map-note" role="status" data-testid="map-thinned">
          {makeT(lang)('map.thinned', { count: omittedShown.toLocaleString(lang === 'en' ? 'en' : 'zh-CN') })}
        </p>
      )}
    </>
  );
}
