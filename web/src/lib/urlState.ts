/**
 * The page's state as it lives in the address bar (docs/contract.md, "Web pages and their addresses"): the shared filters
 * (core/filters.ts) plus `feature` and `lang`. Pure parse/serialise so every view reads the same
 * links and the planner writes them back.
 */
import { parseAsOf } from '../../../core/asof';
import { LANGS, type Lang } from '../../../core/contract';
import { parseFilters, serializeFilters, type Filters, type ParamProblem } from '../../../core/filters';

export interface UrlState {
  filters: Filters;
  /** Id of the selected feature, if any. */
  feature?: string;
  /** UI language; `zh` by default. */
  lang: Lang;
  /** `asof=YYYY-MM-DD`: the data as it stood at the end of that day (absent = now). */
  asof?: string;
}

export const FEATURE_ID_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export interface ParseUrlStateOptions {
  /** Layer ids known to the registry (from /api/layers). */
  layerIds: readonly string[];
  /**
   * Extra parameters this view reads itself (e.g. `tour`, `theme`); they are not reported as unknown.
   * Default: none.
   */
  extraParams?: readonly string[];
}

const OWN_PARAMS = ['layers', 'county', 'measure', 'status', 'q', 'feature', 'lang', 'asof'];

/**
 * Parse a query string (with or without `?`). Never throws: bad values are dropped and listed in
 * `problems` so the page can say what it ignored. `bbox` is not a page parameter.
 */
export function parseUrlState(search: string | URLSearchParams, opts: ParseUrlStateOptions): { state: UrlState; problems: ParamProblem[] } {
  const params = typeof search === 'string' ? new URLSearchParams(search.startsWith('?') ? search.slice(1) : search) : search;
  const { filters, problems } = parseFilters(params, { layerIds: opts.layerIds });
  const state: UrlState = { filters, lang: 'zh' };

  const langs = params.getAll('lang');
  if (langs.length) {
    const v = langs[langs.length - 1];
    if ((LANGS as readonly string[]).includes(v)) state.lang = v as Lang;
    else problems.push({ parameter: 'lang', value: v.slice(0, 40), message: `Unknown language "${v.slice(0, 40)}"; allowed: ${LANGS.join(', ')}.` });
  }

  const features = params.getAll('feature');
  if (features.length) {
    const v = features[features.length - 1].trim();
    if (FEATURE_ID_PATTERN.test(v) && v.length <= 120) state.feature = v;
    else if (v.length)
      problems.push({
        parameter: 'feature',
        value: v.slice(0, 40),
        message: `"${v.slice(0, 40)}" is not a feature id; ids are lowercase letters, digits and "-".`,
      });
  }

  const asofs = params.getAll('asof');
  if (asofs.length) {
    const v = asofs[asofs.length - 1];
    const r = parseAsOf(v);
    if (typeof r === 'string') problems.push({ parameter: 'asof', value: v.slice(0, 40), message: r });
    else state.asof = r.date;
  }

  const known = new Set([...OWN_PARAMS, ...(opts.extraParams ?? [])]);
  for (const name of new Set(params.keys())) {
    if (!known.has(name))
      problems.push({
        parameter: name,
        value: (params.get(name) ?? '').slice(0, 40),
        message: `Unknown parameter "${name.slice(0, 40)}"; allowed: ${[...known].join(', ')}.`,
      });
  }
  return { state, problems };
}

/** State back to a query string (no leading `?`), stable order, defaults omitted (`lang=zh`). */
export function serializeUrlState(state: UrlState, extra?: Record<string, string | undefined>): string {
  const p = serializeFilters({ ...state.filters, bbox: undefined });
  if (state.feature) p.set('feature', state.feature);
  if (state.lang !== 'zh') p.set('lang', state.lang);
  if (state.asof) p.set('asof', state.asof);
  for (const [k, v] of Object.entries(extra ?? {})) if (v !== undefined && v !== '') p.set(k, v);
  // Keep commas readable in shared links (they are legal in a query string).
  return p.toString().replace(/%2C/gi, ',');
}

/** Add or remove a value in an optional list filter; an emptied list becomes undefined (= all). */
export function toggleInList<T>(list: readonly T[] | undefined, value: T): T[] | undefined {
  const cur = list ?? [];
  const next = cur.includes(value) ? cur.filter((x) => x !== value) : [...cur, value];
  return next.length ? next : undefined;
}

/**
 * Toggle one layer's visibility where `layers` absent means "all". Hiding one of all lists the rest;
 * showing the last hidden one goes back to absent.
 */
export function toggleLayer(visible: readonly string[] | undefined, id: string, allIds: readonly string[]): string[] | undefined {
  const cur = visible ?? [...allIds];
  const next = cur.includes(id) ? cur.filter((x) => x !== id) : allIds.filter((x) => x === id || cur.includes(x));
  return next.length === allIds.length && allIds.every((x) => next.includes(x)) ? undefined : next;
}

/** Whether a layer is shown under `filters.layers` (absent = all). */
export function isLayerVisible(filters: Filters, id: string): boolean {
  return !filters.layers || filters.layers.includes(id);
}

/** True when no filter narrows the features (layers aside). */
export function isUnfiltered(filters: Filters): boolean {
  return !filters.counties && !filters.measures && !filters.statuses && !filters.q;
}
