/**
 * The fast path for feature properties (server/dataset/fast-properties.ts) gives zod's verdict
 * and zod's output: on the shipped features, on a generated batch, and on each of many broken
 * variants — where it must step aside (undefined) so zod reports the problem.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FeaturePropertiesSchema } from '../../core/schema';
import { fastFeatureProperties, trustedFeatureProperties } from '../../server/dataset/fast-properties';
import { writeSynthDataset } from '../../scripts/data/synth';

const ROOT = resolve(import.meta.dirname, '../..');

function propertiesIn(dir: string): Record<string, unknown>[] {
  return readdirSync(join(dir, 'layers')).flatMap((f) => (JSON.parse(readFileSync(join(dir, 'layers', f), 'utf8')) as { features: { properties: Record<string, unknown> }[] }).features.map((x) => x.properties));
}

/** The same verdict as zod; when both accept, the same output, keys in the same order. */
function expectSameAsZod(raw: unknown): 'fast' | 'zod' {
  const z = FeaturePropertiesSchema.safeParse(raw);
  const fast = fastFeatureProperties(raw);
  if (!z.success) {
    expect(fast, `zod refuses ${JSON.stringify(raw).slice(0, 300)} but the fast path accepted it`).toBeUndefined();
    return 'zod';
  }
  if (fast === undefined) return 'zod';
  expect(JSON.stringify(fast)).toBe(JSON.stringify(z.data));
  return 'fast';
}

const shipped = propertiesIn(join(ROOT, 'data'));

describe('fastFeatureProperties', () => {
  it('accepts every shipped feature with the output zod gives, all on the fast path', () => {
    expect(shipped.length).toBeGreaterThan(30);
    const paths = shipped.map(expectSameAsZod);
    // Shipped features carry aims, source objects and `existing`: nested zod, still the fast path.
    expect(paths.filter((p) => p === 'fast').length).toBe(shipped.length);
  });

  it('accepts a generated batch, every feature on the fast path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sgm-fast-props-'));
    try {
      writeSynthDataset(700, dir, 7);
      const batch = propertiesIn(dir);
      expect(batch).toHaveLength(700);
      expect(batch.map(expectSameAsZod).every((p) => p === 'fast')).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const base = shipped.find((p) => Array.isArray(p.sources) && p.sources.some((s) => typeof s === 'object') && Array.isArray(p.aims) && p.aims.length > 0)!;
  const source = (base.sources as Record<string, unknown>[]).find((s) => typeof s === 'object')!;
  const aim = (base.aims as Record<string, unknown>[])[0];
  const without = (k: string) => Object.fromEntries(Object.entries(base).filter(([key]) => key !== k));
  const variants: [string, Record<string, unknown>][] = [
    ['an unknown key', { ...base, colour: 'green' }],
    ['a key set to undefined', { ...base, zone: undefined }],
    ['a __proto__ key', JSON.parse(`{"__proto__": {"x": 1}, ${JSON.stringify(base).slice(1)}`)],
    ...['id', 'name', 'name_en', 'layer', 'measures', 'status', 'clause', 'quote', 'precision', 'location_note', 'location_note_en'].map((k): [string, Record<string, unknown>] => [`no ${k}`, without(k)]),
    ...['outside', 'aims', 'sources', 'existing', 'location_source', 'plan_counties'].map((k): [string, Record<string, unknown>] => [`no ${k} (optional or defaulted)`, without(k)]),
    ['an id with capitals', { ...base, id: 'Park-A' }],
    ['an id with a trailing hyphen', { ...base, id: 'park-' }],
    ['a name with spaces around it (zod trims)', { ...base, name: ' 公园 ' }],
    ['a name of spaces', { ...base, name: '   ' }],
    ['an empty name_en', { ...base, name_en: '' }],
    ['a numeric name', { ...base, name: 42 }],
    ['a layer id with a digit', { ...base, layer: 'parks2' }],
    ['no measures', { ...base, measures: [] }],
    ['measure 0', { ...base, measures: [0] }],
    ['measure 24', { ...base, measures: [24] }],
    ['measure 1.5', { ...base, measures: [1.5] }],
    ['a measure as text', { ...base, measures: ['3'] }],
    ['a status not in the list', { ...base, status: 'done' }],
    ['a status date', { ...base, status_date: '2024-05-01' }],
    ['a status date not a day', { ...base, status_date: '2024-5-1' }],
    ['status evidence', { ...base, status_evidence: { title: '报告', url: 'https://example.org/a' } }],
    ['status evidence with spaces (zod trims)', { ...base, status_evidence: { title: ' 报告 ' } }],
    ['status evidence with an unknown key', { ...base, status_evidence: { title: '报告', page: 3 } }],
    ['a clause in ASCII brackets', { ...base, clause: '(二)' }],
    ['a precision not in the list', { ...base, precision: 'exact' }],
    ['outside true', { ...base, outside: true }],
    ['outside as text', { ...base, outside: 'yes' }],
    ['a zone', { ...base, zone: '核心区' }],
    ['a numeric zone', { ...base, zone: 3 }],
    ['aims not an array', { ...base, aims: aim }],
    ['an aim with a bad id', { ...base, aims: [{ ...aim, id: 'Bad Id' }] }],
    ['an aim with spaces (zod trims)', { ...base, aims: [{ ...aim, name: ` ${String(aim.name)} ` }] }],
    ['sources with a string', { ...base, sources: ['某来源'] }],
    ['sources with an empty string', { ...base, sources: [''] }],
    ['sources with a padded string (zod trims)', { ...base, sources: [' 某来源 '] }],
    ['sources with a number', { ...base, sources: [3] }],
    ['a source with a bad url', { ...base, sources: [{ ...source, url: 'not a url' }] }],
    ['a source with no about', { ...base, sources: [{ ...source, about: [] }] }],
    ['a source object after a string', { ...base, sources: ['某来源', source] }],
    ['a location source not in the list', { ...base, location_source: 'guess' }],
    ['plan counties', { ...base, plan_counties: ['361102', '361104'] }],
    ['a plan county of 5 digits', { ...base, plan_counties: ['36110'] }],
    ['existing with a year', { ...base, existing: { since: 2017, source: null } }],
    ['existing in the future', { ...base, existing: { since: 2200, source: null } }],
    ['existing with an unknown key', { ...base, existing: { since: null, source: null, note: 'x' } }],
    ['an internal note', { ...base, internal_note: '内部' }],
    ['a numeric internal note', { ...base, internal_note: 1 }],
  ];

  it.each(variants)('%s: the same verdict and output as zod', (_what, raw) => {
    expectSameAsZod(raw);
  });

  it('refuses what is not an object', () => {
    for (const raw of [null, undefined, 'x', 3, [], [base]]) {
      expect(FeaturePropertiesSchema.safeParse(raw).success).toBe(false);
      expect(fastFeatureProperties(raw)).toBeUndefined();
    }
  });

  it('takes the fast path for the valid variants (nested values through their own schemas)', () => {
    const fast = variants.filter(([, raw]) => expectSameAsZod(raw) === 'fast').map(([what]) => what);
    expect(fast).toEqual(expect.arrayContaining(['a status date', 'status evidence', 'outside true', 'a zone', 'sources with a string', 'a source object after a string', 'plan counties', 'existing with a year', 'an internal note']));
  });
});

/**
 * A release validated before (the state took it in) is only normalised at the next start
 * (`trustedFeatureProperties`): for every input zod accepts, the same output as zod, or undefined
 * (then the full checks run).
 */
function expectTrustedAsZod(raw: unknown): 'trusted' | 'checked' {
  const z = FeaturePropertiesSchema.safeParse(raw);
  if (!z.success) return 'checked'; // never validated, so never trusted
  const t = trustedFeatureProperties(raw);
  if (t === undefined) return 'checked';
  expect(JSON.stringify(t)).toBe(JSON.stringify(z.data));
  return 'trusted';
}

describe('trustedFeatureProperties', () => {
  it('gives zod\'s output for every shipped feature, all without the checks', () => {
    expect(shipped.map(expectTrustedAsZod).every((p) => p === 'trusted')).toBe(true);
  });

  it('gives zod\'s output for a generated batch, all without the checks', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sgm-trusted-props-'));
    try {
      writeSynthDataset(700, dir, 11);
      const batch = propertiesIn(dir);
      expect(batch).toHaveLength(700);
      expect(batch.map(expectTrustedAsZod).every((p) => p === 'trusted')).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const base = shipped.find((p) => Array.isArray(p.sources) && p.sources.some((s) => typeof s === 'object') && Array.isArray(p.aims) && p.aims.length > 0)!;
  it.each([
    ['no outside, aims or sources (defaults)', Object.fromEntries(Object.entries(base).filter(([k]) => !['outside', 'aims', 'sources'].includes(k)))],
    ['a name with spaces around it (zod trims)', { ...base, name: ' 公园 ' }],
    ['a location note with spaces around it', { ...base, location_note_en: 'Near the lake ' }],
    ['status evidence with spaces (zod trims)', { ...base, status_evidence: { title: ' 报告 ' } }],
    ['sources with a padded string (zod trims)', { ...base, sources: [' 某来源 '] }],
    ['existing with a year', { ...base, existing: { since: 2017, source: null } }],
  ])('%s: zod\'s output, or the full checks', (_what, raw) => {
    expectTrustedAsZod(raw);
  });

  it('leaves a value zod would trim to the full checks', () => {
    expect(trustedFeatureProperties({ ...base, name: ' 公园 ' })).toBeUndefined();
    expect(trustedFeatureProperties(null)).toBeUndefined();
    expect(trustedFeatureProperties([base])).toBeUndefined();
  });
});
