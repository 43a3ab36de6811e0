/** Small display helpers shared by the views. */
import type { Lang } from '../../../core/contract';
import { MEASURE_NUMERALS, SECTION_NUMERALS } from '../../../core/contract';

/** Locale-formatted number with at most `digits` decimals. */
export function formatNumber(n: number, lang: Lang, digits = 1): string {
  return new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'zh-CN', { maximumFractionDigits: digits }).format(n);
}

/** （四） for measure 4. */
export function measureNumeral(id: number): string {
  return MEASURE_NUMERALS[id - 1] ?? String(id);
}

/** 一 for section 1. */
export function sectionNumeral(id: number): string {
  return SECTION_NUMERALS[id - 1] ?? String(id);
}

/** ISO date (YYYY-MM-DD) of a Date, in local time — for stamps on exports. */
export function isoDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** `#rrggbb` to deck.gl's [r, g, b, a]. */
export function hexToRgba(hex: string, alpha = 255): [number, number, number, number] {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return [128, 128, 128, alpha];
  return [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16), alpha];
}
