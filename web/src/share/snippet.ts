/**
 * Pure builders behind the share dialog: the link to the current view, the `/embed` address with
 * embed options, and the `<iframe>` snippet a host page pastes.
 */
import type { Lang } from '../../../core/contract';
import { EMBED_DEFAULTS, embedOptionParams, type EmbedOptions } from '../embed/options';
import { parseUrlState, serializeUrlState } from '../lib/urlState';

/** A size of the frame: pixels, or a percentage of the host's column (width only). */
export type Size = { value: number; unit: 'px' | '%' };

export const WIDTH_LIMITS = { px: [240, 2400], '%': [10, 100] } as const;
export const HEIGHT_LIMITS = [200, 2000] as const;

export interface SnippetInput {
  /** Origin of this deployment, e.g. `https://map.zgsr.gov.cn`. */
  origin: string;
  /** The current page's query string (filters, feature, lang) — only contract parameters are carried over. */
  search: string;
  layerIds: readonly string[];
  options: Partial<EmbedOptions>;
  width: Size;
  height: Size;
  lang: Lang;
}

/** Parse what a user typed in a size box: `600`, `600px`, `100%`. Returns a reason on failure. */
export function parseSize(text: string, axis: 'width' | 'height'): Size | string {
  const m = /^\s*(\d{1,4})\s*(px|%)?\s*$/i.exec(text);
  const allowed = axis === 'width' ? `${WIDTH_LIMITS.px[0]}–${WIDTH_LIMITS.px[1]} px or ${WIDTH_LIMITS['%'][0]}–${WIDTH_LIMITS['%'][1]}%` : `${HEIGHT_LIMITS[0]}–${HEIGHT_LIMITS[1]} px`;
  if (!m) return `"${text.slice(0, 20)}" is not a size; allowed: ${allowed}.`;
  const value = Number(m[1]);
  const unit = (m[2]?.toLowerCase() ?? 'px') as 'px' | '%';
  if (axis === 'height' && unit === '%') return `A height in % depends on the host page; allowed: ${allowed}.`;
  const [lo, hi] = axis === 'height' ? HEIGHT_LIMITS : WIDTH_LIMITS[unit];
  if (value < lo || value > hi) return `${value}${unit} is out of range; allowed: ${allowed}.`;
  return { value, unit };
}

export const sizeText = (s: Size) => `${s.value}${s.unit}`;

/** Current view's link (the planner view `/`), clean: only contract parameters, defaults dropped. */
export function shareLink(origin: string, search: string, layerIds: readonly string[]): string {
  const { state } = parseUrlState(search, { layerIds });
  const qs = serializeUrlState(state);
  return `${origin}/${qs ? `?${qs}` : ''}`;
}

/** The `/embed` address for the current view and the chosen options. */
export function embedUrl(input: Pick<SnippetInput, 'origin' | 'search' | 'layerIds' | 'options' | 'lang'>): string {
  const { state } = parseUrlState(input.search, { layerIds: input.layerIds });
  const qs = serializeUrlState({ ...state, lang: input.lang }, embedOptionParams({ ...EMBED_DEFAULTS, ...input.options }));
  return `${input.origin}/embed${qs ? `?${qs}` : ''}`;
}

/** Escape for a double-quoted HTML attribute. */
export function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The iframe snippet. Percent widths go to `style`, pixel sizes to the attributes as well. */
export function iframeSnippet(input: SnippetInput): string {
  const src = embedUrl(input);
  const title = input.options.title?.trim() || (input.lang === 'en' ? 'Shangrao Green Map' : '上饶市绿色低碳发展地图');
  const attrs: string[] = [`src="${escapeAttr(src)}"`];
  if (input.width.unit === 'px') attrs.push(`width="${input.width.value}"`);
  attrs.push(`height="${input.height.value}"`);
  const style = [`border:0`, input.width.unit === '%' ? `width:${input.width.value}%` : `max-width:100%`];
  attrs.push(`style="${style.join(';')}"`, `title="${escapeAttr(title)}"`, `loading="lazy"`, `referrerpolicy="strict-origin-when-cross-origin"`);
  return `<iframe ${attrs.join(' ')}></iframe>`;
}
