/**
 * The host-page API of `/embed` over `window.postMessage` (docs/embed.md), as pure functions:
 * message validation, origin checks, the target origin of outgoing messages, and the public
 * shape of a selected feature. The embed's React code only wires these to `window`.
 *
 * In:  `{type:'setFilter', county?, measure?, layers?, status?}`, `{type:'selectFeature', id}`.
 * Out: `{type:'ready'}`, `{type:'select', feature}`, `{type:'filter'}`, `{type:'error'}` — each
 *      with `source: 'shangrao-green-map'` and `version: 1`.
 */
import type { ApiFeature } from '../../../core/api';
import { parseFilters, type Filters } from '../../../core/filters';
import { FEATURE_ID_PATTERN } from '../lib/urlState';

export const MESSAGE_SOURCE = 'shangrao-green-map';
export const PROTOCOL_VERSION = 1;

/** The filter keys `setFilter` accepts, mapped to the URL parameter each one mirrors. */
export const SET_FILTER_KEYS = { county: 'counties', measure: 'measures', layers: 'layers', status: 'statuses' } as const;
type PatchKey = keyof typeof SET_FILTER_KEYS;
type FilterField = (typeof SET_FILTER_KEYS)[PatchKey];

/** What a `setFilter` changes: a field set to undefined is cleared (= all); absent fields are kept. */
export type FilterPatch = Partial<Pick<Filters, FilterField>>;

export type Inbound =
  | { kind: 'ignore' }
  | { kind: 'error'; request?: string; message: string }
  | { kind: 'setFilter'; patch: FilterPatch }
  | { kind: 'selectFeature'; id: string | null };

const ALLOWED_VALUE = 'a comma-separated string, an array of strings or numbers, or null to clear';

function listValue(v: unknown): string | null | undefined {
  if (v === null) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (Array.isArray(v) && v.length <= 100 && v.every((x) => typeof x === 'string' || (typeof x === 'number' && Number.isFinite(x)))) return v.join(',');
  return undefined;
}

/**
 * Validate a message from the host page. Messages that are not ours (no known `type`) are
 * ignored — other scripts on the host post messages too; ours with bad fields are errors, and
 * nothing of an erroneous message is applied.
 */
export function parseInbound(data: unknown, layerIds: readonly string[]): Inbound {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return { kind: 'ignore' };
  const msg = data as Record<string, unknown>;
  if (msg.type === 'setFilter') {
    const patch: FilterPatch = {};
    for (const key of Object.keys(msg)) {
      if (key === 'type' || key === 'source' || key === 'version') continue;
      if (!Object.prototype.hasOwnProperty.call(SET_FILTER_KEYS, key))
        return { kind: 'error', request: 'setFilter', message: `setFilter has an unknown field "${key.slice(0, 40)}"; allowed: ${Object.keys(SET_FILTER_KEYS).join(', ')}.` };
      const raw = listValue(msg[key]);
      if (raw === undefined) return { kind: 'error', request: 'setFilter', message: `setFilter.${key} must be ${ALLOWED_VALUE}.` };
      const field = SET_FILTER_KEYS[key as PatchKey];
      if (raw === null || raw.trim() === '') {
        patch[field] = undefined;
        continue;
      }
      const { filters, problems } = parseFilters(new URLSearchParams([[key, raw]]), { layerIds });
      if (problems.length) return { kind: 'error', request: 'setFilter', message: `setFilter.${key}: ${problems.map((p) => p.message).join(' ')}` };
      (patch as Record<string, unknown>)[field] = filters[field];
    }
    return { kind: 'setFilter', patch };
  }
  if (msg.type === 'selectFeature') {
    const id = msg.id;
    if (id === null || id === '') return { kind: 'selectFeature', id: null };
    if (typeof id !== 'string' || id.length > 120 || !FEATURE_ID_PATTERN.test(id))
      return { kind: 'error', request: 'selectFeature', message: 'selectFeature.id must be a feature id (lowercase letters, digits and "-"), or null to clear the selection.' };
    return { kind: 'selectFeature', id };
  }
  return { kind: 'ignore' };
}

/** Apply a validated patch: present fields replace, cleared fields are removed. */
export function applyFilterPatch(filters: Filters, patch: FilterPatch): Filters {
  const next: Filters = { ...filters };
  for (const field of Object.keys(patch) as FilterField[]) {
    const v = patch[field];
    if (v === undefined) delete next[field];
    else (next as Record<string, unknown>)[field] = v;
  }
  return next;
}

/** `https://a.example:8443` from any URL or origin string; undefined for opaque or invalid ones. */
export function normalizeOrigin(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const o = new URL(value).origin;
    return o === 'null' ? undefined : o;
  } catch {
    return undefined;
  }
}

/**
 * Whether `origin` may talk to the embed. An empty list means any origin (the embed is public).
 * Entries are origins (`https://news.example`) or CSP-style subdomain wildcards
 * (`https://*.example.gov.cn`); `'self'` and paths are tolerated.
 */
export function isAllowedOrigin(origin: string | undefined, allowed: readonly string[], self?: string): boolean {
  if (!allowed.length) return true;
  const o = normalizeOrigin(origin);
  if (!o) return false;
  const { protocol, host } = new URL(o);
  return allowed.some((raw) => {
    const entry = raw.trim().replace(/^'|'$/g, '');
    if (entry === 'self') return !!self && normalizeOrigin(self) === o;
    const m = /^(https?:)\/\/\*\.([^/]+)/i.exec(entry);
    if (m) return protocol === m[1].toLowerCase() && host.toLowerCase().endsWith(`.${m[2].toLowerCase()}`);
    return normalizeOrigin(entry) === o;
  });
}

/** The origin of the page framing us, as the browser tells it: ancestorOrigins, else the referrer. */
export function parentOrigin(ancestorOrigins: ArrayLike<string> | undefined, referrer: string): string | undefined {
  return normalizeOrigin(ancestorOrigins && ancestorOrigins.length ? ancestorOrigins[0] : undefined) ?? normalizeOrigin(referrer);
}

/**
 * Where to post: with no configured origins, to the parent's origin when known, else '*' (the
 * data is public). With configured origins, only to a parent origin on the list — or to the one
 * configured origin when there is exactly one — never '*'; null means "post nothing".
 */
export function targetOrigin(allowed: readonly string[], parent: string | undefined, self?: string): string | null {
  if (!allowed.length) return parent ?? '*';
  if (parent && isAllowedOrigin(parent, allowed, self)) return parent;
  const concrete = allowed.map((a) => a.trim()).filter((a) => !a.includes('*') && !a.startsWith("'"));
  if (concrete.length === 1 && allowed.length === 1) return normalizeOrigin(concrete[0]) ?? null;
  return null;
}

/** The public fields of a feature that a host page receives with `select`. */
export interface SelectedFeature {
  id: string;
  name: string;
  name_en: string;
  layer: string;
  measures: number[];
  status: string;
  counties: string[];
  precision: string;
  outside: boolean;
  zone?: string;
  clause: string;
  quote: string;
  /** How the geometry was placed (Chinese). */
  location_note: string;
  /** The same note in English. */
  location_note_en: string;
  /** Full-map link to this feature. */
  url: string;
}

/** An allow-list copy: whatever else a feature object carries never reaches the host page. */
export function selectedFeature(f: ApiFeature, url: string): SelectedFeature {
  const p = f.properties;
  const out: SelectedFeature = {
    id: p.id,
    name: p.name,
    name_en: p.name_en,
    layer: p.layer,
    measures: [...p.measures],
    status: p.status,
    counties: [...(p.counties ?? [])],
    precision: p.precision,
    outside: !!p.outside,
    clause: p.clause,
    quote: p.quote,
    location_note: p.location_note,
    location_note_en: p.location_note_en,
    url,
  };
  if (p.zone) out.zone = p.zone;
  return out;
}

/** The filter as the host page sees it: the same keys `setFilter` takes. */
export interface HostFilter {
  county: string[] | null;
  measure: number[] | null;
  layers: string[] | null;
  status: string[] | null;
}

export function hostFilter(f: Filters): HostFilter {
  return { county: f.counties ?? null, measure: f.measures ?? null, layers: f.layers ?? null, status: f.statuses ?? null };
}

const envelope = { source: MESSAGE_SOURCE, version: PROTOCOL_VERSION } as const;

export type Outbound =
  | { type: 'ready'; filter: HostFilter; matched: number; source: string; version: number }
  | { type: 'select'; feature: SelectedFeature; source: string; version: number }
  | { type: 'filter'; filter: HostFilter; matched: number; source: string; version: number }
  | { type: 'error'; request?: string; message: string; source: string; version: number };

export const readyMessage = (f: Filters, matched: number): Outbound => ({ type: 'ready', filter: hostFilter(f), matched, ...envelope });
export const selectMessage = (feature: SelectedFeature): Outbound => ({ type: 'select', feature, ...envelope });
export const filterMessage = (f: Filters, matched: number): Outbound => ({ type: 'filter', filter: hostFilter(f), matched, ...envelope });
export const errorMessage = (message: string, request?: string): Outbound => ({ type: 'error', ...(request ? { request } : {}), message, ...envelope });
