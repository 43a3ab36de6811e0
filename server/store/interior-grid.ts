/**
 * A raster over the county polygons that knows, per cell, whether the whole cell lies inside one
 * county, outside every county, or on a boundary. Lets membership skip turf's exact (slow)
 * geometry for the many features that sit well inside one county: a box whose cells are all
 * interior to county k lies in k alone. Built once at load; conservative — any cell an edge passes
 * through or grazes counts as boundary, so "interior" is always exact.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';

const BOUNDARY = -2;
const OUTSIDE = -1;
/** Cells along the longer side of the counties' extent. */
const RESOLUTION = 1024;
/** Edges touching a cell's border count as touching the cell. */
const EPS = 1e-9;

export class InteriorGrid {
  private readonly x0: number;
  private readonly y0: number;
  private readonly cell: number;
  private readonly nx: number;
  private readonly ny: number;
  private readonly cells: Int16Array;

  constructor(polygons: (Polygon | MultiPolygon)[]) {
    const rings = polygons.map((g) => (g.type === 'Polygon' ? g.coordinates : g.coordinates.flat()));
    const all = rings.flat(2);
    const xs = all.map((p) => p[0]);
    const ys = all.map((p) => p[1]);
    const [minX, minY, maxX, maxY] = all.length ? [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] : [0, 0, 1, 1];
    this.cell = Math.max(maxX - minX, maxY - minY, 1e-6) / RESOLUTION;
    this.x0 = minX - this.cell;
    this.y0 = minY - this.cell;
    this.nx = Math.ceil((maxX - minX) / this.cell) + 3;
    this.ny = Math.ceil((maxY - minY) / this.cell) + 3;
    this.cells = new Int16Array(this.nx * this.ny).fill(OUTSIDE);
    rings.forEach((rs, k) => this.fillInterior(rs, k));
    for (const rs of rings) for (const r of rs) this.markEdges(r);
  }

  /**
   * For a box [minX, minY, maxX, maxY]: the index of the one county whose interior holds the whole
   * box, -1 when the box lies outside every county, undefined when it meets a boundary (or leaves
   * the grid) and exact geometry must decide.
   */
  regionOf(b: readonly number[]): number | undefined {
    const i0 = Math.floor((b[0] - this.x0) / this.cell);
    const i1 = Math.floor((b[2] - this.x0) / this.cell);
    const j0 = Math.floor((b[1] - this.y0) / this.cell);
    const j1 = Math.floor((b[3] - this.y0) / this.cell);
    if (!(i0 >= 0 && j0 >= 0 && i1 < this.nx && j1 < this.ny)) return undefined;
    const first = this.cells[j0 * this.nx + i0];
    if (first === BOUNDARY) return undefined;
    for (let j = j0; j <= j1; j++) {
      for (let i = i0; i <= i1; i++) if (this.cells[j * this.nx + i] !== first) return undefined;
    }
    return first;
  }

  /** Even-odd scanline through each row's cell centres: cells between crossings get county `k`. */
  private fillInterior(rings: Position[][], k: number): void {
    for (let j = 0; j < this.ny; j++) {
      const y = this.y0 + (j + 0.5) * this.cell;
      const xs: number[] = [];
      for (const ring of rings) {
        for (let a = 0, z = ring.length - 1; a < ring.length; z = a++) {
          const [xa, ya] = ring[a];
          const [xz, yz] = ring[z];
          if (ya > y !== yz > y) xs.push(xa + ((y - ya) * (xz - xa)) / (yz - ya));
        }
      }
      xs.sort((p, q) => p - q);
      for (let s = 0; s + 1 < xs.length; s += 2) {
        const from = Math.ceil((xs[s] - this.x0) / this.cell - 0.5);
        const to = Math.floor((xs[s + 1] - this.x0) / this.cell - 0.5);
        for (let i = Math.max(from, 0); i <= Math.min(to, this.nx - 1); i++) {
          const c = j * this.nx + i;
          // Counties do not overlap; if data ever made them, the cell is left to exact geometry.
          this.cells[c] = this.cells[c] === OUTSIDE || this.cells[c] === k ? k : BOUNDARY;
        }
      }
    }
  }

  /** Marks every cell an edge passes through (its rectangle grown by EPS) as boundary. */
  private markEdges(ring: Position[]): void {
    for (let a = 1; a < ring.length; a++) {
      const [xa, ya] = ring[a - 1];
      const [xb, yb] = ring[a];
      const i0 = Math.floor((Math.min(xa, xb) - EPS - this.x0) / this.cell);
      const i1 = Math.floor((Math.max(xa, xb) + EPS - this.x0) / this.cell);
      const j0 = Math.floor((Math.min(ya, yb) - EPS - this.y0) / this.cell);
      const j1 = Math.floor((Math.max(ya, yb) + EPS - this.y0) / this.cell);
      for (let j = Math.max(j0, 0); j <= Math.min(j1, this.ny - 1); j++) {
        for (let i = Math.max(i0, 0); i <= Math.min(i1, this.nx - 1); i++) {
          const x = this.x0 + i * this.cell;
          const y = this.y0 + j * this.cell;
          if (segmentMeetsBox(xa, ya, xb, yb, x - EPS, y - EPS, x + this.cell + EPS, y + this.cell + EPS)) this.cells[j * this.nx + i] = BOUNDARY;
        }
      }
    }
  }
}

/** Whether segment (xa, ya)–(xb, yb) meets the closed box [x0, x1] × [y0, y1] (Liang–Barsky clipping). */
function segmentMeetsBox(xa: number, ya: number, xb: number, yb: number, x0: number, y0: number, x1: number, y1: number): boolean {
  const dx = xb - xa;
  const dy = yb - ya;
  let t0 = 0;
  let t1 = 1;
  const edges: [number, number][] = [
    [-dx, xa - x0],
    [dx, x1 - xa],
    [-dy, ya - y0],
    [dy, y1 - ya],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return false;
      continue;
    }
    const t = q / p;
    if (p < 0) t0 = Math.max(t0, t);
    else t1 = Math.min(t1, t);
    if (t0 > t1) return false;
  }
  return true;
}
