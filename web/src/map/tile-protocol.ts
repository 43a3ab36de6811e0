/**
 * The loader behind our tile sources' `sgmtiles://` URLs (tile-style.ts): MapLibre hands it each
 * tile request; it fetches the http(s) URL after the scheme, records the server's
 * `Features-Omitted` header (server/tiles/thin.ts) by URL — MapLibre does not expose response
 * headers — and returns the bytes. A `204` (no feature reaches the tile) is an empty tile.
 */
import type { AddProtocolAction } from 'maplibre-gl';
import { TILE_PROTOCOL } from './tile-style';

/** Header the server sends with a thinned tile (server/tiles/routes.ts OMITTED_HEADER). */
export const OMITTED_HEADER = 'Features-Omitted';
/** Most URLs remembered; the oldest are forgotten first (a tile far out of view no longer counts anyway). */
const REMEMBERED = 4096;

/** What the loaded tiles left out, by their http(s) URL (z/x/y filled in). */
export const omittedByUrl = new Map<string, number>();

export function remember(url: string, omitted: number): void {
  omittedByUrl.delete(url);
  if (omitted > 0) omittedByUrl.set(url, omitted);
  if (omittedByUrl.size > REMEMBERED) omittedByUrl.delete(omittedByUrl.keys().next().value!);
}

/** The http(s) URL inside a `sgmtiles://` URL. */
export function httpUrlOf(url: string): string {
  const prefix = `${TILE_PROTOCOL}://`;
  return url.startsWith(prefix) ? url.slice(prefix.length) : url;
}

export const loadTile: AddProtocolAction = async (params, abort) => {
  const url = httpUrlOf(params.url);
  const res = await fetch(url, { signal: abort.signal });
  if (res.status === 204) {
    remember(url, 0);
    return { data: new ArrayBuffer(0) };
  }
  if (!res.ok) throw new Error(`HTTP ${res.status} for ${url}`);
  remember(url, Number(res.headers.get(OMITTED_HEADER) ?? 0) || 0);
  return { data: await res.arrayBuffer() };
};
