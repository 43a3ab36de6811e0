/**
 * Client-side evaluation of the shared filter on one feature, so the map can filter on the GPU
 * (one 0/1 value per feature) and the panels can count without a round trip. Mirrors the API:
 * county and measure lists match when any value is shared, status by membership, `q` by a
 * case-insensitive substring of the Chinese or English name (or the id).
 */
import type { Filters } from '../../../core/filters';
import type { PublicFeatureProperties } from '../../../core/api';

type Props = Pick<PublicFeatureProperties, 'id' | 'name' | 'name_en' | 'layer' | 'counties' | 'measures' | 'status'>;

/** Normalise search text: trim, lower-case, full-width ASCII to half-width, collapse spaces. */
export function normalizeText(s: string): string {
  return s
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

export function matchesText(p: Pick<Props, 'id' | 'name' | 'name_en'>, q: string | undefined): boolean {
  if (!q) return true;
  const n = normalizeText(q);
  return [p.name, p.name_en, p.id].some((s) => normalizeText(s ?? '').includes(n));
}

/** Whether a feature passes every filter except `layers` (layer visibility is separate). */
export function matchesFilters(p: Props, f: Filters): boolean {
  if (f.counties && !f.counties.some((c) => p.counties.includes(c))) return false;
  if (f.measures && !f.measures.some((m) => p.measures.includes(m))) return false;
  if (f.statuses && !f.statuses.includes(p.status)) return false;
  return matchesText(p, f.q);
}

/** Count of matching features per layer id. Layers with none are present with 0. */
export function countByLayer(features: readonly { properties: Props }[], f: Filters, layerIds: readonly string[]): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(layerIds.map((id) => [id, 0]));
  for (const feat of features) if (matchesFilters(feat.properties, f)) out[feat.properties.layer] = (out[feat.properties.layer] ?? 0) + 1;
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
