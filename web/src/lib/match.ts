/**
 * The shared filter (core/match.ts, the same predicate the API uses) applied to features in the
 * browser, so the panels can count and list without a round trip (the map filters on the GPU with
 * bitmasks, web/src/map/masks.ts, tested against this same predicate). What each feature needs for matching (its normalised search text, its
 * bbox) is computed once per feature and kept in a WeakMap, not once per keystroke.
 */
import type { Geometry } from 'geojson';
import type { PublicFeatureProperties } from '../../../core/api';
import type { Filters } from '../../../core/filters';
import { filterMatcher, geometryBbox, normalizeText, searchTextOf, type Matchable } from '../../../core/match';

export { normalizeText } from '../../../core/match';

type Props = Pick<PublicFeatureProperties, 'id' | 'name' | 'name_en' | 'layer' | 'counties' | 'measures' | 'status'>;
type Feat = { properties: Props; geometry?: Geometry | null };

const matchables = new WeakMap<Props, Matchable>();

/** The feature as core/match sees it, computed on first use. The bbox is read only for a bbox filter. */
function matchableOf(p: Props, geometry?: Geometry | null): Matchable {
  let m = matchables.get(p);
  if (!m) {
    let text: string | undefined;
    let bbox: Matchable['bbox'];
    let bboxDone = false;
    m = {
      layer: p.layer,
      counties: p.counties,
      measures: p.measures,
      status: p.status,
      get searchText() {
        return (text ??= searchTextOf(p));
      },
      get bbox() {
        if (!bboxDone) {
          bbox = geometry ? geometryBbox(geometry) : null;
          bboxDone = true;
        }
        return bbox;
      },
    };
    matchables.set(p, m);
  }
  return m;
}

/** A predicate over features for every filter parameter (layers, county, measure, status, q, bbox). */
export function featureMatcher(filters: Filters): (f: Feat) => boolean {
  const m = filterMatcher(filters);
  return (f) => m(matchableOf(f.properties, f.geometry));
}

/** A predicate over properties for every filter except `layers` (layer visibility is separate) and `bbox` (pages have none). */
export function propsMatcher(filters: Filters): (p: Props) => boolean {
  const m = filterMatcher({ ...filters, layers: undefined, bbox: undefined });
  return (p) => m(matchableOf(p));
}

/** One-off form of `propsMatcher`; in loops make the matcher once. */
export function matchesFilters(p: Props, f: Filters): boolean {
  return propsMatcher(f)(p);
}

export function matchesText(p: Pick<Props, 'id' | 'name' | 'name_en'>, q: string | undefined): boolean {
  if (!q) return true;
  return searchTextOf(p).includes(normalizeText(q));
}

/** Count of matching features per layer id (all filters but `layers`). Layers with none are present with 0. */
export function countByLayer(features: readonly { properties: Props }[], f: Filters, layerIds: readonly string[]): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(layerIds.map((id) => [id, 0]));
  const m = propsMatcher(f);
  for (const feat of features) if (m(feat.properties)) out[feat.properties.layer] = (out[feat.properties.layer] ?? 0) + 1;
  return out;
}

/**
 * Up to `limit` suggestions for a search box: names (in the UI language first) containing the
 * text, those starting with it first.
 */
export function suggestNames(features: readonly { properties: Props }[], q: string, lang: 'zh' | 'en', limit = 8): { id: string; label: string }[] {
  const n = normalizeText(q);
  if (!n) return [];
  const hits: { id: string; label: string; rank: number }[] = [];
  for (const { properties: p } of features) {
    const names = lang === 'en' ? [p.name_en, p.name] : [p.name, p.name_en];
    const hit = names.find((s) => normalizeText(s).includes(n));
    if (hit) hits.push({ id: p.id, label: hit, rank: normalizeText(hit).startsWith(n) ? 0 : 1 });
  }
  hits.sort((a, b) => a.rank - b.rank || a.label.localeCompare(b.label));
  return hits.slice(0, limit).map(({ id, label }) => ({ id, label }));
}
