import { describe, expect, it } from 'vitest';
import { COUNTIES, STATUSES, type Status } from '../../core/contract';
import type { Filters } from '../../core/filters';
import { propsMatcher } from '../../web/src/lib/match';
import { FLAG, featureMasks, filterMasks, masksMatch, searchFlag, searchKey } from '../../web/src/map/masks';
import { tileProperties } from '../../server/tiles/mvt';
import { feature } from './factories';
import { prng as rng } from '../../scripts/data/synth';

describe('featureMasks', () => {
  it('sets one bit per county in COUNTIES order, per measure (k → bit k−1) and for the status', () => {
    const [c, m, s] = featureMasks({ counties: ['361102', '361181'], measures: [1, 23], status: 'completed' });
    expect(c).toBe((1 << 0) | (1 << 11));
    expect(m).toBe((1 << 0) | (1 << 22));
    expect(s).toBe(1 << STATUSES.indexOf('completed'));
  });
  it('reads the former 上饶县 code as 广信区 and ignores values it does not know', () => {
    expect(featureMasks({ counties: ['361121'], measures: [], status: 'planned' })[0]).toBe(1 << 2);
    expect(featureMasks({ counties: ['999999', ''], measures: [0, 24, 2.5], status: 'lost' })).toEqual([0, 0, 0]);
    expect(featureMasks({})).toEqual([0, 0, 0]);
  });
  it('gives the same masks from vector-tile properties (comma-wrapped strings) as from API properties', () => {
    const p = feature({ counties: ['361102', '361130', '361181'], measures: [4, 16, 23], status: 'in_progress' }).properties;
    const tile = tileProperties(p);
    expect(tile.counties).toBe(',361102,361130,361181,');
    expect(featureMasks(tile as never)).toEqual(featureMasks(p));
    expect(featureMasks(p)[1]).toBe(((1 << 3) | (1 << 15) | (1 << 22)) >>> 0);
  });
  it('uses every one of the 12 county bits', () => {
    const all = featureMasks({ counties: COUNTIES.map((c) => c.code) })[0];
    expect(all).toBe(0xfff);
  });
});

describe('filterMasks', () => {
  it('is all flags off without a filter', () => {
    expect(filterMasks({})).toEqual([0, 0, 0, 0]);
  });
  it('sets the masks and the flags of the parts in use', () => {
    const f = filterMasks({ counties: ['361130'], measures: [13], statuses: ['planned', 'unknown'], q: ' 篁岭 ' });
    expect(f).toEqual([1 << 10, 1 << 12, (1 << 0) | (1 << 3), FLAG.COUNTIES | FLAG.MEASURES | FLAG.STATUSES | FLAG.SEARCH]);
  });
  it('does not search for text that normalises to nothing', () => {
    expect(filterMasks({ q: '\u3000 ' })[3]).toBe(0);
  });
});

describe('searchFlag', () => {
  it('is 1 for every feature without q, and tests the normalised name, English name and id with q', () => {
    const p = feature().properties;
    expect(searchFlag(undefined)(p)).toBe(1);
    expect(searchFlag('ＨＵＡＮＧ')(p)).toBe(1);
    expect(searchFlag('篁')(p)).toBe(1);
    expect(searchFlag('scenic-huang')(p)).toBe(1);
    expect(searchFlag('婺源')(p)).toBe(0);
    expect(searchKey(' Huang ')).toBe(searchKey('huang'));
  });
});

describe('masksMatch (the shader test) answers as core/match does', () => {
  it('on 300 random features × 200 random filters', () => {
    const r = rng(18);
    const some = <T>(xs: readonly T[], p: number) => xs.filter(() => r() < p);
    const names = ['篁岭', '三清山', 'Poyang Lake', '婺源 江湾', 'Green park'];
    const feats = Array.from({ length: 300 }, (_, i) =>
      feature({
        id: `f-${i}`,
        name: names[i % names.length],
        name_en: names[(i + 2) % names.length],
        counties: some(COUNTIES.map((c) => c.code), 0.15),
        measures: some(Array.from({ length: 23 }, (_, k) => k + 1), 0.1),
        status: STATUSES[Math.floor(r() * STATUSES.length)] as Status,
      }).properties,
    );
    let shown = 0;
    let hidden = 0;
    const wrong: string[] = [];
    for (let k = 0; k < 200; k++) {
      const filters: Filters = {};
      if (r() < 0.5) filters.counties = some(COUNTIES.map((c) => c.code), 0.2);
      if (r() < 0.5) filters.measures = some(Array.from({ length: 23 }, (_, i) => i + 1), 0.15);
      if (r() < 0.4) filters.statuses = some(STATUSES, 0.5) as Status[];
      if (r() < 0.3) filters.q = ['岭', 'lake', 'f-1', '江湾', 'zzz'][Math.floor(r() * 5)];
      const expected = propsMatcher(filters);
      const fm = filterMasks(filters);
      const flag = searchFlag(filters.q);
      for (const p of feats) {
        const got = masksMatch(featureMasks(p), fm, flag(p));
        if (got !== expected(p)) wrong.push(`${p.id} under ${JSON.stringify(filters)}: masks say ${got}`);
        if (got) shown++;
        else hidden++;
      }
    }
    expect(wrong.slice(0, 5)).toEqual([]);
    // The comparison means something only if both answers occur often.
    expect(shown).toBeGreaterThan(5_000);
    expect(hidden).toBeGreaterThan(5_000);
  });
});
