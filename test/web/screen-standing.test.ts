/**
 * The screen's target cards: standings (core/deadlines.ts) as words with a sign, sorted most
 * pressing first, and coloured ≥ 7:1 against the card (WCAG AAA 1.4.6: the screen is read across a room).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STANDINGS } from '../../core/deadlines';
import type { TargetFigure } from '../../web/src/lib/figures';
import { byStanding } from '../../web/src/screen/panels';
import { makeT } from '../../web/src/i18n';

const css = readFileSync(resolve(import.meta.dirname, '../../web/src/screen/screen.css'), 'utf8');
const varColor = (name: string) => new RegExp(`--${name}:\\s*(#[0-9a-f]{6})`, 'i').exec(css)![1];

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};

describe('standings on the screen', () => {
  it('colours every standing at least 7:1 against the card and the page', () => {
    for (const s of STANDINGS) {
      const m = new RegExp(`\\.scr-standing--${s}\\s*\\{\\s*color:\\s*(#[0-9a-f]{6})`, 'i').exec(css);
      expect(m, `a colour for ${s}`).not.toBeNull();
      expect(contrast(m![1], varColor('scr-panel')), s).toBeGreaterThanOrEqual(7);
      expect(contrast(m![1], varColor('scr-bg')), s).toBeGreaterThanOrEqual(7);
    }
  });

  it('says each standing in words with a sign (never colour alone), in both languages', () => {
    for (const lang of ['zh', 'en'] as const) {
      const t = makeT(lang);
      const words = STANDINGS.map((s) => t(`screen.standing.${s}`, { deadline: '2025-12-31' }));
      expect(new Set(words).size).toBe(STANDINGS.length);
      expect(words[STANDINGS.indexOf('missed')]).toMatch(/^✗.*2025-12-31/);
      expect(words[STANDINGS.indexOf('met')]).toMatch(/^✓/);
      // the short form in the narrow list of unmapped targets: still words with the sign
      const short = STANDINGS.map((s) => t(`screen.standingShort.${s}`));
      expect(new Set(short).size).toBe(STANDINGS.length);
      expect(short[STANDINGS.indexOf('missed')]).toMatch(/^✗ \S/);
    }
  });

  it('sorts the cards most pressing first, keeping the plan order within a standing', () => {
    const f = (id: string, standing?: TargetFigure['standing']) => ({ target: { id }, standing }) as TargetFigure;
    const sorted = byStanding([f('a', 'met'), f('b', 'open'), f('c', 'missed'), f('d'), f('e', 'not_reported'), f('g', 'missed'), f('h', 'no_deadline')]);
    expect(sorted.map((x) => x.target.id)).toEqual(['c', 'g', 'e', 'b', 'a', 'h', 'd']);
  });
});
