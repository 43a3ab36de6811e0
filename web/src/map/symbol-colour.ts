/**
 * The colour a layer's symbols are drawn in on a given basemap theme. WCAG 2.2 1.4.11 (non-text
 * contrast) asks 3:1 for the graphics needed to understand the map — lines, outlines and point
 * symbols — against what is next to them: here every surface of our own basemap (sea/background,
 * neighbouring prefectures, county fill, hovered and selected county). A layer's registry colour
 * (data/layers.json) is kept where it already reaches 3:1 on all of them; otherwise its OKLCH
 * lightness is moved (darker on the light theme, lighter on the dark one), hue and chroma kept as
 * far as the sRGB gamut allows, until it does. Pure; memoised per (colour, theme).
 */
import { clampChroma, formatHex, oklch, wcagContrast } from 'culori';
import { PALETTES, type Theme } from './style';

export const MIN_SYMBOL_CONTRAST = 3;

/** The basemap surfaces a symbol may lie on, per theme. */
export function basemapSurfaces(theme: Theme): string[] {
  const p = PALETTES[theme];
  return [p.background, p.contextFill, p.countyFill, p.countyHover, p.countySelected];
}

/** The lowest contrast ratio of `colour` against the theme's surfaces. */
export function minContrast(colour: string, theme: Theme): number {
  return Math.min(...basemapSurfaces(theme).map((s) => wcagContrast(colour, s)));
}

const cache = new Map<string, string>();

/** `colour` (#rrggbb) as drawn on `theme`: itself when it reaches 3:1 on every surface, else the nearest lightness that does. */
export function symbolColour(colour: string, theme: Theme): string {
  const key = `${theme}|${colour}`;
  const hit = cache.get(key);
  if (hit) return hit;
  let out = colour.toLowerCase();
  const base = oklch(colour);
  if (base && minContrast(out, theme) < MIN_SYMBOL_CONTRAST) {
    const step = theme === 'light' ? -0.01 : 0.01;
    for (let l = base.l + step; l > 0 && l < 1; l += step) {
      const candidate = formatHex(clampChroma({ ...base, l }, 'oklch'));
      if (minContrast(candidate, theme) >= MIN_SYMBOL_CONTRAST) {
        out = candidate;
        break;
      }
    }
  }
  cache.set(key, out);
  return out;
}
