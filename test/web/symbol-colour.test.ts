import { readFileSync } from 'node:fs';
import { wcagContrast } from 'culori';
import { describe, expect, it } from 'vitest';
import { basemapSurfaces, minContrast, symbolColour } from '../../web/src/map/symbol-colour';

const layers = JSON.parse(readFileSync(new URL('../../data/layers.json', import.meta.url), 'utf8')) as { id: string; color: string }[];

describe('map symbols reach 3:1 against every surface of the basemap (WCAG 2.2 1.4.11)', () => {
  for (const theme of ['light', 'dark'] as const) {
    it(`every layer of data/layers.json on the ${theme} theme`, () => {
      for (const l of layers) {
        const c = symbolColour(l.color, theme);
        for (const s of basemapSurfaces(theme)) expect(wcagContrast(c, s), `${l.id} ${c} on ${s}`).toBeGreaterThanOrEqual(3);
      }
    });
  }

  it('keeps a colour that already reaches 3:1, and moves one that does not', () => {
    expect(symbolColour('#6d597a', 'light')).toBe('#6d597a');
    expect(minContrast('#f4a261', 'light')).toBeLessThan(3);
    const darker = symbolColour('#f4a261', 'light');
    expect(darker).not.toBe('#f4a261');
    expect(minContrast(darker, 'light')).toBeGreaterThanOrEqual(3);
    // only as far as needed: one step less would not reach 3:1
    expect(minContrast(darker, 'light')).toBeLessThan(3.3);
    const lighter = symbolColour('#457b9d', 'dark');
    expect(minContrast(lighter, 'dark')).toBeGreaterThanOrEqual(3);
  });

  it('the surfaces are the basemap palette, so a change to style.ts is checked too', () => {
    expect(basemapSurfaces('light')).toContain('#f8faf5');
    expect(basemapSurfaces('dark')).toContain('#07111b');
  });
});
