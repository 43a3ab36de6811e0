/**
 * What `/print` reads from its address (docs/contract.md): the shared page parameters (layers,
 * county, measure, status, q, feature, lang, asof) plus `since`, `orient=portrait|landscape` and
 * `each=county|measure`. Pure; never throws: a bad value is dropped, the default used, and the
 * problem listed so the sheet can say what it ignored.
 */
import type { ParamProblem } from '../../../core/filters';
import { parseSince } from '../lib/dates';
import { parseUrlState, serializeUrlState, type UrlState } from '../lib/urlState';

export const ORIENTS = ['portrait', 'landscape'] as const;
export type Orient = (typeof ORIENTS)[number];
export const EACH = ['county', 'measure'] as const;
export type Each = (typeof EACH)[number];

export const PRINT_PARAMS = ['since', 'orient', 'each'] as const;

export interface PrintParams {
  state: UrlState;
  orient: Orient;
  each?: Each;
  /** `since=YYYY-MM-DD` when given and valid. */
  since?: string;
  problems: ParamProblem[];
}

const show = (v: string) => (v.length > 40 ? `${v.slice(0, 40)}…` : v);

function lastOf(params: URLSearchParams, name: string): string | undefined {
  const all = params.getAll(name);
  return all.length ? all[all.length - 1].trim() : undefined;
}

export function parsePrintUrl(search: string, layerIds: readonly string[]): PrintParams {
  const params = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
  const { state, problems } = parseUrlState(params, { layerIds, extraParams: PRINT_PARAMS });
  const out: PrintParams = { state, orient: 'portrait', problems: [...problems] };

  const orient = lastOf(params, 'orient');
  if (orient !== undefined) {
    if ((ORIENTS as readonly string[]).includes(orient)) out.orient = orient as Orient;
    else out.problems.push({ parameter: 'orient', value: show(orient), message: `Unknown orient "${show(orient)}"; allowed: ${ORIENTS.join(', ')}.` });
  }
  const each = lastOf(params, 'each');
  if (each !== undefined) {
    if ((EACH as readonly string[]).includes(each)) out.each = each as Each;
    else out.problems.push({ parameter: 'each', value: show(each), message: `Unknown each "${show(each)}"; allowed: ${EACH.join(', ')}.` });
  }
  const since = lastOf(params, 'since');
  if (since !== undefined) {
    const v = parseSince(since);
    if (v) out.since = v;
    else out.problems.push({ parameter: 'since', value: show(since), message: `since must be a date YYYY-MM-DD; "${show(since)}" is not.` });
  }
  return out;
}

/**
 * The address of the briefing sheet for a page's state (the "打印 / PDF" buttons): `/print` with
 * the same filter, language and day, and `since` when the page has one. `feature` is left out (a
 * sheet shows a filter, not one selected place).
 */
export function printHref(state: UrlState, extra: { since?: string; orient?: Orient; each?: Each } = {}): string {
  const qs = serializeUrlState({ ...state, feature: undefined }, { since: extra.since, orient: extra.orient, each: extra.each });
  return `/print${qs ? `?${qs}` : ''}`;
}
