/** A filter in words, for the embed's filter line and the map's text alternative. */
import { COUNTIES, MEASURE_NUMERALS, type Lang } from '../../../core/contract';
import type { Filters } from '../../../core/filters';
import { localName, makeT } from '../i18n';

/** "婺源县 · 措施四 · 规划中" — the parts of the filter that narrow the map; '' when none does. */
export function describeFilter(f: Filters, lang: Lang, layers: readonly { id: string; name: string; name_en?: string }[]): string {
  const t = makeT(lang);
  const parts: string[] = [];
  const sep = lang === 'en' ? ', ' : '、';
  if (f.counties) parts.push(f.counties.map((c) => localName(COUNTIES.find((x) => x.code === c) ?? { name: c }, lang)).join(sep));
  if (f.measures) parts.push(f.measures.map((m) => t('measure.label', { numeral: lang === 'en' ? String(m) : MEASURE_NUMERALS[m - 1] })).join(sep));
  if (f.statuses) parts.push(f.statuses.map((s) => t(`status.${s}`)).join(sep));
  if (f.layers && f.layers.length < layers.length) parts.push(f.layers.map((id) => localName(layers.find((l) => l.id === id) ?? { name: id }, lang)).join(sep));
  if (f.q) parts.push(`“${f.q}”`);
  return parts.join(' · ');
}
