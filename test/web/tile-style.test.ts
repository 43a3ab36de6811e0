/**
 * Tile mode drawn by MapLibre (web/src/map/tile-style.ts): the sources and style layers are
 * checked with MapLibre's own style-spec — the style validates, and its filters and expressions are
 * evaluated on tile features the way MapLibre evaluates them.
 */
import { createExpression, featureFilter, latest, validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { describe, expect, it } from 'vitest';
import type { LayerInfo } from '../../core/api';
import { httpUrlOf, omittedByUrl, remember } from '../../web/src/map/tile-protocol';
import {
  DASH,
  FILL_OPACITY,
  HOVER_ICON_OPACITY,
  layerOfTileStyleLayer,
  mixWhite,
  omittedInView,
  tileAddressUrl,
  tileIconImage,
  tileIcons,
  tileLayersOf,
  tileSource,
  tileStyleLayerId,
  tileStyleLayers,
  tilesInView,
} from '../../web/src/map/tile-style';
import { symbolColour } from '../../web/src/map/symbol-colour';

const info = (id: string, color: string, icon: string): LayerInfo => ({ id, name: id, name_en: id, color, icon }) as unknown as LayerInfo;
const LAYERS = [info('scenic-areas', '#8e44ad', 'mountain'), info('gas-pipelines', '#e76f51', 'flame')];
const ORIGIN = 'http://localhost:8787';

type Spec = ReturnType<typeof tileStyleLayers>[number] & { filter?: unknown; paint?: Record<string, unknown>; layout?: Record<string, unknown> };
const byId = (specs: Spec[], id: string) => specs.find((s) => s.id === id)!;

/** A tile feature as MapLibre's expressions see it (`geometry-type` reads its type; multi-part ones by their Multi… name). */
const feature = (type: 'Point' | 'LineString' | 'Polygon' | 'MultiPolygon', properties: Record<string, unknown>) => ({ type, properties, geometry: [] }) as never;
const passes = (spec: Spec, type: Parameters<typeof feature>[0]) => featureFilter(spec.filter as never, `${spec.id}.filter`).filter({ zoom: 10 } as never, feature(type, { precision: 'surveyed' }), undefined as never);
function evaluate(value: unknown, props: Record<string, unknown>, state: Record<string, unknown> = {}, kind: 'paint_line' | 'paint_fill' | 'layout_symbol' | 'paint_symbol', name: string): unknown {
  const spec = (latest as unknown as Record<string, Record<string, unknown>>)[kind][name];
  const e = createExpression(value, `${kind}.${name}`, spec as never);
  if (e.result !== 'success') throw new Error(JSON.stringify(e.value));
  return e.value.evaluate({ zoom: 10 } as never, feature('Point', props), state as never);
}

describe('tile mode style: sources', () => {
  it('one vector source per layer on /tiles for the filter, through our protocol, ids promoted for feature-state', () => {
    const s = tileSource('scenic-areas', { counties: ['361130'], statuses: ['planned'] }, '2024-06-30', ORIGIN);
    expect(s).toEqual({
      type: 'vector',
      tiles: ['sgmtiles://http://localhost:8787/tiles/scenic-areas/{z}/{x}/{y}.mvt?county=361130&status=planned&asof=2024-06-30'],
      minzoom: 0,
      maxzoom: 16,
      promoteId: 'id',
    });
    expect(httpUrlOf(s.tiles![0])).toBe('http://localhost:8787/tiles/scenic-areas/{z}/{x}/{y}.mvt?county=361130&status=planned&asof=2024-06-30');
    // A filter change is a new URL (MapView swaps it with setTiles); the layer list is not in it.
    expect(tileSource('scenic-areas', { layers: ['gas-pipelines'] }, undefined, ORIGIN).tiles).toEqual(['sgmtiles://http://localhost:8787/tiles/scenic-areas/{z}/{x}/{y}.mvt']);
  });

  it('the whole style with its sources validates against MapLibre’s style spec', () => {
    const sources = Object.fromEntries(LAYERS.map((l) => [`tiles/${l.id}`, tileSource(l.id, { measures: [4] }, undefined, ORIGIN)]));
    const errors = validateStyleMin({ version: 8, sources, layers: tileStyleLayers({ layers: LAYERS, filters: {}, theme: 'light' }) } as never);
    expect(errors.map((e) => e.message)).toEqual([]);
  });
});

describe('tile mode style: layers per geometry', () => {
  const specs = tileStyleLayers({ layers: LAYERS, filters: {}, theme: 'light' }) as Spec[];

  it('each layer: fill, outline, line, icons, in registry order, all on its own source-layer', () => {
    expect(specs.map((s) => s.id)).toEqual(
      LAYERS.flatMap((l) => ['fill', 'outline', 'line', 'points'].map((p) => `tiles/${l.id}/${p}`)),
    );
    for (const s of specs) expect([s.id, (s as { source: string }).source, (s as { 'source-layer': string })['source-layer']]).toEqual([s.id, `tiles/${layerOfTileStyleLayer(s.id)}`, layerOfTileStyleLayer(s.id)]);
    expect(specs.map((s) => s.type).slice(0, 4)).toEqual(['fill', 'line', 'line', 'symbol']);
  });

  it('filters by geometry type: polygons fill and outline, lines line, points icons (multi-part ones too)', () => {
    const id = (p: string) => byId(specs, `tiles/gas-pipelines/${p}`);
    expect(['Polygon', 'MultiPolygon', 'LineString', 'Point'].map((t) => passes(id('fill'), t as never))).toEqual([true, true, false, false]);
    expect(['Polygon', 'LineString', 'Point'].map((t) => passes(id('outline'), t as never))).toEqual([true, false, false]);
    expect(['Polygon', 'LineString', 'Point'].map((t) => passes(id('line'), t as never))).toEqual([false, true, false]);
    expect(['Polygon', 'LineString', 'Point'].map((t) => passes(id('points'), t as never))).toEqual([false, false, true]);
  });

  it('lines 4 px, outlines 2 px, solid where surveyed and dashed [4, 3] otherwise', () => {
    const line = byId(specs, 'tiles/gas-pipelines/line');
    const outline = byId(specs, 'tiles/gas-pipelines/outline');
    expect([line.paint!['line-width'], outline.paint!['line-width']]).toEqual([4, 2]);
    for (const s of [line, outline]) {
      const dash = (precision: string) => evaluate(s.paint!['line-dasharray'], { precision }, {}, 'paint_line', 'line-dasharray');
      expect(dash('surveyed')).toEqual([...DASH.surveyed]);
      expect(dash('approximate')).toEqual([4, 3]);
      expect(dash('schematic')).toEqual([4, 3]);
    }
  });

  it('fills pale unless surveyed; the layer’s symbol colour, lighter under the pointer', () => {
    const fill = byId(specs, 'tiles/scenic-areas/fill');
    const opacity = (precision: string) => evaluate(fill.paint!['fill-opacity'], { precision }, {}, 'paint_fill', 'fill-opacity');
    expect([opacity('surveyed'), opacity('approximate')]).toEqual([FILL_OPACITY.surveyed, FILL_OPACITY.other]);
    expect(FILL_OPACITY.surveyed).toBeGreaterThan(FILL_OPACITY.other);
    const colour = symbolColour('#8e44ad', 'light');
    const paint = (hover: boolean) => (evaluate(fill.paint!['fill-color'], { precision: 'surveyed' }, { hover }, 'paint_fill', 'fill-color') as { toString(): string }).toString();
    expect(paint(false)).not.toBe(paint(true));
    expect(mixWhite(colour, 0)).toBe(colour);
    expect(mixWhite('#000000', 1)).toBe('#ffffff');
    expect(mixWhite('#000000', 0.5)).toBe('#808080');
  });

  it('icons: the layer’s pictogram solid / hollow / schematic by precision, in its colour per theme', () => {
    const pts = byId(specs, 'tiles/scenic-areas/points');
    const image = (precision: string) => String(evaluate(pts.layout!['icon-image'], { precision }, {}, 'layout_symbol', 'icon-image'));
    const colour = symbolColour('#8e44ad', 'light');
    expect(image('surveyed')).toBe(tileIconImage('mountain', 'surveyed', colour));
    expect(image('approximate')).toBe(tileIconImage('mountain', 'approximate', colour));
    expect(image('schematic')).toBe(tileIconImage('mountain', 'schematic', colour));
    expect(new Set(['surveyed', 'approximate', 'schematic'].map(image)).size).toBe(3);
    expect(pts.layout!['icon-allow-overlap']).toBe(true);
    const opacity = (hover: boolean) => evaluate(pts.paint!['icon-opacity'], { precision: 'surveyed' }, { hover }, 'paint_symbol', 'icon-opacity');
    expect([opacity(false), opacity(true)]).toEqual([1, HOVER_ICON_OPACITY]);
    // The images MapView adds: the same names, atlas keys of icons.ts, one set per theme colour.
    const light = tileIcons(LAYERS[0], 'light');
    expect(light.map((i) => i.image)).toEqual(['surveyed', 'approximate', 'schematic'].map(image));
    expect(light.map((i) => i.key)).toEqual(['mountain', 'mountain-hollow', 'mountain-schematic']);
    expect(tileIcons(LAYERS[0], 'dark')[0].image).not.toBe(light[0].image);
  });

  it('hidden layers keep their style layers with visibility none', () => {
    const hidden = tileLayersOf(LAYERS[0], { layers: LAYERS, filters: { layers: ['gas-pipelines'] }, theme: 'light' }) as Spec[];
    expect(hidden.map((s) => s.layout!.visibility)).toEqual(['none', 'none', 'none', 'none']);
    const shown = tileLayersOf(LAYERS[1], { layers: LAYERS, filters: { layers: ['gas-pipelines'] }, theme: 'light' }) as Spec[];
    expect(shown.map((s) => s.layout!.visibility)).toEqual(['visible', 'visible', 'visible', 'visible']);
  });

  it('a style layer id says which data layer it draws; others are not ours', () => {
    expect(layerOfTileStyleLayer(tileStyleLayerId('gas-pipelines', 'line'))).toBe('gas-pipelines');
    expect(layerOfTileStyleLayer('tiles/a/b/points')).toBe('a/b');
    expect(layerOfTileStyleLayer('county-fill')).toBeUndefined();
    expect(layerOfTileStyleLayer('tiles/x/nope')).toBeUndefined();
    expect(layerOfTileStyleLayer(undefined)).toBeUndefined();
  });
});

describe('tile mode: what the tiles in view left out', () => {
  it('the 512-px tiles at floor(zoom) covering a view, capped at z16', () => {
    // Shangrao at z7: x 105–106 (lon 115.9 → 105.2, 118.5 → 106.1), y 52–53 (lat 29.6 → 52.97, 27.9 → 53.66).
    expect(tilesInView([115.9, 27.9, 118.5, 29.6], 7.4)).toEqual([
      { z: 7, x: 105, y: 52 },
      { z: 7, x: 105, y: 53 },
      { z: 7, x: 106, y: 52 },
      { z: 7, x: 106, y: 53 },
    ]);
    expect(tilesInView([117.99, 29.35, 118.0, 29.36], 18.2).every((t) => t.z === 16)).toBe(true);
    expect(tilesInView([-180, -85, 180, 85], 0)).toEqual([{ z: 0, x: 0, y: 0 }]);
  });

  it('sums the Features-Omitted the loader recorded for those tiles of this layer and filter only', () => {
    const t = 'http://h/tiles/a/{z}/{x}/{y}.mvt?status=planned';
    remember(tileAddressUrl(t, { z: 7, x: 105, y: 52 }), 3);
    remember(tileAddressUrl(t, { z: 7, x: 106, y: 53 }), 4);
    remember(tileAddressUrl(t, { z: 8, x: 211, y: 107 }), 100);
    remember('http://h/tiles/a/7/105/53.mvt', 50);
    const view = tilesInView([115.9, 27.9, 118.5, 29.6], 7.4);
    expect(omittedInView(t, view, omittedByUrl)).toBe(7);
    expect(omittedInView('http://h/tiles/a/{z}/{x}/{y}.mvt', view, omittedByUrl)).toBe(50);
    // A tile loaded again without thinning no longer counts.
    remember(tileAddressUrl(t, { z: 7, x: 105, y: 52 }), 0);
    expect(omittedInView(t, view, omittedByUrl)).toBe(4);
    expect(omittedInView(t, [], omittedByUrl)).toBe(0);
  });
});
