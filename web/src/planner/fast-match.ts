/**
 * The planner's answers to a filter change — the results list, the layer panel's counts and a
 * measure's aims — from per-feature bitmasks in typed arrays (web/src/map/masks.ts, the same masks
 * the map's GPU filter uses), so a filter change costs one loop of bit tests over typed arrays
 * instead of core/match over every feature object (issue 18: filter → paint within 2 frames).
 *
 * Built once per features array and layer list (`featureIndex`): the features in list order
 * (derive.ts `listOrder`), each one's county / measure / status masks and layer number. The search
 * text (`q`) cannot be a bitmask: each feature's normalised search text is made once, on the
 * first search, and a per-feature flag is computed once per search text. The answers are those of
 * core/match (test/web/fast-match.test.ts compares them on random features and filters).
 */
import type { ApiFeature, LayerInfo } from '../../../core/api';
import type { Filters } from '../../../core/filters';
import { searchTextOf } from '../../../core/match';
import type { AimFigure } from '../lib/figures';
import { FLAG, featureMasks, filterMasks, searchKey } from '../map/masks';
import { listOrder } from './derive';

/** Per-feature masks of a dataset, in list order. */
export interface FeatureIndex {
  /** Every feature in list order (registry order of its layer, then Chinese name). */
  readonly sorted: readonly ApiFeature[];
  /** Layer ids by number: the registry's first, then any other layer a feature names. */
  readonly layerIds: readonly string[];
  /** How many of `layerIds` are the registry's. */
  readonly registryLayers: number;
  readonly layerOf: Uint16Array;
  readonly counties: Uint32Array;
  readonly measures: Uint32Array;
  readonly statuses: Uint32Array;
  /** List positions of the features that carry aims (titles to pursue). */
  readonly withAims: Uint32Array;
  /** Normalised search text per feature, made on the first search. */
  texts?: string[];
  /** The search flags of the last search text. */
  search?: { key: string; flags: Uint8Array };
}

const indexCache = new WeakMap<readonly ApiFeature[], { layers: readonly LayerInfo[]; index: FeatureIndex }>();

/** The index of `features` under `layers`, built once per features array and layer list. */
export function featureIndex(features: readonly ApiFeature[], layers: readonly LayerInfo[]): FeatureIndex {
  const hit = indexCache.get(features);
  if (hit && hit.layers === layers) return hit.index;
  const sorted = listOrder(features, layers);
  const n = sorted.length;
  const layerIds = layers.map((l) => l.id);
  const layerNo = new Map(layerIds.map((id, i) => [id, i]));
  const layerOf = new Uint16Array(n);
  const counties = new Uint32Array(n);
  const measures = new Uint32Array(n);
  const statuses = new Uint32Array(n);
  const aims: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = sorted[i].properties;
    let l = layerNo.get(p.layer);
    if (l === undefined) {
      l = layerIds.length;
      layerIds.push(p.layer);
      layerNo.set(p.layer, l);
    }
    layerOf[i] = l;
    const m = featureMasks(p);
    counties[i] = m[0];
    measures[i] = m[1];
    statuses[i] = m[2];
    if (p.aims?.length) aims.push(i);
  }
  const index: FeatureIndex = { sorted, layerIds, registryLayers: layers.length, layerOf, counties, measures, statuses, withAims: Uint32Array.from(aims) };
  indexCache.set(features, { layers, index });
  return index;
}

/** Per-feature 1/0: whether the search text contains `q` (null without a search). Made once per search text. */
export function searchFlags(index: FeatureIndex, q: string | undefined): Uint8Array | null {
  const key = searchKey(q);
  if (!key) return null;
  if (index.search?.key === key) return index.search.flags;
  const texts = (index.texts ??= index.sorted.map((f) => searchTextOf(f.properties)));
  const flags = new Uint8Array(texts.length);
  for (let i = 0; i < texts.length; i++) flags[i] = texts[i].includes(key) ? 1 : 0;
  index.search = { key, flags };
  return flags;
}

/**
 * The features a list shows, without copying them: positions into the sorted features. Has the
 * array methods the results list uses (`length`, `slice`, `find`), so an array can stand in for it.
 */
export class MatchRows {
  constructor(
    private readonly sorted: readonly ApiFeature[],
    private readonly positions: Uint32Array,
  ) {}
  get length(): number {
    return this.positions.length;
  }
  slice(start = 0, end = this.positions.length): ApiFeature[] {
    const out: ApiFeature[] = [];
    const e = Math.min(end, this.positions.length);
    for (let i = Math.max(0, start); i < e; i++) out.push(this.sorted[this.positions[i]]);
    return out;
  }
  find(pred: (f: ApiFeature) => boolean): ApiFeature | undefined {
    for (let i = 0; i < this.positions.length; i++) {
      const f = this.sorted[this.positions[i]];
      if (pred(f)) return f;
    }
    return undefined;
  }
}

export interface FastMatch {
  /** Matching features in visible layers, in list order. */
  rows: MatchRows;
  /** Matching features per layer (all filters but `layers`); every registry layer present, 0 if none. */
  counts: Record<string, number>;
  /** Per list position: 1 if the feature matches every filter but `layers` (shared with `fastAims`). */
  matched: Uint8Array;
}

/** The list and the layer counts under `filters`: one pass of bit tests. Same answers as core/match. */
export function fastMatch(index: FeatureIndex, filters: Filters): FastMatch {
  const [fc, fm, fs, flags] = filterMasks(filters);
  const search = flags & FLAG.SEARCH ? searchFlags(index, filters.q) : null;
  const useC = (flags & FLAG.COUNTIES) !== 0;
  const useM = (flags & FLAG.MEASURES) !== 0;
  const useS = (flags & FLAG.STATUSES) !== 0;
  const { layerIds, layerOf, counties, measures, statuses } = index;
  const visible = Uint8Array.from(layerIds, (id) => (!filters.layers || filters.layers.includes(id) ? 1 : 0));
  const perLayer = new Uint32Array(layerIds.length);
  const n = layerOf.length;
  const matched = new Uint8Array(n);
  const positions = new Uint32Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    if (useC && (counties[i] & fc) === 0) continue;
    if (useM && (measures[i] & fm) === 0) continue;
    if (useS && (statuses[i] & fs) === 0) continue;
    if (search && search[i] === 0) continue;
    matched[i] = 1;
    const l = layerOf[i];
    perLayer[l]++;
    if (visible[l]) positions[k++] = i;
  }
  const counts: Record<string, number> = {};
  layerIds.forEach((id, l) => {
    if (l < index.registryLayers || perLayer[l] > 0) counts[id] = perLayer[l];
  });
  return { rows: new MatchRows(index.sorted, positions.slice(0, k)), counts, matched };
}

/**
 * Titles the plan asks places to pursue, counted over the matching features in visible layers —
 * lib/figures.ts `aimFigures` over the features that carry aims only.
 */
export function fastAims(index: FeatureIndex, filters: Filters, matched: Uint8Array): AimFigure[] {
  const byAim = new Map<string, AimFigure>();
  for (const i of index.withAims) {
    if (!matched[i]) continue;
    const p = index.sorted[i].properties;
    if (filters.layers && !filters.layers.includes(p.layer)) continue;
    for (const aim of p.aims ?? []) {
      let row = byAim.get(aim.id);
      if (!row) byAim.set(aim.id, (row = { id: aim.id, name: aim.name, name_en: aim.name_en, count: 0, completed: 0, unknown: 0 }));
      row.count += 1;
      if (p.status === 'completed') row.completed += 1;
      if (p.status === 'unknown') row.unknown += 1;
    }
  }
  return [...byAim.values()].sort((a, b) => b.count - a.count || a.id.localeCompare(b.id));
}
