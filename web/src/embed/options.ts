/**
 * The embed's own URL options on top of the shared page parameters (docs/contract.md, "Web pages and their addresses"):
 * `legend=0|1`, `controls=0|1`, `scrollzoom=0|1`, `print=0|1`, `title=`, `theme=light|dark`, `basemap=`.
 * Pure: parse never throws; bad values fall back to the default and are listed as problems so
 * the embed can say what it ignored.
 */
import type { ParamProblem } from '../../../core/filters';
import { parseUrlState, serializeUrlState, type UrlState } from '../lib/urlState';

export const THEMES = ['light', 'dark'] as const;
export const BASEMAPS = ['none', 'osm', 'tianditu'] as const;
export type EmbedTheme = (typeof THEMES)[number];
export type EmbedBasemap = (typeof BASEMAPS)[number];

export interface EmbedOptions {
  /** Compact legend; default shown. */
  legend: boolean;
  /** Zoom buttons; default shown. */
  controls: boolean;
  /** Mouse-wheel zoom without Ctrl/⌘; default off so the host page scrolls. */
  scrollzoom: boolean;
  /** A "打印 / PDF" link to the briefing sheet of the filter (/print); default off. */
  print: boolean;
  /** A heading over the map; default none. */
  title?: string;
  theme: EmbedTheme;
  /** Online basemaps only take effect where the deployment enables them (/api/config). */
  basemap: EmbedBasemap;
}

export const EMBED_DEFAULTS: Readonly<EmbedOptions> = { legend: true, controls: true, scrollzoom: false, print: false, theme: 'light', basemap: 'none' };
export const EMBED_PARAMS = ['legend', 'controls', 'scrollzoom', 'print', 'title', 'theme', 'basemap'] as const;
export const MAX_TITLE_LENGTH = 80;

function last(params: URLSearchParams, name: string): string | undefined {
  const all = params.getAll(name);
  return all.length ? all[all.length - 1].trim() : undefined;
}

const show = (v: string) => (v.length > 40 ? `${v.slice(0, 40)}…` : v);

/** Parse the embed options alone. */
export function parseEmbedOptions(params: URLSearchParams): { options: EmbedOptions; problems: ParamProblem[] } {
  const options: EmbedOptions = { ...EMBED_DEFAULTS };
  const problems: ParamProblem[] = [];

  for (const name of ['legend', 'controls', 'scrollzoom', 'print'] as const) {
    const v = last(params, name);
    if (v === undefined) continue;
    if (v === '1' || v === '0') options[name] = v === '1';
    else problems.push({ parameter: name, value: show(v), message: `"${show(v)}" is not a value of ${name}; allowed: 0 (off) or 1 (on).` });
  }

  const theme = last(params, 'theme');
  if (theme !== undefined) {
    if ((THEMES as readonly string[]).includes(theme)) options.theme = theme as EmbedTheme;
    else problems.push({ parameter: 'theme', value: show(theme), message: `Unknown theme "${show(theme)}"; allowed: ${THEMES.join(', ')}.` });
  }

  const basemap = last(params, 'basemap');
  if (basemap !== undefined) {
    if ((BASEMAPS as readonly string[]).includes(basemap)) options.basemap = basemap as EmbedBasemap;
    else problems.push({ parameter: 'basemap', value: show(basemap), message: `Unknown basemap "${show(basemap)}"; allowed: ${BASEMAPS.join(', ')}.` });
  }

  const title = last(params, 'title');
  if (title !== undefined && title.length > 0) {
    // Shown as text (React escapes it); control characters are dropped.
    const clean = [...title].filter((ch) => ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f).join('');
    if (clean.length > MAX_TITLE_LENGTH) {
      options.title = `${clean.slice(0, MAX_TITLE_LENGTH)}…`;
      problems.push({ parameter: 'title', value: show(clean), message: `The title is ${clean.length} characters long; at most ${MAX_TITLE_LENGTH} are shown.` });
    } else options.title = clean;
  }
  return { options, problems };
}

/** Everything `/embed` reads from its address: the shared page state plus the embed options. */
export function parseEmbedUrl(search: string, layerIds: readonly string[]): { state: UrlState; options: EmbedOptions; problems: ParamProblem[] } {
  const params = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
  const { state, problems } = parseUrlState(params, { layerIds, extraParams: EMBED_PARAMS });
  const embed = parseEmbedOptions(params);
  return { state, options: embed.options, problems: [...problems, ...embed.problems] };
}

/** Embed options back to parameters, omitting defaults (stable order). */
export function embedOptionParams(options: Partial<EmbedOptions>): Record<string, string | undefined> {
  const o = { ...EMBED_DEFAULTS, ...options };
  return {
    legend: o.legend === EMBED_DEFAULTS.legend ? undefined : o.legend ? '1' : '0',
    controls: o.controls === EMBED_DEFAULTS.controls ? undefined : o.controls ? '1' : '0',
    scrollzoom: o.scrollzoom === EMBED_DEFAULTS.scrollzoom ? undefined : o.scrollzoom ? '1' : '0',
    print: o.print === EMBED_DEFAULTS.print ? undefined : o.print ? '1' : '0',
    title: o.title?.trim() ? o.title.trim() : undefined,
    theme: o.theme === EMBED_DEFAULTS.theme ? undefined : o.theme,
    basemap: o.basemap === EMBED_DEFAULTS.basemap ? undefined : o.basemap,
  };
}

/** Query string (no `?`) of an embed: page state then embed options. */
export function serializeEmbedUrl(state: UrlState, options: Partial<EmbedOptions>): string {
  return serializeUrlState(state, embedOptionParams(options));
}

/** The "open full map" link: `/` with the same filters, selection and language (no embed options). */
export function fullMapHref(origin: string, state: UrlState): string {
  const qs = serializeUrlState(state);
  return `${origin}/${qs ? `?${qs}` : ''}`;
}
