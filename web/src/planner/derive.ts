/** Pure derivations the planner view needs from data + URL state. */
import type { ApiFeature, CountiesResponse, LayerInfo } from '../../../core/api';
import type { Filters } from '../../../core/filters';
import type { Measure } from '../../../core/schema';
import { propsMatcher } from '../lib/match';
import { isLayerVisible } from '../lib/urlState';
import { boundsOf } from '../map/geometry';
import type { BBox } from '../../../core/filters';

const ZH = new Intl.Collator('zh');
const listOrderCache = new WeakMap<readonly ApiFeature[], { layers: readonly LayerInfo[]; sorted: readonly ApiFeature[] }>();

/**
 * Every feature in list order (registry order of its layer, then Chinese name), sorted once per
 * features array and layer list: a filter change then only filters (one pass), instead of sorting
 * the matches again with Chinese collation — at 100k features that sort took most of a filter change.
 */
export function listOrder(features: readonly ApiFeature[], layers: readonly LayerInfo[]): readonly ApiFeature[] {
  const hit = listOrderCache.get(features);
  if (hit && hit.layers === layers) return hit.sorted;
  const order = new Map(layers.map((l, i) => [l.id, i]));
  const sorted = [...features].sort((a, b) => (order.get(a.properties.layer) ?? 99) - (order.get(b.properties.layer) ?? 99) || ZH.compare(a.properties.name, b.properties.name));
  listOrderCache.set(features, { layers, sorted });
  return sorted;
}

/** Features passing the filter in visible layers, in registry order then by Chinese name. */
export function matchingFeatures(features: readonly ApiFeature[], filters: Filters, layers: readonly LayerInfo[]): ApiFeature[] {
  const matches = propsMatcher(filters);
  return listOrder(features, layers).filter((f) => isLayerVisible(filters, f.properties.layer) && matches(f.properties));
}

/** Measures grouped by the plan's eight sections, in order. */
export function measuresBySection(measures: readonly Measure[]): { section: number; title: string; title_en: string; measures: Measure[] }[] {
  const groups = new Map<number, { section: number; title: string; title_en: string; measures: Measure[] }>();
  for (const m of [...measures].sort((a, b) => a.id - b.id)) {
    const g = groups.get(m.section) ?? { section: m.section, title: m.section_title, title_en: m.section_title_en, measures: [] };
    g.measures.push(m);
    groups.set(m.section, g);
  }
  return [...groups.values()].sort((a, b) => a.section - b.section);
}

/** Bounds of the selected counties, or null when none are selected. */
export function countiesBounds(counties: CountiesResponse, codes: readonly string[] | undefined): BBox | null {
  if (!codes?.length) return null;
  const features = counties.features.filter((f) => codes.includes(f.properties.code));
  return features.length ? boundsOf({ type: 'FeatureCollection', features }) : null;
}

/** Bounds to fit a feature: points get a small box so the map does not zoom in absurdly. */
export function featureBounds(f: ApiFeature): BBox | null {
  const b = boundsOf(f.geometry);
  if (!b) return null;
  const pad = 0.02;
  return b[0] === b[2] && b[1] === b[3] ? [b[0] - pad, b[1] - pad, b[2] + pad, b[3] + pad] : b;
}
