/**
 * County, measure, status and text filters, and clear-all. Every change goes to the URL; typed
 * search text goes there (and so to the list, the map and /api/stats) once typing pauses.
 */
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { ApiFeature, CountiesResponse } from '../../../core/api';
import { COUNTIES, STATUSES, type Lang, type Status } from '../../../core/contract';
import type { Filters } from '../../../core/filters';
import type { Measure } from '../../../core/schema';
import { bilingualName, localName, type Translate } from '../i18n';
import { measureNumeral, sectionNumeral } from '../lib/format';
import { debounce } from '../lib/debounce';
import { suggestNames } from '../lib/match';
import { toggleInList } from '../lib/urlState';
import type { HistoryMode } from '../lib/useUrlState';
import { measuresBySection } from './derive';

export interface FilterPanelProps {
  filters: Filters;
  measures: readonly Measure[];
  counties: CountiesResponse;
  features: readonly ApiFeature[];
  lang: Lang;
  t: Translate;
  onChange: (f: Filters, mode?: HistoryMode) => void;
  onClear: () => void;
}

/** How long typing must pause before the search text is applied (URL, filter, /api/stats). */
export const SEARCH_DEBOUNCE_MS = 250;

export function FilterPanel({ filters, measures, features, lang, t, onChange, onClear }: FilterPanelProps) {
  const listId = useId();
  // The box shows what is typed at once; the filter takes it when typing pauses.
  const [text, setText] = useState(filters.q ?? '');
  const latest = useRef({ filters, onChange });
  latest.current = { filters, onChange };
  /** The q this box last applied: its echo through the filter is not a change from elsewhere. */
  const applied = useRef(filters.q ?? '');
  const commit = useMemo(
    () =>
      debounce((q: string) => {
        const { filters: f, onChange: change } = latest.current;
        applied.current = q;
        if ((f.q ?? '') !== q) change({ ...f, q: q || undefined }, 'replace');
      }, SEARCH_DEBOUNCE_MS),
    [],
  );
  useEffect(() => () => commit.cancel(), [commit]);
  // The filter changed from elsewhere (clear, back/forward, a link): show it, dropping typing not applied yet.
  useEffect(() => {
    const q = filters.q ?? '';
    if (q === applied.current) return;
    applied.current = q;
    commit.cancel();
    setText(q);
  }, [filters.q, commit]);
  const suggestions = useMemo(() => suggestNames(features, filters.q ?? '', lang), [features, filters.q, lang]);
  const single = filters.measures?.length === 1 ? String(filters.measures[0]) : '';
  return (
    <section className="sgm-section" aria-labelledby="sgm-filters-h">
      <div className="sgm-section-head">
        <h2 id="sgm-filters-h">{t('panel.filters')}</h2>
        <button type="button" className="sgm-link" onClick={onClear} data-testid="clear-filters">
          {t('filter.clear')}
        </button>
      </div>

      <label className="sgm-label" htmlFor="sgm-search">
        {t('filter.search')}
      </label>
      <input
        id="sgm-search"
        type="search"
        list={listId}
        value={text}
        placeholder={t('filter.searchPlaceholder')}
        maxLength={200}
        onChange={(e) => {
          setText(e.target.value);
          commit(e.target.value);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit.flush();
        }}
      />
      <datalist id={listId}>
        {suggestions.map((s) => (
          <option key={s.id} value={s.label} />
        ))}
      </datalist>

      <label className="sgm-label" htmlFor="sgm-measure">
        {t('filter.measure')}
      </label>
      <select id="sgm-measure" value={single} onChange={(e) => onChange({ ...filters, measures: e.target.value ? [Number(e.target.value)] : undefined })}>
        <option value="">{t('filter.measureAll')}</option>
        {measuresBySection(measures).map((g) => (
          <optgroup key={g.section} label={`${lang === 'en' ? `${g.section}.` : `${sectionNumeral(g.section)}、`} ${lang === 'en' ? g.title_en : g.title}`}>
            {g.measures.map((m) => (
              <option key={m.id} value={m.id}>
                {lang === 'en' ? `${m.id}. ${m.title_en}` : `（${measureNumeral(m.id)}）${m.title}`}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      {filters.measures && filters.measures.length > 1 && (
        <ul className="sgm-chips" aria-label={t('filter.measure')}>
          {filters.measures.map((id) => (
            <li key={id}>
              <button type="button" onClick={() => onChange({ ...filters, measures: toggleInList(filters.measures, id) })}>
                {t('measure.label', { id, numeral: measureNumeral(id) })} ×
              </button>
            </li>
          ))}
        </ul>
      )}

      <fieldset className="sgm-fieldset">
        <legend>{t('filter.status')}</legend>
        <div className="sgm-checks">
          {STATUSES.map((s: Status) => (
            <label key={s} className="sgm-check">
              <input type="checkbox" checked={!!filters.statuses?.includes(s)} onChange={() => onChange({ ...filters, statuses: toggleInList(filters.statuses, s) })} />
              {t(`status.${s}`)}
            </label>
          ))}
        </div>
      </fieldset>

      <fieldset className="sgm-fieldset">
        <legend>{t('filter.county')}</legend>
        <p className="sgm-hint">{t('filter.countyHint')}</p>
        <div className="sgm-checks sgm-checks--counties">
          {COUNTIES.map((c) => (
            <label key={c.code} className="sgm-check" data-county={c.code} title={bilingualName(c, lang)}>
              <input type="checkbox" checked={!!filters.counties?.includes(c.code)} onChange={() => onChange({ ...filters, counties: toggleInList(filters.counties, c.code) })} />
              {localName(c, lang)}
            </label>
          ))}
        </div>
      </fieldset>
    </section>
  );
}
