import { describe, expect, it } from 'vitest';
import { buildLayers, dashArray, pickedFeature } from '../../web/src/map/layers';
import { iconKey, iconMapping, iconName } from '../../web/src/map/icons';
import { representativePoint, splitByGeometry } from '../../web/src/map/geometry';
import { feature, layer } from './factories';
import { featureMasks, filterMasks, masksMatch } from '../../web/src/map/masks';

describe('buildLayers', () => {
  const layers = [layer(), layer({ id: 'gas-pipelines', geometry: 'line', icon: 'pipeline', color: '#e65100' })];
  const features = [feature(), feature({ id: 'pipe-1', layer: 'gas-pipelines', precision: 'schematic' }, { type: 'LineString', coordinates: [[117, 28], [118, 29]] })];

  it('keeps stable ids and hides with visible', () => {
    const ls = buildLayers({ layers, features, filters: { layers: ['gas-pipelines'] }, theme: 'light', lang: 'zh' });
    expect(ls.map((l) => l.id)).toEqual([
      'context-labels',
      'scenic-areas-shapes',
      'scenic-areas-points',
      'gas-pipelines-shapes',
      'gas-pipelines-points',
      'selection-points',
      'selection-shapes',
      'county-labels',
    ]);
    const byId = Object.fromEntries(ls.map((l) => [l.id, l]));
    expect(byId['scenic-areas-points'].props.visible).toBe(false);
    expect(byId['gas-pipelines-shapes'].props.visible).toBe(true);
  });

  it('filters on the GPU: per-feature masks without a trigger, the filter as a uniform, the search flag triggered by q alone', () => {
    type P = {
      getMaskValues: (d: unknown) => number[];
      getMaskSearch: (d: unknown) => number;
      maskFilterValue: number[];
      updateTriggers: Record<string, unknown>;
      data: unknown;
    };
    const props = (ls: ReturnType<typeof buildLayers>, id: string) => ls.find((l) => l.id === id)!.props as unknown as P;
    const a = buildLayers({ layers, features, filters: { counties: ['361130'] }, theme: 'light', lang: 'zh' });
    const b = buildLayers({ layers, features, filters: { counties: ['361102'], measures: [4] }, theme: 'light', lang: 'zh' });
    const c = buildLayers({ layers, features, filters: { counties: ['361102'], q: 'scenic' }, theme: 'light', lang: 'zh' });
    const pa = props(a, 'scenic-areas-points');
    const pb = props(b, 'scenic-areas-points');
    const pc = props(c, 'scenic-areas-points');
    const row = (pa.data as unknown[])[0];
    expect(pa.getMaskValues(row)).toEqual(featureMasks(features[0].properties));
    expect(pa.maskFilterValue).toEqual(filterMasks({ counties: ['361130'] }));
    expect(pb.maskFilterValue).toEqual(filterMasks({ counties: ['361102'], measures: [4] }));
    expect(masksMatch(pa.getMaskValues(row), pa.maskFilterValue, pa.getMaskSearch(row))).toBe(true);
    expect(masksMatch(pb.getMaskValues(row), pb.maskFilterValue, pb.getMaskSearch(row))).toBe(false);
    // No trigger for the masks: deck.gl never recomputes them for a filter change.
    expect('getMaskValues' in pa.updateTriggers).toBe(false);
    expect(pb.updateTriggers.getMaskSearch).toBe(pa.updateTriggers.getMaskSearch);
    expect(pc.updateTriggers.getMaskSearch).not.toBe(pa.updateTriggers.getMaskSearch);
    expect(pc.getMaskSearch(row)).toBe(1);
    expect(props(c, 'gas-pipelines-shapes').getMaskSearch(features[1])).toBe(0);
    // The shapes layer carries the same filter (the GeoJsonLayer hands it to its sublayers).
    expect(props(b, 'gas-pipelines-shapes').maskFilterValue).toEqual(pb.maskFilterValue);
  });

  it('hands deck.gl the same data objects when only the filter changes, so no attribute is rebuilt', () => {
    const a = buildLayers({ layers, features, filters: { counties: ['361130'] }, theme: 'light', lang: 'zh' });
    const b = buildLayers({ layers, features, filters: { measures: [13] }, theme: 'dark', lang: 'en', selectedFeatureId: 'scenic-huangling' });
    for (const id of ['scenic-areas-points', 'scenic-areas-shapes', 'gas-pipelines-shapes']) {
      expect(b.find((l) => l.id === id)!.props.data).toBe(a.find((l) => l.id === id)!.props.data);
    }
    const other = buildLayers({ layers, features: [...features], filters: {}, theme: 'light', lang: 'zh' });
    expect(other.find((l) => l.id === 'scenic-areas-points')!.props.data).not.toBe(a.find((l) => l.id === 'scenic-areas-points')!.props.data);
  });

  it('draws the selected feature in the selection layer', () => {
    const ls = buildLayers({ layers, features, filters: {}, theme: 'light', lang: 'zh', selectedFeatureId: 'scenic-huangling' });
    expect((ls.find((l) => l.id === 'selection-points')!.props.data as unknown[]).length).toBe(1);
  });
});

describe('symbols', () => {
  it('dashes everything that is not surveyed', () => {
    expect(dashArray('surveyed')).toEqual([0, 0]);
    expect(dashArray('schematic')).not.toEqual([0, 0]);
  });
  it('uses a hollow icon for approximate points', () => {
    expect(iconKey('mountain', 'approximate')).toBe('mountain-hollow');
    expect(iconKey('mountain', 'surveyed')).toBe('mountain');
    // a schematic marker has its own symbol (dashed diamond), never the approximate one
    expect(iconKey('mountain', 'schematic')).toBe('mountain-schematic');
    expect(iconMapping()['mountain-schematic'].y).toBeGreaterThan(iconMapping()['mountain-hollow'].y);
    expect(iconMapping()['mountain-hollow'].y).toBeGreaterThan(0);
  });
  it('maps unknown icon names by layer id, then to a dot', () => {
    expect(iconName('whatever', 'bird-habitats')).toBe('bird');
    expect(iconName('whatever', 'new-layer')).toBe('dot');
  });
});

describe('geometry helpers', () => {
  it('finds the feature behind a picked row or feature', () => {
    const f = feature();
    expect(pickedFeature({ position: [0, 0], feature: f })).toBe(f);
    expect(pickedFeature(f)).toBe(f);
    expect(pickedFeature(null)).toBeUndefined();
  });
  it('splits points from shapes, one row per point of a MultiPoint', () => {
    const { points, shapes } = splitByGeometry([feature({}, { type: 'MultiPoint', coordinates: [[1, 1], [2, 2]] }), feature({}, { type: 'LineString', coordinates: [[0, 0], [1, 1]] })]);
    expect(points.length).toBe(2);
    expect(shapes.length).toBe(1);
  });
  it('puts a polygon’s representative point inside it', () => {
    const p = representativePoint({ type: 'Polygon', coordinates: [[[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]]] });
    expect(p).toEqual([2, 2]);
  });
});
