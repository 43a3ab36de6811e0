/**
 * Filter membership as bitmasks, for filtering on the GPU (mask-filter.ts).
 *
 * Each feature gets three 32-bit masks, computed once per dataset: the counties its geometry
 * touches (12 bits, in the order of core/contract COUNTIES), the plan's measures it serves
 * (23 bits, measure k → bit k−1) and its status (4 bits, in the order of STATUSES). A filter is
 * the same three masks plus flags saying which of them are in use; a feature is shown iff, for
 * every filter in use, its mask and the filter's share a bit — the same question core/match.ts
 * answers (values within a parameter are alternatives, parameters combine with AND).
 *
 * Text search (`q`) cannot be a bitmask: it stays a per-feature 0/1 flag computed on the CPU when
 * `q` changes (`searchFlag`), and the filter's SEARCH flag says whether to look at it.
 *
 * The masks can be computed from API feature properties (arrays) and from vector-tile properties
 * (server/tiles/mvt.ts: comma-wrapped strings such as ",361102,361130,").
 */
import { COUNTIES, MEASURE_IDS, STATUSES, normalizeCountyCode } from '../../../core/contract';
import type { Filters } from '../../../core/filters';
import { normalizeText, searchTextOf } from '../../../core/match';

/** Bit index of each current county code (GB/T 2260 order of COUNTIES). */
export const COUNTY_BITS: ReadonlyMap<string, number> = new Map(COUNTIES.map((c, i) => [c.code, i]));
/** Bit index of each status (order of STATUSES). */
export const STATUS_BITS: ReadonlyMap<string, number> = new Map(STATUSES.map((s, i) => [s, i]));

/** Which parts of a filter are in use (the fourth word of the filter uniform). */
export const FLAG = { COUNTIES: 1, MEASURES: 2, STATUSES: 4, SEARCH: 8 } as const;

/** A feature's masks: [counties, measures, statuses], each an unsigned 32-bit integer. */
export type FeatureMasks = [counties: number, measures: number, statuses: number];
/** A filter as the shader's uniform: [counties, measures, statuses, flags], unsigned 32-bit. */
export type FilterMasks = [counties: number, measures: number, statuses: number, flags: number];

/** What `featureMasks` reads: API properties or vector-tile properties. */
export interface MaskSource {
  counties?: readonly string[] | string | null;
  measures?: readonly (number | string)[] | string | null;
  status?: string | null;
}

/** A list property: an array, or a tile's comma-separated (comma-wrapped) string. */
function listOf<T>(v: readonly T[] | string | null | undefined): readonly (T | string)[] {
  if (v == null) return [];
  if (typeof v === 'string') return v.split(',').filter((s) => s.length > 0);
  return v;
}

function countyMask(codes: readonly string[] | string | null | undefined): number {
  let m = 0;
  for (const c of listOf(codes)) {
    const bit = COUNTY_BITS.get(c) ?? COUNTY_BITS.get(normalizeCountyCode(String(c)) ?? '');
    if (bit !== undefined) m |= 1 << bit;
  }
  return m >>> 0;
}

function measureMask(ids: readonly (number | string)[] | string | null | undefined): number {
  let m = 0;
  for (const v of listOf(ids)) {
    const n = typeof v === 'number' ? v : Number(v);
    if (MEASURE_IDS.includes(n)) m |= 1 << (n - 1);
  }
  return m >>> 0;
}

function statusMask(statuses: readonly string[]): number {
  let m = 0;
  for (const s of statuses) {
    const bit = STATUS_BITS.get(s);
    if (bit !== undefined) m |= 1 << bit;
  }
  return m >>> 0;
}

/** A feature's masks from its properties (API arrays or tile strings). Unknown values set no bit. */
export function featureMasks(p: MaskSource): FeatureMasks {
  return [countyMask(p.counties), measureMask(p.measures), statusMask(p.status ? [p.status] : [])];
}

/**
 * The filter's masks and flags. `layers` is not part of it (layers are hidden with deck.gl's
 * `visible`), nor `bbox` (the pages have none). A filter list given but empty matches nothing,
 * as in core/match.ts.
 */
export function filterMasks(filters: Pick<Filters, 'counties' | 'measures' | 'statuses' | 'q'>): FilterMasks {
  let flags = 0;
  if (filters.counties) flags |= FLAG.COUNTIES;
  if (filters.measures) flags |= FLAG.MEASURES;
  if (filters.statuses) flags |= FLAG.STATUSES;
  if (filters.q && normalizeText(filters.q)) flags |= FLAG.SEARCH;
  return [countyMask(filters.counties), measureMask(filters.measures), statusMask(filters.statuses ?? []), flags];
}

/**
 * The shader's test in JavaScript (mask-filter.ts runs the same in GLSL): whether a feature with
 * these masks and search flag is shown under the filter.
 */
export function masksMatch(f: readonly number[], filter: readonly number[], search: number): boolean {
  const flags = filter[3];
  if (flags & FLAG.COUNTIES && (f[0] & filter[0]) === 0) return false;
  if (flags & FLAG.MEASURES && (f[1] & filter[1]) === 0) return false;
  if (flags & FLAG.STATUSES && (f[2] & filter[2]) === 0) return false;
  if (flags & FLAG.SEARCH && search === 0) return false;
  return true;
}

/** The key of the search part of a filter: the search flags need recomputing only when it changes. */
export function searchKey(q: string | undefined): string {
  return q ? normalizeText(q) : '';
}

/**
 * The per-feature search flag for `q` (1: the name, English name or id contains it, as core/match
 * tests it; always 1 without `q`). Make it once per `q`; it caches each feature's search text.
 */
export function searchFlag(q: string | undefined): (p: { id: string; name: string; name_en?: string | null }) => number {
  const n = searchKey(q);
  if (!n) return () => 1;
  return (p) => (textOf(p).includes(n) ? 1 : 0);
}

const texts = new WeakMap<object, string>();
function textOf(p: { id: string; name: string; name_en?: string | null }): string {
  let t = texts.get(p);
  if (t === undefined) {
    t = searchTextOf(p);
    texts.set(p, t);
  }
  return t;
}
