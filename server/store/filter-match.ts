/** The memory store's evaluation of a FilterExpr (meaning documented in filter.ts). */
import { bbox as turfBbox } from '@turf/bbox';
import { booleanIntersects } from '@turf/boolean-intersects';
import type { Geometry } from 'geojson';
import type { PublicFeatureProperties } from '../../core/api';
import { FILTER_PROPERTIES, type FilterExpr, type Literal } from './filter';

/** What a filter reads of a feature. */
export interface FilterSubject {
  properties: PublicFeatureProperties;
  geometry: Geometry;
  bbox: [number, number, number, number];
}

type Truth = boolean | null;

const compare = (op: string, a: Literal, b: Literal): boolean => {
  if (typeof a !== typeof b) return op === '<>';
  switch (op) {
    case '=':
      return a === b;
    case '<>':
      return a !== b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    default:
      return a >= b;
  }
};

const likeCache = new Map<string, RegExp>();
/** Characters with a meaning in a RegExp (with the u flag only these may be escaped). */
const REGEX_SPECIAL = /[.*+?^${}()|[\]\\]/g;

/** CQL2 LIKE pattern → anchored RegExp: `%` any run, `_` one character, `\` escapes. */
export function likeToRegExp(pattern: string): RegExp {
  let re = likeCache.get(pattern);
  if (re) return re;
  let src = '';
  const chars = [...pattern];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (ch === '\\' && i + 1 < chars.length) src += chars[++i].replace(REGEX_SPECIAL, '\\$&');
    else if (ch === '%') src += '.*';
    else if (ch === '_') src += '.';
    else src += ch.replace(REGEX_SPECIAL, '\\$&');
  }
  re = new RegExp(`^${src}$`, 'su');
  if (likeCache.size > 1000) likeCache.clear();
  likeCache.set(pattern, re);
  return re;
}

function valuesOf(subject: FilterSubject, property: string): { list: boolean; values: Literal[] } {
  const info = FILTER_PROPERTIES[property];
  const raw = (subject.properties as unknown as Record<string, unknown>)[info?.source ?? property];
  if (info?.list) return { list: true, values: Array.isArray(raw) ? (raw as Literal[]) : [] };
  return { list: false, values: raw === undefined || raw === null ? [] : [raw as Literal] };
}

/** Scalar: null when the property is null; list: whether any element satisfies. */
function test(subject: FilterSubject, property: string, pred: (v: Literal) => boolean): Truth {
  const { list, values } = valuesOf(subject, property);
  if (!list && values.length === 0) return null;
  return values.some(pred);
}

const bboxesMeet = (a: number[], b: number[]) => a[0] <= b[2] && a[2] >= b[0] && a[1] <= b[3] && a[3] >= b[1];
const geometryBboxes = new WeakMap<object, number[]>();
const bboxOf = (g: Geometry) => {
  let b = geometryBboxes.get(g);
  if (!b) geometryBboxes.set(g, (b = turfBbox(g)));
  return b;
};

function evaluate(e: FilterExpr, s: FilterSubject): Truth {
  switch (e.op) {
    case 'and': {
      let out: Truth = true;
      for (const a of e.args) {
        const v = evaluate(a, s);
        if (v === false) return false;
        if (v === null) out = null;
      }
      return out;
    }
    case 'or': {
      let out: Truth = false;
      for (const a of e.args) {
        const v = evaluate(a, s);
        if (v === true) return true;
        if (v === null) out = null;
      }
      return out;
    }
    case 'not': {
      const v = evaluate(e.arg, s);
      return v === null ? null : !v;
    }
    case '<>': {
      if (FILTER_PROPERTIES[e.property]?.list) return !test(s, e.property, (v) => compare('=', v, e.value));
      return test(s, e.property, (v) => compare('<>', v, e.value));
    }
    case '=':
    case '<':
    case '<=':
    case '>':
    case '>=':
      return test(s, e.property, (v) => compare(e.op, v, e.value));
    case 'like': {
      const re = likeToRegExp(e.pattern);
      return test(s, e.property, (v) => typeof v === 'string' && re.test(v));
    }
    case 'in':
      return test(s, e.property, (v) => e.values.some((x) => compare('=', v, x)));
    case 'isNull':
      return valuesOf(s, e.property).values.length === 0;
    case 'intersects':
      return bboxesMeet(s.bbox, bboxOf(e.geometry)) && booleanIntersects(s.geometry, e.geometry);
  }
}

/** Whether the feature matches: an expression that is unknown at the top does not. */
export function matchesFilter(e: FilterExpr, subject: FilterSubject): boolean {
  return evaluate(e, subject) === true;
}
