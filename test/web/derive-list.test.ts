import { describe, expect, it } from 'vitest';
import type { Filters } from '../../core/filters';
import { propsMatcher } from '../../web/src/lib/match';
import { isLayerVisible } from '../../web/src/lib/urlState';
import { listOrder, matchingFeatures } from '../../web/src/planner/derive';
import { feature, layer } from './factories';

describe('matchingFeatures', () => {
  const layers = [layer({ id: 'green-parks' }), layer({ id: 'scenic-areas' })];
  const names = ['婺源', '三清山', '篁岭', '鄱阳湖', '灵山', 'Abc', '龟峰', '上饶'];
  const features = names.flatMap((name, i) => [
    feature({ id: `s-${i}`, name, layer: 'scenic-areas', counties: [i % 2 ? '361130' : '361102'], measures: [(i % 3) + 1] }),
    feature({ id: `g-${i}`, name, layer: 'green-parks', counties: ['361130'], measures: [(i % 4) + 1] }),
  ]);
  /** What the list showed before the order was cached: filter, then sort the matches. */
  const naive = (filters: Filters) => {
    const order = new Map(layers.map((l, i) => [l.id, i]));
    const m = propsMatcher(filters);
    return features
      .filter((f) => isLayerVisible(filters, f.properties.layer) && m(f.properties))
      .sort((a, b) => order.get(a.properties.layer)! - order.get(b.properties.layer)! || a.properties.name.localeCompare(b.properties.name, 'zh'));
  };

  it('lists the same features in the same order as filtering then sorting with Chinese collation', () => {
    for (const filters of [{}, { counties: ['361130'] }, { measures: [1, 3] }, { layers: ['scenic-areas'], q: '山' }, { counties: ['361181'] }] as Filters[]) {
      expect(matchingFeatures(features, filters, layers).map((f) => f.properties.id)).toEqual(naive(filters).map((f) => f.properties.id));
    }
    const all = matchingFeatures(features, {}, layers);
    expect(all[0].properties.layer).toBe('green-parks');
    expect(all.length).toBe(16);
  });

  it('sorts once per features array and layer list', () => {
    expect(listOrder(features, layers)).toBe(listOrder(features, layers));
    expect(listOrder(features, [...layers])).not.toBe(listOrder(features, layers));
    expect(listOrder([...features], layers)).not.toBe(listOrder(features, layers));
  });
});
