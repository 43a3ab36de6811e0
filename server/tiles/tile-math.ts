/** Web Mercator tile addressing (XYZ scheme, as MapLibre and TileJSON's default use it). */

/** Zoom levels served: 0 to MAX_ZOOM (clients over-zoom past it). */
export const MIN_ZOOM = 0;
export const MAX_ZOOM = 16;

export type TileAddress = { z: number; x: number; y: number };

/** z/x/y from path segments, or a message saying what is allowed. */
export function parseTileAddress(z: string, x: string, y: string): TileAddress | string {
  const nums = [z, x, y].map((s) => (/^\d{1,6}$/.test(s) ? Number(s) : NaN));
  if (nums.some((n) => Number.isNaN(n))) return `z, x and y must be whole numbers; got ${[z, x, y].map((s) => s.slice(0, 12)).join('/')}.`;
  const [zz, xx, yy] = nums;
  if (zz < MIN_ZOOM || zz > MAX_ZOOM) return `z must be ${MIN_ZOOM} to ${MAX_ZOOM}; got ${zz}.`;
  const n = 2 ** zz;
  if (xx >= n || yy >= n) return `At z=${zz}, x and y must be 0 to ${n - 1}; got ${xx}/${yy}.`;
  return { z: zz, x: xx, y: yy };
}

const lon = (x: number, z: number) => (x / 2 ** z) * 360 - 180;
const lat = (y: number, z: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / 2 ** z))) * 180) / Math.PI;

/**
 * The tile's bounds in lon/lat, grown by `buffer` (a fraction of the tile's size) on each side and
 * kept within the world: [minLon, minLat, maxLon, maxLat].
 */
export function tileBounds({ z, x, y }: TileAddress, buffer = 0): [number, number, number, number] {
  return [
    Math.max(-180, lon(x - buffer, z)),
    Math.max(-85.0511287798066, lat(y + 1 + buffer, z)),
    Math.min(180, lon(x + 1 + buffer, z)),
    Math.min(85.0511287798066, lat(y - buffer, z)),
  ];
}
