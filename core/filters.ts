/**
 * The filter model shared by the API and the three web views, and its URL form (docs/contract.md:
 * `layers`, `county`, `measure`, `status`, `q`, plus `bbox` for the API).
 *
 * `parseFilters` never throws: it returns clean filters and a list of problems. The API answers
 * 400 for any problem; the pages ignore the bad value and say so on screen.
 */
import type { z } from 'zod';
import type { FiltersSchema } from './api';
import { COUNTY_CODES, MEASURE_IDS, STATUSES, normalizeCountyCode, type Status } from './contract';
import { normalizeText } from './match';

export type BBox = [minLon: number, minLat: number, maxLon: number, maxLat: number];

/** Clean filters; the shape is written once, as zod, in core/api.ts (`FiltersSchema`). */
export type Filters = z.infer<typeof FiltersSchema>;

export interface ParamProblem {
  parameter: string;
  /** The offending value as given (truncated for display). */
  value: string;
  /** What was wrong and what is allowed, in one sentence. */
  message: string;
}

export const FILTER_PARAMS = ['layers', 'county', 'measure', 'status', 'q', 'bbox'] as const;
export const MAX_Q_LENGTH = 200;

export interface ParseOptions {
  /** Layer ids known to the registry. */
  layerIds: readonly string[];
  /** Whether `bbox` is accepted (API only). */
  allowBbox?: boolean;
}

/** At most 40 characters of a value, for messages (with … when cut). */
const truncate = (v: string) => (v.length > 40 ? `${v.slice(0, 40)}…` : v);

function splitList(raw: string): string[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function uniq<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

/** Parse filter parameters. Repeated parameters are a problem: give one, comma-separated. */
export function parseFilters(params: URLSearchParams, opts: ParseOptions): { filters: Filters; problems: ParamProblem[] } {
  const filters: Filters = {};
  const problems: ParamProblem[] = [];
  const names: readonly string[] = opts.allowBbox ? FILTER_PARAMS : FILTER_PARAMS.filter((p) => p !== 'bbox');

  const single = (name: string): string | undefined => {
    const all = params.getAll(name);
    if (all.length > 1) {
      problems.push({
        parameter: name,
        value: all.map(truncate).join(' & '),
        message: `Parameter "${name}" was given ${all.length} times; give it once, with values separated by commas.`,
      });
      return undefined;
    }
    return all[0];
  };

  const layersRaw = names.includes('layers') ? single('layers') : undefined;
  if (layersRaw !== undefined) {
    const ok: string[] = [];
    for (const v of splitList(layersRaw)) {
      if (opts.layerIds.includes(v)) ok.push(v);
      else
        problems.push({
          parameter: 'layers',
          value: truncate(v),
          message: `Unknown layer "${truncate(v)}"; allowed: ${opts.layerIds.join(', ')}.`,
        });
    }
    if (ok.length) filters.layers = uniq(ok);
  }

  const countyRaw = single('county');
  if (countyRaw !== undefined) {
    const ok: string[] = [];
    for (const v of splitList(countyRaw)) {
      const code = normalizeCountyCode(v);
      if (code) ok.push(code);
      else
        problems.push({
          parameter: 'county',
          value: truncate(v),
          message: `Unknown county "${truncate(v)}"; allowed: the GB/T 2260 codes ${COUNTY_CODES.join(', ')} (361121, the former 上饶县, is read as 361104).`,
        });
    }
    if (ok.length) filters.counties = uniq(ok);
  }

  const measureRaw = single('measure');
  if (measureRaw !== undefined) {
    const ok: number[] = [];
    for (const v of splitList(measureRaw)) {
      const n = /^\d{1,2}$/.test(v) ? Number(v) : NaN;
      if (MEASURE_IDS.includes(n)) ok.push(n);
      else
        problems.push({
          parameter: 'measure',
          value: truncate(v),
          message: `Unknown measure "${truncate(v)}"; allowed: whole numbers 1 to 23.`,
        });
    }
    if (ok.length) filters.measures = uniq(ok).sort((a, b) => a - b);
  }

  const statusRaw = single('status');
  if (statusRaw !== undefined) {
    const ok: Status[] = [];
    for (const v of splitList(statusRaw)) {
      if ((STATUSES as readonly string[]).includes(v)) ok.push(v as Status);
      else
        problems.push({
          parameter: 'status',
          value: truncate(v),
          message: `Unknown status "${truncate(v)}"; allowed: ${STATUSES.join(', ')}.`,
        });
    }
    if (ok.length) filters.statuses = uniq(ok);
  }

  const qRaw = single('q');
  if (qRaw !== undefined) {
    const q = qRaw.trim();
    if (q.length > MAX_Q_LENGTH)
      problems.push({
        parameter: 'q',
        value: truncate(q),
        message: `Search text is ${q.length} characters long; at most ${MAX_Q_LENGTH} are allowed.`,
      });
    else if (q.length > 0) filters.q = q;
  }

  if (opts.allowBbox) {
    const bboxRaw = single('bbox');
    if (bboxRaw !== undefined) {
      const result = parseBbox(bboxRaw);
      if (typeof result === 'string') problems.push({ parameter: 'bbox', value: truncate(bboxRaw), message: result });
      else filters.bbox = result;
    }
  }

  return { filters, problems };
}

/** A bbox, or the reason it is not one. */
export function parseBbox(raw: string): BBox | string {
  const allowed = 'allowed: bbox=minLon,minLat,maxLon,maxLat in WGS 84 degrees, with min < max, longitudes -180..180 and latitudes -90..90.';
  const parts = raw.split(',');
  if (parts.length !== 4) return `bbox has ${parts.length} number(s); ${allowed}`;
  const nums = parts.map((p) => (/^\s*-?\d+(\.\d+)?\s*$/.test(p) ? Number(p) : NaN));
  if (nums.some((n) => !Number.isFinite(n))) return `bbox must be four finite decimal numbers; ${allowed}`;
  const [minLon, minLat, maxLon, maxLat] = nums;
  if (minLon < -180 || maxLon > 180 || minLat < -90 || maxLat > 90) return `bbox is out of range; ${allowed}`;
  if (minLon >= maxLon || minLat >= maxLat) return `bbox is reversed or empty; ${allowed}`;
  return [minLon, minLat, maxLon, maxLat];
}

/** Filters back to URL parameters, in a stable order, omitting what is absent. */
export function serializeFilters(filters: Filters): URLSearchParams {
  const p = new URLSearchParams();
  if (filters.layers?.length) p.set('layers', filters.layers.join(','));
  if (filters.counties?.length) p.set('county', filters.counties.join(','));
  if (filters.measures?.length) p.set('measure', filters.measures.join(','));
  if (filters.statuses?.length) p.set('status', filters.statuses.join(','));
  if (filters.q) p.set('q', filters.q);
  if (filters.bbox) p.set('bbox', filters.bbox.join(','));
  return p;
}

/**
 * The filter in one canonical form: lists sorted, `q` normalised as matching sees it (core/match).
 * Filters that select the same features have the same canonical form.
 */
export function canonicalFilters(filters: Filters): Filters {
  const out: Filters = {};
  if (filters.layers) out.layers = [...filters.layers].sort();
  if (filters.counties) out.counties = [...filters.counties].sort();
  if (filters.measures) out.measures = [...filters.measures].sort((a, b) => a - b);
  if (filters.statuses) out.statuses = [...filters.statuses].sort();
  const q = filters.q === undefined ? '' : normalizeText(filters.q);
  if (q) out.q = q;
  if (filters.bbox) out.bbox = filters.bbox;
  return out;
}

/** A canonical string for a filter, fit as a cache key. */
export function filterKey(filters: Filters): string {
  return serializeFilters(canonicalFilters(filters)).toString();
}
