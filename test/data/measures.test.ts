import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MeasureSchema } from '../../core/schema';
import { buildMeasures } from '../../scripts/data/build-measures';
import { normalisePlanText, planParagraphs, SEED_PATH } from '../../scripts/data/plan-text';

const seed = readFileSync(SEED_PATH, 'utf8');
const plan = normalisePlanText(seed);
const shipped = MeasureSchema.array().parse(JSON.parse(readFileSync('data/measures.json', 'utf8')));

describe('plan text', () => {
  it('mends a word repeated across a page break and the stray "and"', () => {
    const joined = planParagraphs('一、标题\n\n（一）开发\n\n区、棚户区 and 城镇 (市)\n');
    expect(joined).toEqual(['一、标题', '（一）开发区、棚户区和城镇（市）']);
  });
});

describe('data/measures.json', () => {
  it('is what build-measures makes from the seed (regenerate with npx tsx scripts/data/build-measures.ts)', () => {
    expect(shipped).toEqual(buildMeasures(seed));
  });

  it('has the 23 measures in order with sections 1–8', () => {
    expect(shipped.map((m) => m.id)).toEqual(Array.from({ length: 23 }, (_, i) => i + 1));
    expect(new Set(shipped.map((m) => m.section))).toEqual(new Set([1, 2, 3, 4, 5, 6, 7, 8]));
    expect(shipped[7].section).toBe(3);
  });

  it.each(shipped.map((m) => [m.id, m] as const))('measure %i: text and target quotes are the plan’s words; title is the text before the first 。', (_, m) => {
    expect(plan).toContain(m.text);
    expect(m.title).toBe(m.text.slice(0, m.text.indexOf('。')));
    expect(m.text).not.toMatch(/按职责分工负责|\s|and/);
    for (const t of m.targets) expect(plan).toContain(t.quote);
  });

  it('lists departments as separate names', () => {
    expect(shipped[7].departments).toContain('省民航机场集团上饶机场分公司');
    expect(shipped[11].departments).toContain('市市场监管局');
    expect(shipped[20].departments).toEqual(['市发改委', '市生态环境局', '市水利局', '市林业局']);
    expect(shipped[0].departments).toEqual([]);
  });

  it('states the targets the plan gives', () => {
    const t = Object.fromEntries(shipped.flatMap((m) => m.targets.map((x) => [x.id, x])));
    expect(t['m2-green-zones-and-factories']).toMatchObject({ value: 20, comparator: 'at_least', year: 2025 });
    expect(t['m9-recycling-point-every-village']).toMatchObject({ value: null, comparator: 'all', year: 2025 });
    expect(t['m13-piped-gas-every-county']).toMatchObject({ comparator: 'all', year: null, tracked_by: { layer: 'gas-pipelines', unit: 'counties' } });
    expect(t['m14-urban-drainage-campaign']).toMatchObject({ start_year: 2021, year: 2023 });
    expect(t['m14-town-sewage-coverage']).toMatchObject({ comparator: 'all' });
    expect([t['m15-expressway-asphalt-recycling'].value, t['m15-trunk-road-asphalt-recycling'].value]).toEqual([98, 95]);
  });
});
