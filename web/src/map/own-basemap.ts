/**
 * The deployment's own basemap, drawn under our layers in every view when the deployment sets one
 * (/api/config `basemaps.style` or `basemaps.pmtiles`) and no online raster is chosen:
 * - `style`: any MapLibre style by URL (a city's GeoServer, Martin or 天地图 intranet service) — its
 *   sources and layers are added under ours with prefixed ids, relative URLs resolved against the
 *   style's, its glyphs and sprite taken over;
 * - `pmtiles`: the PMTiles archive our own server serves (HTTP range requests, the `pmtiles`
 *   protocol), drawn with the Protomaps style from `@protomaps/basemaps`. No glyphs URL: MapLibre
 *   draws every label with the browser's local fonts (Chinese through `localIdeographFontFamily`),
 *   and no sprite: the icons it would name are drawn by {@link placeholderImage}. Nothing leaves
 *   our origin.
 * Both libraries load only when a deployment uses them (dynamic import).
 */
import type { LayerSpecification, Map as MlMap, SourceSpecification, StyleSpecification } from 'maplibre-gl';
import type { Lang } from '../../../core/contract';
import type { AppConfig, OwnBasemap } from '../lib/api';
import type { Basemap, Theme } from './style';

/** Ids of the sources and layers we add start with this, so they never clash with ours. */
export const OWN_PREFIX = 'own-';
/** Our first layer above the basemap: the deployment's layers go below it. */
const BELOW = 'context-fill';

export interface OwnBasemapPart {
  sources: Record<string, SourceSpecification>;
  layers: LayerSpecification[];
  glyphs?: string;
  sprite?: StyleSpecification['sprite'];
}

/** The deployment's basemap to draw, or null: only under the default basemap choice (`none`), never with an online raster. */
export function ownBasemapShown(basemap: Basemap | undefined, config: AppConfig | undefined): OwnBasemap | null {
  return (basemap ?? 'none') === 'none' ? (config?.basemaps.own ?? null) : null;
}

/** `u` resolved against `base`, keeping `{z}`-style placeholders and non-http schemes (pmtiles://, mapbox://). */
export function resolveUrl(u: string, base: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(u)) return u;
  return new URL(u, base).href.replace(/%7B/gi, '{').replace(/%7D/gi, '}');
}

/** A whole style as a part of ours: ids prefixed, URLs absolute. */
export function styleToPart(style: StyleSpecification, base: string): OwnBasemapPart {
  const sources: Record<string, SourceSpecification> = {};
  for (const [id, src] of Object.entries(style.sources ?? {})) {
    const s = { ...src } as Record<string, unknown>;
    if (typeof s.url === 'string') s.url = resolveUrl(s.url, base);
    if (Array.isArray(s.tiles)) s.tiles = (s.tiles as string[]).map((t) => resolveUrl(t, base));
    if (Array.isArray(s.urls)) s.urls = (s.urls as string[]).map((t) => resolveUrl(t, base));
    if (typeof s.data === 'string') s.data = resolveUrl(s.data, base);
    sources[OWN_PREFIX + id] = s as unknown as SourceSpecification;
  }
  const layers = (style.layers ?? []).map((l) => {
    const out = { ...l, id: OWN_PREFIX + l.id } as LayerSpecification & { source?: string };
    if ('source' in l && typeof l.source === 'string') out.source = OWN_PREFIX + l.source;
    return out as LayerSpecification;
  });
  const sprite =
    typeof style.sprite === 'string' ? resolveUrl(style.sprite, base) : Array.isArray(style.sprite) ? style.sprite.map((s) => ({ id: s.id, url: resolveUrl(s.url, base) })) : undefined;
  return { sources, layers, glyphs: style.glyphs ? resolveUrl(style.glyphs, base) : undefined, sprite };
}

/** MapLibre's addProtocol (passed in: this module stays importable without MapLibre, as in unit tests). */
export type AddProtocol = typeof import('maplibre-gl').addProtocol;

let pmtilesRegistered: Promise<void> | undefined;
/** Register the `pmtiles://` protocol with MapLibre once. */
async function registerPmtiles(addProtocol: AddProtocol): Promise<void> {
  pmtilesRegistered ??= (async () => {
    const { Protocol } = await import('pmtiles');
    addProtocol('pmtiles', new Protocol({ metadata: true }).tile);
  })();
  return pmtilesRegistered;
}

/** The Protomaps style for the archive at `archiveUrl` (absolute, on our origin). */
export async function protomapsPart(archiveUrl: string, theme: Theme, lang: Lang, addProtocol: AddProtocol): Promise<OwnBasemapPart> {
  await registerPmtiles(addProtocol);
  const { layers, namedFlavor } = await import('@protomaps/basemaps');
  const source = `${OWN_PREFIX}protomaps`;
  const styleLayers = layers(source, namedFlavor(theme === 'dark' ? 'dark' : 'light'), { lang: lang === 'zh' ? 'zh-Hans' : 'en' }) as LayerSpecification[];
  return {
    sources: { [source]: { type: 'vector', url: `pmtiles://${archiveUrl}` } },
    layers: styleLayers.map((l) => ({ ...l, id: OWN_PREFIX + l.id }) as LayerSpecification),
  };
}

/** Fetch and prepare the deployment's basemap. */
export async function loadOwnBasemap(
  own: OwnBasemap,
  { theme, lang, origin, addProtocol, fetchFn = fetch }: { theme: Theme; lang: Lang; origin: string; addProtocol: AddProtocol; fetchFn?: typeof fetch },
): Promise<OwnBasemapPart> {
  if (own.kind === 'pmtiles') return protomapsPart(new URL(own.url, origin).href, theme, lang, addProtocol);
  const res = await fetchFn(own.url);
  if (!res.ok) throw new Error(`The basemap style ${own.url} answered ${res.status}.`);
  return styleToPart((await res.json()) as StyleSpecification, res.url || own.url);
}

/** Put `part` under our layers in place of whatever deployment basemap was there (null: remove it). */
export function applyOwnBasemap(map: MlMap, part: OwnBasemapPart | null): void {
  for (const l of map.getStyle().layers ?? []) if (l.id.startsWith(OWN_PREFIX)) map.removeLayer(l.id);
  for (const id of Object.keys(map.getStyle().sources ?? {})) if (id.startsWith(OWN_PREFIX)) map.removeSource(id);
  // Our own style has neither glyphs nor sprite: any there came with the deployment's style.
  const style = map.getStyle();
  if (style.glyphs && !part?.glyphs) map.setGlyphs(null);
  if (style.sprite && !part?.sprite) map.setSprite(null);
  if (!part) return;
  if (part.glyphs) map.setGlyphs(part.glyphs);
  if (part.sprite) map.setSprite(part.sprite as string);
  for (const [id, src] of Object.entries(part.sources)) map.addSource(id, src);
  for (const l of part.layers) map.addLayer(l, map.getLayer(BELOW) ? BELOW : undefined);
}

/**
 * An image for an icon the style names but no sprite holds (the Protomaps style without its
 * sprite): a small dot for town spots, nothing for the rest, so MapLibre neither warns nor leaves
 * a hole in the label.
 */
export function placeholderImage(id: string, theme: Theme): { width: number; height: number; data: Uint8Array } {
  if (!/townspot|capital/i.test(id)) return { width: 1, height: 1, data: new Uint8Array(4) };
  const size = 9;
  const data = new Uint8Array(size * size * 4);
  const [r, g, b] = theme === 'dark' ? [200, 210, 220] : [90, 90, 90];
  const c = (size - 1) / 2;
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const d = Math.hypot(x - c, y - c);
      if (d > c) continue;
      const i = (y * size + x) * 4;
      const edge = d > c - 1.5;
      data.set(edge ? [255, 255, 255, 255] : [r, g, b, 255], i);
    }
  return { width: size, height: size, data };
}
