/**
 * The features matching the filter, as a list a keyboard user can walk through. Long lists are
 * shown a page at a time (a province-wide dataset matches tens of thousands: rendering them all
 * would block the page for seconds); the selected feature is always listed.
 */
import { useState } from 'react';
import type { ApiFeature, LayerInfo } from '../../../core/api';
import type { Lang } from '../../../core/contract';
import { localName, type Translate } from '../i18n';
import { LegendSymbol } from '../map';

/** How many results are shown at first and added by "show more". */
export const RESULTS_PAGE = 200;

/**
 * The matching features as the list reads them: an array, or positions into the sorted features
 * (fast-match.ts `MatchRows`) so that a filter change copies no list of every match.
 */
export interface Rows<F> {
  readonly length: number;
  slice(start?: number, end?: number): F[];
  find(pred: (f: F) => boolean): F | undefined;
}

/** The rows to show: the first `limit`, plus the selected feature if it lies beyond them. */
export function visibleResults<F extends { properties: { id: string } }>(features: Rows<F>, limit: number, selectedId?: string): F[] {
  const shown = features.slice(0, limit);
  if (selectedId && !shown.some((f) => f.properties.id === selectedId)) {
    const sel = features.find((f) => f.properties.id === selectedId);
    if (sel) shown.unshift(sel);
  }
  return shown;
}

export interface ResultsListProps {
  features: Rows<ApiFeature>;
  layers: readonly LayerInfo[];
  selectedId?: string;
  lang: Lang;
  t: Translate;
  onSelect: (id: string) => void;
  /** Editors: features checked for a bulk change, and toggling one (no checkboxes without it). */
  picked?: ReadonlySet<string>;
  onPick?: (id: string) => void;
  /**
   * Tile mode: `features` are the rows loaded so far from the API, `total` the server's count of
   * matches, and `onMore` loads the next page.
   */
  total?: number;
  onMore?: () => void;
}

export function ResultsList({ features, layers, selectedId, lang, t, onSelect, picked, onPick, total, onMore }: ResultsListProps) {
  const [limit, setLimit] = useState(RESULTS_PAGE);
  const count = total ?? features.length;
  const upTo = onMore ? features.length : limit;
  const shown = visibleResults(features, upTo, selectedId);
  const rest = count - Math.min(upTo, count);
  return (
    <section className="sgm-section" aria-labelledby="sgm-results-h">
      <h2 id="sgm-results-h" aria-live="polite">
        {count ? t('result.count', { count }) : t('result.empty')}
      </h2>
      <ul className="sgm-results">
        {shown.map((f) => {
          const layer = layers.find((l) => l.id === f.properties.layer);
          return (
            <li key={f.properties.id} className={onPick ? 'sgm-pickable' : undefined}>
              {onPick && (
                <input
                  type="checkbox"
                  className="sgm-pick"
                  checked={picked?.has(f.properties.id) ?? false}
                  onChange={() => onPick(f.properties.id)}
                  aria-label={t('bulk.pick', { name: localName(f.properties, lang) })}
                  data-pick={f.properties.id}
                />
              )}
              <button type="button" className={f.properties.id === selectedId ? 'is-selected' : ''} aria-pressed={f.properties.id === selectedId} onClick={() => onSelect(f.properties.id)} data-feature-item={f.properties.id}>
                {layer && <LegendSymbol layer={layer} precision={f.properties.precision} size={18} />}
                <span>{localName(f.properties, lang)}</span>
                <span className="sgm-muted sgm-small">{lang === 'en' ? f.properties.name : f.properties.name_en}</span>
              </button>
            </li>
          );
        })}
      </ul>
      {rest > 0 && (
        <button type="button" className="sgm-link" onClick={() => (onMore ? onMore() : setLimit((n) => n + RESULTS_PAGE))} data-testid="results-more">
          {t('result.more', { count: Math.min(rest, RESULTS_PAGE), rest })}
        </button>
      )}
    </section>
  );
}
