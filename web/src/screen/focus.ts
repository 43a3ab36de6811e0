/** What the screen is focused on, in words and on the map: pure helpers over the dataset. */
import type { ApiFeature, CountiesResponse } from '../../../core/api';
import { COUNTIES, type Lang } from '../../../core/contract';
import type { BBox, Filters } from '../../../core/filters';
import type { Measure } from '../../../core/schema';
import { bilingualName } from '../i18n';
import { measureNumeral } from '../lib/format';
import { propsMatcher } from '../lib/match';
import { boundsOf } from '../map/geometry';
import { periodTitle, type TourStop } from './tour';

export interface FocusLabel {
  /** Main line, e.g. "婺源县 Wuyuan County" or "措施（四）推动旅游业绿色发展". */
  title: string;
  /** Smaller line under it, if any (e.g. the measure's section). */
  detail?: string;
}

export function focusLabel(stop: TourStop, filters: Filters, measures: readonly Measure[], lang: Lang, words: { city: string }): FocusLabel {
  if (stop.kind === 'period') {
    const within = focusLabel({ kind: 'overview' }, filters, measures, lang, words).title;
    return { title: periodTitle(stop.label, lang), detail: `${stop.start} – ${stop.end} · ${within}` };
  }
  if (stop.kind === 'county') {
    const c = COUNTIES.find((x) => x.code === stop.code);
    return { title: c ? bilingualName(c, lang) : stop.code };
  }
  if (stop.kind === 'measure') {
    const m = measures.find((x) => x.id === stop.id);
    const numeral = measureNumeral(stop.id);
    if (!m) return { title: lang === 'en' ? `Measure ${stop.id}` : `措施（${numeral}）` };
    return lang === 'en'
      ? { title: `Measure ${m.id}: ${m.title_en}`, detail: m.title }
      : { title: `措施（${numeral}）${m.title}`, detail: m.title_en };
  }
  const counties = filters.counties ?? [];
  if (counties.length) {
    const names = counties.map((code) => COUNTIES.find((c) => c.code === code)).filter((c) => !!c);
    return { title: names.map((c) => (lang === 'en' ? c!.name_en : c!.name)).join(lang === 'en' ? ', ' : '、') };
  }
  if (filters.measures?.length === 1) return focusLabel({ kind: 'measure', id: filters.measures[0] }, {}, measures, lang, words);
  return { title: words.city };
}

/** Where the camera goes for a stop: the county, the measure's places inside the city, or the selection. */
export function focusBounds(stop: TourStop, filters: Filters, counties: CountiesResponse, features: readonly ApiFeature[]): BBox | null {
  const city = () => {
    const sel = filters.counties ? counties.features.filter((f) => filters.counties!.includes(f.properties.code)) : counties.features;
    return boundsOf({ type: 'FeatureCollection', features: sel.length ? sel : counties.features } as never);
  };
  if (stop.kind === 'county') {
    const f = counties.features.find((x) => x.properties.code === stop.code);
    return f ? boundsOf(f as never) : city();
  }
  if (stop.kind === 'measure') {
    const matches = propsMatcher({ ...filters, measures: [stop.id] });
    const hits = features.filter((x) => !x.properties.outside && x.geometry && matches(x.properties) && (!filters.layers || filters.layers.includes(x.properties.layer)));
    if (!hits.length) return city();
    const b = boundsOf({ type: 'FeatureCollection', features: hits } as never);
    if (!b) return city();
    // A single point would zoom in to street level: keep at least ~0.3° around it.
    const pad = (lo: number, hi: number) => (hi - lo < 0.3 ? [(lo + hi) / 2 - 0.15, (lo + hi) / 2 + 0.15] : [lo, hi]);
    const [x0, x1] = pad(b[0], b[2]);
    const [y0, y1] = pad(b[1], b[3]);
    return [x0, y0, x1, y1];
  }
  return city();
}
