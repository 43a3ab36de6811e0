/**
 * One layer's matching features with a spatial index of their own, built once per (data version,
 * layer, filter) on the first tile asked for and kept in a small LRU: a tile then costs a search
 * of that index (the features that reach it), never a scan of every feature of the store.
 */
import Flatbush from 'flatbush';
import type { ApiFeature } from '../../core/api';

type BBox = [number, number, number, number];

export interface LayerIndex {
  features: ApiFeature[];
  bboxes: Float64Array;
  /** Matching features whose box meets `bbox`, in the store's order. */
  search(bbox: BBox): ApiFeature[];
  bboxOf(f: ApiFeature): BBox;
}

/** Box of a GeoJSON geometry's coordinates. */
export function geometryBox(g: ApiFeature['geometry']): BBox {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  const walk = (c: unknown): void => {
    if (typeof (c as number[])[0] === 'number') {
      const [x, y] = c as number[];
      if (x < w) w = x;
      if (x > e) e = x;
      if (y < s) s = y;
      if (y > n) n = y;
    } else for (const p of c as unknown[]) walk(p);
  };
  walk((g as { coordinates: unknown }).coordinates);
  return [w, s, e, n];
}

export function buildLayerIndex(features: ApiFeature[]): LayerIndex {
  const bboxes = new Float64Array(features.length * 4);
  const index = new Flatbush(Math.max(features.length, 1));
  const pos = new Map<ApiFeature, number>();
  features.forEach((f, i) => {
    const b = geometryBox(f.geometry);
    bboxes.set(b, i * 4);
    index.add(b[0], b[1], b[2], b[3]);
    pos.set(f, i);
  });
  if (features.length === 0) index.add(0, 0, 0, 0);
  index.finish();
  return {
    features,
    bboxes,
    search: (b) =>
      features.length === 0
        ? []
        : index
            .search(b[0], b[1], b[2], b[3])
            .sort((a, c) => a - c)
            .map((i) => features[i]),
    bboxOf: (f) => {
      const i = pos.get(f)!;
      return [bboxes[i * 4], bboxes[i * 4 + 1], bboxes[i * 4 + 2], bboxes[i * 4 + 3]];
    },
  };
}

/** A few layer indexes, least recently used dropped first. */
export class LayerIndexCache {
  private readonly entries = new Map<string, Promise<LayerIndex>>();
  constructor(private readonly max = 8) {}

  get(key: string, build: () => Promise<LayerIndex>): Promise<LayerIndex> {
    let hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    hit = build();
    hit.catch(() => this.entries.delete(key));
    this.entries.set(key, hit);
    while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
    return hit;
  }
}
