/**
 * Synthetic datasets for benchmarks: the same layout and schema as data/ (layers.json,
 * measures.json, counties.geojson, context.geojson copied; layers/<id>.geojson generated), with
 * N features spread over the real county polygons. Deterministic (seeded PRNG); every feature is
 * marked synthetic in its id, names and location_note.
 *
 *   npx tsx scripts/data/synth.ts --features 100000 --out bench/tmp/data-100k [--seed 1]
 *
 * Mix: 60 % points, 20 % lines (3–12 vertices, 1–20 km), 20 % polygons (8–24 vertices,
 * radius 150 m–1.5 km), over the seven layers as below; statuses planned > unknown > in_progress
 * > completed; one or two measures 1–23 per feature. Points are `approximate`; a quarter of the lines
 * and polygons (APPROXIMATE_SHARE) too, the rest `schematic`.
 */
import { closeSync, copyFileSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import { MEASURE_NUMERALS } from '../../core/contract';

const ROOT = resolve(import.meta.dirname, '../..');
export const SYNTH_VERSION = 3;
/**
 * Share of lines and polygons drawn as `approximate` (their geometry decides their counties, so
 * membership is computed, and cached, as for real data); the rest are `schematic`. Points are all
 * `approximate`.
 */
export const APPROXIMATE_SHARE = 0.25;

type Kind = 'point' | 'line' | 'polygon';
/** Share of all features per (layer, geometry kind); sums to 1. */
const MIX: { layer: string; kind: Kind; share: number }[] = [
  { layer: 'cold-chain-bases', kind: 'point', share: 0.18 },
  { layer: 'green-parks', kind: 'point', share: 0.14 },
  { layer: 'scenic-areas', kind: 'point', share: 0.16 },
  { layer: 'bird-habitats', kind: 'point', share: 0.12 },
  { layer: 'gas-pipelines', kind: 'line', share: 0.14 },
  { layer: 'waterways', kind: 'line', share: 0.06 },
  { layer: 'agricultural-zones', kind: 'polygon', share: 0.08 },
  { layer: 'green-parks', kind: 'polygon', share: 0.04 },
  { layer: 'scenic-areas', kind: 'polygon', share: 0.04 },
  { layer: 'bird-habitats', kind: 'polygon', share: 0.04 },
];
const STATUS_WEIGHTS: [string, number][] = [
  ['planned', 0.55],
  ['unknown', 0.2],
  ['in_progress', 0.15],
  ['completed', 0.1],
];

/** mulberry32: small, fast, good enough for spreading test data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface County {
  rings: Position[][];
  bbox: [number, number, number, number];
}

function inRing(x: number, y: number, ring: Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Even-odd over all rings (holes included). */
function inCounty(x: number, y: number, c: County): boolean {
  let inside = false;
  for (const r of c.rings) if (inRing(x, y, r)) inside = !inside;
  return inside;
}

function readCounties(dir: string): County[] {
  const fc = JSON.parse(readFileSync(join(dir, 'counties.geojson'), 'utf8')) as { features: { geometry: Polygon | MultiPolygon }[] };
  return fc.features.map((f) => {
    const rings = f.geometry.type === 'Polygon' ? f.geometry.coordinates : f.geometry.coordinates.flat();
    const xs = rings.flat().map((p) => p[0]);
    const ys = rings.flat().map((p) => p[1]);
    return { rings, bbox: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] };
  });
}

const r5 = (x: number) => Math.round(x * 1e5) / 1e5;
const KM_PER_DEG = 111.32;

class Generator {
  private readonly rand: () => number;
  constructor(
    private readonly counties: County[],
    seed: number,
  ) {
    this.rand = prng(seed);
  }

  pick<T>(items: [T, number][]): T {
    let u = this.rand();
    for (const [v, w] of items) if ((u -= w) < 0) return v;
    return items[items.length - 1][0];
  }

  /** A uniformly random point inside a random county (rejection sampling in its bbox). */
  pointIn(c: County): Position {
    for (;;) {
      const x = c.bbox[0] + this.rand() * (c.bbox[2] - c.bbox[0]);
      const y = c.bbox[1] + this.rand() * (c.bbox[3] - c.bbox[1]);
      if (inCounty(x, y, c)) return [r5(x), r5(y)];
    }
  }

  geometry(kind: Kind): Geometry {
    const c = this.counties[Math.floor(this.rand() * this.counties.length)];
    const start = this.pointIn(c);
    if (kind === 'point') return { type: 'Point', coordinates: start };
    if (kind === 'line') {
      const n = 3 + Math.floor(this.rand() * 10);
      const totalKm = 1 + this.rand() * 19;
      const stepDeg = totalKm / (n - 1) / KM_PER_DEG;
      let heading = this.rand() * 2 * Math.PI;
      const coords: Position[] = [start];
      for (let i = 1; i < n; i++) {
        heading += (this.rand() - 0.5) * 0.8;
        const [x, y] = coords[i - 1];
        coords.push([r5(x + Math.cos(heading) * stepDeg), r5(y + Math.sin(heading) * stepDeg)]);
      }
      return { type: 'LineString', coordinates: coords };
    }
    const n = 8 + Math.floor(this.rand() * 17);
    const radiusDeg = (0.15 + this.rand() * 1.35) / KM_PER_DEG;
    const ring: Position[] = [];
    // Increasing angle = counter-clockwise outer ring (RFC 7946).
    for (let i = 0; i < n; i++) {
      const a = (i / n) * 2 * Math.PI;
      const r = radiusDeg * (0.7 + this.rand() * 0.3);
      ring.push([r5(start[0] + Math.cos(a) * r), r5(start[1] + Math.sin(a) * r)]);
    }
    ring.push([...ring[0]]);
    return { type: 'Polygon', coordinates: [ring] };
  }

  properties(layer: string, kind: Kind, n: number, measures: { id: number; text: string }[]) {
    const first = measures[Math.floor(this.rand() * measures.length)];
    const ids = [first.id];
    if (this.rand() < 0.3) {
      const second = 1 + Math.floor(this.rand() * 23);
      if (second !== first.id) ids.push(second);
    }
    const status = this.pick(STATUS_WEIGHTS);
    const qStart = Math.floor(this.rand() * Math.max(1, first.text.length - 12));
    const done = status === 'completed' || status === 'in_progress';
    return {
      id: `synth-${layer}-${n}`,
      name: `合成要素 ${n}`,
      name_en: `Synthetic feature ${n}`,
      layer,
      measures: ids,
      status,
      clause: `（${MEASURE_NUMERALS[first.id - 1]}）`,
      quote: first.text.slice(qStart, qStart + 12),
      precision: kind === 'point' || this.rand() < APPROXIMATE_SHARE ? 'approximate' : 'schematic',
      location_note: '合成的基准测试要素（scripts/data/synth.ts）；并非真实地点。',
      location_note_en: 'Synthetic benchmark feature (scripts/data/synth.ts); not a real place.',
      ...(done ? { sources: ['Synthetic benchmark data — no real source'] } : {}),
    };
  }
}

/** Writes a synthetic dataset of `features` features to `outDir`; returns per-layer counts. */
export function writeSynthDataset(features: number, outDir: string, seed = 1, sourceDir = join(ROOT, 'data')): Record<string, number> {
  mkdirSync(join(outDir, 'layers'), { recursive: true });
  for (const f of ['layers.json', 'measures.json', 'counties.geojson', 'context.geojson']) copyFileSync(join(sourceDir, f), join(outDir, f));
  const layers = JSON.parse(readFileSync(join(sourceDir, 'layers.json'), 'utf8')) as { id: string; file: string }[];
  const measures = JSON.parse(readFileSync(join(sourceDir, 'measures.json'), 'utf8')) as { id: number; text: string }[];
  const gen = new Generator(readCounties(sourceDir), seed);

  const counts: Record<string, number> = {};
  const files = new Map(layers.map((l) => [l.id, openSync(join(outDir, l.file), 'w')]));
  const first = new Set<string>();
  for (const [, fd] of files) writeSync(fd, '{"type":"FeatureCollection","features":[\n');
  let n = 0;
  let assigned = 0;
  MIX.forEach((m, i) => {
    const count = i === MIX.length - 1 ? features - assigned : Math.round(features * m.share);
    assigned += count;
    const fd = files.get(m.layer);
    if (fd === undefined) throw new Error(`layer ${m.layer} is not in ${sourceDir}/layers.json`);
    let chunk = '';
    for (let k = 0; k < count; k++, n++) {
      const f = { type: 'Feature', properties: gen.properties(m.layer, m.kind, n, measures), geometry: gen.geometry(m.kind) };
      chunk += (first.has(m.layer) ? ',\n' : '') + JSON.stringify(f);
      first.add(m.layer);
      if (chunk.length > 1 << 20) {
        writeSync(fd, chunk);
        chunk = '';
      }
    }
    writeSync(fd, chunk);
    counts[m.layer] = (counts[m.layer] ?? 0) + count;
  });
  for (const [, fd] of files) {
    writeSync(fd, '\n]}\n');
    closeSync(fd);
  }
  return counts;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const features = Number(arg('features') ?? 10000);
  const out = resolve(arg('out') ?? `bench/tmp/data-${features}`);
  const seed = Number(arg('seed') ?? 1);
  const t = performance.now();
  const counts = writeSynthDataset(features, out, seed);
  console.log(`Wrote ${features} synthetic features to ${out} in ${((performance.now() - t) / 1000).toFixed(1)} s:`, counts);
}
