/**
 * A fast path for the one hot schema of a load: a feature's properties. Checks by hand what zod's
 * `FeaturePropertiesSchema` checks and builds the same output (defaults filled, keys in the
 * schema's order); the few nested objects (sources as objects, aims, status evidence, existing)
 * go through their own zod schemas. Answers `undefined` whenever it is not certain zod would
 * accept the value unchanged (a string with surrounding white space zod would trim, an unknown
 * key, a wrong type, …): the caller then runs zod itself, so a bad feature gets zod's exact
 * message. Pure.
 */
import type { z } from 'zod';
import { LAYER_ID_PATTERN, PRECISIONS, STATUSES } from '../../core/contract';
import { FeaturePropertiesSchema, type FeatureProperties } from '../../core/schema';

const SHAPE = FeaturePropertiesSchema.shape;
const KEYS = Object.keys(SHAPE) as (keyof FeatureProperties)[];
const KNOWN = new Set<string>(KEYS);
const STATUS_SET = new Set<string>(STATUSES);
const PRECISION_SET = new Set<string>(PRECISIONS);
const LOCATION_SOURCES = new Set<string>(['cited', 'plan', 'none_found']);
const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const CLAUSE = /^（[一二三四五六七八九十]+）$/;
const COUNTY = /^\d{6}$/;
/** The element schema of `sources` (a string or a source object) and of `aims`. */
const SOURCE_ITEM = (SHAPE.sources.unwrap() as unknown as z.ZodArray<z.ZodType>).element;
const AIM_ITEM = (SHAPE.aims.unwrap() as unknown as z.ZodArray<z.ZodType>).element;

const FAIL = Symbol('fail');
type Out = unknown | typeof FAIL;

/** A string zod's `z.string().trim().min(1)` passes unchanged. */
const isNonEmpty = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.trim() === v;

/** Through a (small, nested) zod schema: its output, or FAIL. */
function viaZod(schema: z.ZodType, v: unknown): Out {
  const r = schema.safeParse(v);
  return r.success ? r.data : FAIL;
}

function measures(v: unknown): Out {
  if (!Array.isArray(v) || v.length === 0) return FAIL;
  for (const m of v) if (!(typeof m === 'number' && Number.isInteger(m) && m >= 1 && m <= 23)) return FAIL;
  return v;
}

function sources(v: unknown): Out {
  if (!Array.isArray(v)) return FAIL;
  let out: unknown[] | undefined;
  for (let i = 0; i < v.length; i++) {
    const s = v[i];
    if (isNonEmpty(s)) {
      out?.push(s);
      continue;
    }
    if (typeof s === 'string') return FAIL;
    const parsed = viaZod(SOURCE_ITEM, s);
    if (parsed === FAIL) return FAIL;
    out ??= v.slice(0, i);
    out.push(parsed);
  }
  return out ?? v;
}

function aims(v: unknown): Out {
  if (!Array.isArray(v)) return FAIL;
  const out: unknown[] = [];
  for (const a of v) {
    const parsed = viaZod(AIM_ITEM, a);
    if (parsed === FAIL) return FAIL;
    out.push(parsed);
  }
  return out;
}

function planCounties(v: unknown): Out {
  if (!Array.isArray(v)) return FAIL;
  for (const c of v) if (!(typeof c === 'string' && COUNTY.test(c))) return FAIL;
  return v;
}

/** Per key: the checked value (or FAIL); `undefined` in stands for an absent key. */
const CHECK: Record<keyof FeatureProperties, (v: unknown) => Out> = {
  id: (v) => (typeof v === 'string' && ID.test(v) ? v : FAIL),
  name: (v) => (isNonEmpty(v) ? v : FAIL),
  name_en: (v) => (isNonEmpty(v) ? v : FAIL),
  layer: (v) => (typeof v === 'string' && LAYER_ID_PATTERN.test(v) ? v : FAIL),
  measures,
  status: (v) => (typeof v === 'string' && STATUS_SET.has(v) ? v : FAIL),
  status_date: (v) => (v === undefined || (typeof v === 'string' && DAY.test(v)) ? v : FAIL),
  status_evidence: (v) => (v === undefined ? v : viaZod(SHAPE.status_evidence, v)),
  clause: (v) => (typeof v === 'string' && CLAUSE.test(v) ? v : FAIL),
  quote: (v) => (isNonEmpty(v) ? v : FAIL),
  precision: (v) => (typeof v === 'string' && PRECISION_SET.has(v) ? v : FAIL),
  outside: (v) => (v === undefined ? false : typeof v === 'boolean' ? v : FAIL),
  zone: (v) => (v === undefined || typeof v === 'string' ? v : FAIL),
  aims: (v) => (v === undefined ? [] : aims(v)),
  location_note: (v) => (isNonEmpty(v) ? v : FAIL),
  location_note_en: (v) => (isNonEmpty(v) ? v : FAIL),
  sources: (v) => (v === undefined ? [] : sources(v)),
  location_source: (v) => (v === undefined || (typeof v === 'string' && LOCATION_SOURCES.has(v)) ? v : FAIL),
  plan_counties: (v) => (v === undefined ? v : planCounties(v)),
  existing: (v) => (v === undefined ? v : viaZod(SHAPE.existing, v)),
  internal_note: (v) => (v === undefined || typeof v === 'string' ? v : FAIL),
};

/**
 * `FeaturePropertiesSchema.parse(raw)` when `raw` is valid and the fast checks can tell; undefined
 * when it is invalid or they cannot (run zod for the verdict and its message).
 */
export function fastFeatureProperties(raw: unknown): FeatureProperties | undefined {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const obj = raw as Record<string, unknown>;
  for (const k in obj) if (!KNOWN.has(k) || obj[k] === undefined) return undefined;
  const out: Record<string, unknown> = {};
  for (const k of KEYS) {
    const v = CHECK[k](obj[k]);
    if (v === FAIL) return undefined;
    if (v !== undefined) out[k] = v;
  }
  return out as FeatureProperties;
}

/** Keys whose value the fast path may replace (a default, or a nested object through zod). */
const NORMALISED = new Set<string>(['outside', 'aims', 'sources', 'status_evidence', 'existing']);
/** Keys zod trims (`nonEmpty`): a value with white space around is not taken as it is. */
const TRIMMED = new Set<string>(['name', 'name_en', 'quote', 'location_note', 'location_note_en']);
const TAKE = 0;
const NORMALISE = 1;
const TRIM = 2;
/** Per key of KEYS (same index): what the trusted path does with it. */
const KIND = KEYS.map((k) => (NORMALISED.has(k) ? NORMALISE : TRIMMED.has(k) ? TRIM : TAKE));

/**
 * The output `fastFeatureProperties` (or zod) gives for properties that were validated before —
 * the same release, by its content hash — without checking them again: defaults filled and nested
 * objects through their schemas as there, the plain values taken as they are. Undefined when it
 * cannot be sure to give that output (a value zod would trim, not an object): the caller then runs
 * the full checks. Never use it on input not validated before: it checks nothing else.
 */
export function trustedFeatureProperties(raw: unknown): FeatureProperties | undefined {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const obj = raw as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (let i = 0; i < KEYS.length; i++) {
    const k = KEYS[i];
    let v = obj[k];
    const kind = KIND[i];
    if (kind === NORMALISE) {
      v = CHECK[k](v);
      if (v === FAIL) return undefined;
    } else if (kind === TRIM && !isNonEmpty(v)) return undefined;
    if (v !== undefined) out[k] = v;
  }
  return out as FeatureProperties;
}
