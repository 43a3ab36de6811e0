/**
 * Thinning a dense tile (tippecanoe's "drop densest as needed", in its simplest form): when a tile
 * would carry more than {@link TILE_BUDGET} features, features smaller than a grid cell (points,
 * and lines or polygons whose box fits in one cell) are kept at most one per cell, the first in the
 * store's order; larger features are always kept. The grid starts at {@link START_GRID}² cells per
 * tile (one cell ≈ 2×2 px of a 512 px tile) and is halved until the tile fits the budget. A tile
 * within the budget is never thinned, so every feature is drawn once the zoom is high enough — the
 * route says how many were left out (header `Features-Omitted`) and the map tells the reader.
 */
import type { TileAddress } from './tile-math';

/** Most features a tile carries before it is thinned. */
export const TILE_BUDGET = 20_000;
/** Cells per tile side at the first thinning step. */
export const START_GRID = 256;
/** The coarsest grid (cells per tile side) thinning goes down to. */
export const MIN_GRID = 16;

type BBox = readonly [number, number, number, number];

/** Web Mercator x, y of lon/lat in tile units at zoom z (0 … 2^z across the world). */
const mercX = (lon: number, z: number) => ((lon + 180) / 360) * 2 ** z;
const mercY = (lat: number, z: number) => {
  const s = Math.sin((Math.max(-85.0511, Math.min(85.0511, lat)) * Math.PI) / 180);
  return (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * 2 ** z;
};

export interface Thinned<T> {
  kept: T[];
  omitted: number;
  /** Cells per tile side of the grid used; 0 when the tile was not thinned. */
  grid: number;
}

/**
 * Features of one tile (in store order) thinned to the budget. `bboxOf` gives each feature's
 * lon/lat box. Pure: the same input gives the same tile.
 */
export function thinTile<T>(items: readonly T[], bboxOf: (item: T) => BBox, { z, x, y }: TileAddress, budget = TILE_BUDGET): Thinned<T> {
  if (items.length <= budget) return { kept: [...items], omitted: 0, grid: 0 };
  // Each item's position in tile units (0..1 across the tile) and whether it fits one cell at the finest grid.
  const n = items.length;
  const cx = new Float64Array(n);
  const cy = new Float64Array(n);
  const span = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const b = bboxOf(items[i]);
    const x0 = mercX(b[0], z) - x;
    const x1 = mercX(b[2], z) - x;
    const y0 = mercY(b[3], z) - y;
    const y1 = mercY(b[1], z) - y;
    cx[i] = (x0 + x1) / 2;
    cy[i] = (y0 + y1) / 2;
    span[i] = Math.max(x1 - x0, y1 - y0);
  }
  let last: Thinned<T> = { kept: [...items], omitted: 0, grid: 0 };
  for (let grid = START_GRID; grid >= MIN_GRID; grid /= 2) {
    const seen = new Set<number>();
    const kept: T[] = [];
    const size = 1 / grid;
    // Cells are counted from one tile beyond the left/top edge (the buffer), so keys never collide.
    const stride = grid * 4;
    for (let i = 0; i < n; i++) {
      if (span[i] >= size) {
        kept.push(items[i]);
        continue;
      }
      const key = (Math.floor(cy[i] * grid) + grid) * stride + (Math.floor(cx[i] * grid) + grid);
      if (seen.has(key)) continue;
      seen.add(key);
      kept.push(items[i]);
    }
    last = { kept, omitted: n - kept.length, grid };
    if (kept.length <= budget) break;
  }
  return last;
}
