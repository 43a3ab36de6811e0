/**
 * A tiny PMTiles v3 writer for tests (no npm package writes PMTiles): header, one root directory,
 * JSON metadata and the tile data, laid out as the spec says
 * (https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md). Written from the spec, not
 * with the `pmtiles` package, so that the package reading the archive back checks this writer and
 * the server's range serving. Plus a few synthetic vector tiles in the Protomaps basemap schema
 * (earth, water, roads, places) around Shangrao, for the browser test.
 */
import { gzipSync } from 'node:zlib';
import { geoJSONToTile } from '@maplibre/geojson-vt';
import { fromGeojsonVt } from '@maplibre/vt-pbf';
import type { Feature, FeatureCollection } from 'geojson';

export interface PmTile {
  z: number;
  x: number;
  y: number;
  data: Uint8Array;
}

export interface WriteOptions {
  /** Internal (directory and metadata) compression: 1 none, 2 gzip. Default 2. */
  internalCompression?: 1 | 2;
  /** The tiles' compression as stored: 1 none, 2 gzip (the tiles are gzipped here). Default 2. */
  tileCompression?: 1 | 2;
  /** 1 MVT, 2 PNG, … Default 1. */
  tileType?: number;
  metadata?: Record<string, unknown>;
  bounds?: [number, number, number, number];
  /** Override the version byte (to test refusals). */
  version?: number;
}

/** Hilbert tile id of z/x/y: the tiles of all lower zooms, then the position on zoom z's curve. */
export function tileId(z: number, x: number, y: number): number {
  let acc = 0;
  for (let t = 0; t < z; t++) acc += 4 ** t;
  const n = 2 ** z;
  let d = 0;
  let [px, py] = [x, y];
  for (let s = n / 2; s >= 1; s /= 2) {
    const rx = (px & s) > 0 ? 1 : 0;
    const ry = (py & s) > 0 ? 1 : 0;
    d += s * s * ((3 * rx) ^ ry);
    if (ry === 0) {
      if (rx === 1) {
        px = n - 1 - px;
        py = n - 1 - py;
      }
      [px, py] = [py, px];
    }
  }
  return acc + d;
}

function varint(out: number[], v: number): void {
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

/** The archive's bytes. */
export function writePmtiles(tiles: PmTile[], o: WriteOptions = {}): Buffer {
  const internal = o.internalCompression ?? 2;
  const tileCompression = o.tileCompression ?? 2;
  const pack = (b: Uint8Array, c: number) => (c === 2 ? gzipSync(b) : Buffer.from(b));
  const sorted = tiles.map((t) => ({ ...t, id: tileId(t.z, t.x, t.y) })).sort((a, b) => a.id - b.id);
  const blobs: Buffer[] = [];
  const entries: { id: number; offset: number; length: number }[] = [];
  let offset = 0;
  for (const t of sorted) {
    const b = pack(t.data, tileCompression);
    entries.push({ id: t.id, offset, length: b.length });
    blobs.push(b);
    offset += b.length;
  }
  const dir: number[] = [];
  varint(dir, entries.length);
  let last = 0;
  for (const e of entries) {
    varint(dir, e.id - last);
    last = e.id;
  }
  for (let i = 0; i < entries.length; i++) varint(dir, 1); // run lengths
  for (const e of entries) varint(dir, e.length);
  entries.forEach((e, i) => varint(dir, i > 0 && e.offset === entries[i - 1].offset + entries[i - 1].length ? 0 : e.offset + 1));
  const root = pack(Uint8Array.from(dir), internal);
  const meta = pack(Buffer.from(JSON.stringify(o.metadata ?? {})), internal);
  const data = Buffer.concat(blobs);

  const h = Buffer.alloc(127);
  h.write('PMTiles', 0, 'latin1');
  h[7] = o.version ?? 3;
  const u64 = (at: number, v: number) => h.writeBigUInt64LE(BigInt(v), at);
  const rootOffset = 127;
  const metaOffset = rootOffset + root.length;
  const dataOffset = metaOffset + meta.length;
  u64(8, rootOffset);
  u64(16, root.length);
  u64(24, metaOffset);
  u64(32, meta.length);
  u64(40, dataOffset + data.length); // no leaf directories
  u64(48, 0);
  u64(56, dataOffset);
  u64(64, data.length);
  u64(72, entries.length);
  u64(80, entries.length);
  u64(88, entries.length);
  h[96] = 1; // clustered
  h[97] = internal;
  h[98] = tileCompression;
  h[99] = o.tileType ?? 1;
  const zooms = sorted.map((t) => t.z);
  h[100] = Math.min(...zooms);
  h[101] = Math.max(...zooms);
  const [w, s, e, n] = o.bounds ?? [-180, -85, 180, 85];
  h.writeInt32LE(Math.round(w * 1e7), 102);
  h.writeInt32LE(Math.round(s * 1e7), 106);
  h.writeInt32LE(Math.round(e * 1e7), 110);
  h.writeInt32LE(Math.round(n * 1e7), 114);
  h[118] = Math.max(...zooms);
  h.writeInt32LE(Math.round(((w + e) / 2) * 1e7), 119);
  h.writeInt32LE(Math.round(((s + n) / 2) * 1e7), 123);
  return Buffer.concat([h, root, meta, data]);
}

/** Tile x/y of a longitude/latitude at zoom z. */
export function tileOf(lon: number, lat: number, z: number): [number, number] {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const r = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  return [x, y];
}

/** Synthetic area around Shangrao the test basemap covers. */
export const TEST_BOUNDS: [number, number, number, number] = [115.5, 27.5, 119, 29.8];

/** A synthetic basemap in the Protomaps schema: land, a lake, a road, a town label — test shapes, not geography. */
export function syntheticBasemap(maxZoom = 8): { tiles: PmTile[]; metadata: Record<string, unknown> } {
  const [w, s, e, n] = TEST_BOUNDS;
  const poly = (coords: number[][], props: Record<string, unknown>): Feature => ({ type: 'Feature', properties: props, geometry: { type: 'Polygon', coordinates: [coords] } });
  const layers: Record<string, FeatureCollection> = {
    earth: { type: 'FeatureCollection', features: [poly([[w, s], [e, s], [e, n], [w, n], [w, s]], { kind: 'earth' })] },
    water: { type: 'FeatureCollection', features: [poly([[116.2, 28.6], [116.6, 28.6], [116.6, 29.1], [116.2, 29.1], [116.2, 28.6]], { kind: 'lake' })] },
    roads: {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: { kind: 'highway', kind_detail: 'motorway', min_zoom: 3 }, geometry: { type: 'LineString', coordinates: [[116, 28.2], [117.9, 28.45], [118.9, 28.9]] } }],
    },
    places: {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: { kind: 'locality', name: 'Test town', 'name:zh': '测试镇', min_zoom: 3, population_rank: 10 }, geometry: { type: 'Point', coordinates: [117.95, 28.45] } }],
    },
  };
  const tiles: PmTile[] = [];
  for (let z = 0; z <= maxZoom; z++) {
    const [x0, y0] = tileOf(w, n, z);
    const [x1, y1] = tileOf(e, s, z);
    for (let x = x0; x <= x1; x++)
      for (let y = y0; y <= y1; y++) {
        const vt: Record<string, NonNullable<ReturnType<typeof geoJSONToTile>>> = {};
        for (const [name, fc] of Object.entries(layers)) {
          const t = geoJSONToTile(fc, z, x, y, { extent: 4096, buffer: 64, clip: true, maxZoom: 24, tolerance: 3, wrap: false });
          if (t && t.features.length) vt[name] = t;
        }
        if (Object.keys(vt).length) tiles.push({ z, x, y, data: fromGeojsonVt(vt, { version: 2, extent: 4096 }) });
      }
  }
  const metadata = {
    name: 'sgm-test-basemap',
    description: 'Synthetic test shapes in the Protomaps basemap schema (not geography)',
    attribution: 'test',
    // All the layers of the Protomaps schema, as a real build lists them (MapLibre checks the
    // style's source-layers against this list); the test tiles fill four of them.
    vector_layers: ['boundaries', 'buildings', 'earth', 'landcover', 'landuse', 'places', 'pois', 'roads', 'transit', 'water'].map((id) => ({ id, fields: {}, minzoom: 0, maxzoom: maxZoom })),
  };
  return { tiles, metadata };
}
