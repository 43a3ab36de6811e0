/**
 * The map's text alternative (WCAG 1.1.1): what the map shows for the current filter, in words —
 * how many features, per visible layer, and the filter. Screen readers read it as the map region's
 * description; it changes with the filter.
 */
import type { LayerInfo } from '../../../core/api';
import type { Lang } from '../../../core/contract';
import type { Filters } from '../../../core/filters';
import { localName, makeT } from '../i18n';
import { describeFilter } from '../lib/filterText';
import { isLayerVisible } from '../lib/urlState';

export function mapSummary(layers: readonly LayerInfo[], counts: Readonly<Record<string, number>>, filters: Filters, lang: Lang): string {
  const t = makeT(lang);
  const visible = layers.filter((l) => isLayerVisible(filters, l.id));
  const total = visible.reduce((n, l) => n + (counts[l.id] ?? 0), 0);
  const perLayer = visible
    .filter((l) => (counts[l.id] ?? 0) > 0)
    .map((l) => `${localName(l, lang)} ${counts[l.id]}`)
    .join(lang === 'en' ? ', ' : '、');
  const filter = describeFilter(filters, lang, layers);
  return [t('map.summary', { count: total }), perLayer, filter ? t('map.summaryFilter', { filter }) : t('map.summaryAll')].filter(Boolean).join(lang === 'en' ? '. ' : '。') + (lang === 'en' ? '.' : '。');
}
