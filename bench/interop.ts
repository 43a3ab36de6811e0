/**
 * `npm run bench:interop`: the interoperability wings on the embedded store, in process
 * (app.request, no network), on the synthetic datasets of bench/datasets.ts:
 *  - uncached tile time p50/p99 per zoom z8–z14 over the city (every request a tile not asked
 *    before, so nothing comes from the response cache), with tile bytes and features;
 *  - OGC items against /api for the same query, uncached (a new offset each time) and cached.
 * Writes its section into bench/RESULTS.md between the interop markers (run.ts keeps it).
 *
 *   npm run bench:interop -- [--sizes 100000,1000000] [--tiles 60]
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { createApp } from '../server/app';
import { readConfig } from '../server/config';
import { readDataset } from '../server/dataset/load';
import { MemoryStore } from '../server/store/memory-store';
import { ensureDataset, sizeLabel } from './datasets';

const argv = process.argv.slice(2);
const option = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const sizes = (option('sizes') ?? '100000').split(',').map(Number);
const tilesPerZoom = Number(option('tiles') ?? 60);
const OUT = resolve(import.meta.dirname, 'RESULTS.md');
export const INTEROP_START = '<!-- interop:start -->';
export const INTEROP_END = '<!-- interop:end -->';

/** Shangrao's extent (lon/lat), where the synthetic features lie. */
const CITY = { west: 115.9, south: 27.8, east: 118.8, north: 29.6 };
const ZOOMS = [8, 9, 10, 11, 12, 13, 14];

const tileOf = (lon: number, lat: number, z: number) => {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  return [Math.floor(((lon + 180) / 360) * n), Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n)];
};

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

/** Deterministic pseudo-random numbers (mulberry32), so every run asks for the same tiles. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function timed(app: { request: (p: string) => Response | Promise<Response> }, path: string) {
  const t = performance.now();
  const res = await app.request(path);
  const body = new Uint8Array(await res.arrayBuffer());
  return { ms: performance.now() - t, status: res.status, bytes: body.length, body };
}

async function benchSize(n: number): Promise<string[]> {
  const dir = ensureDataset(n);
  const ds = await readDataset(dir);
  const t0 = performance.now();
  const store = new MemoryStore(ds);
  const app = await createApp({ store, config: readConfig({ WEB_DIR: '/nonexistent-web-dir' }) });
  console.log(`  ${sizeLabel(n)}: store built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const layers = (await store.layers()).sort((a, b) => b.count - a.count);
  const layer = layers[0];
  const lines: string[] = [];
  lines.push(`### ${sizeLabel(n)} features (layer \`${layer.id}\`, ${layer.count} features, ${layer.geometry})`, '');
  lines.push('Uncached tiles (each tile asked once; random tiles over the city, same seed every run):', '');
  lines.push('| zoom | tiles asked | with features | refused (over 200,000 features) | p50 ms | p99 ms | max ms | median bytes | largest bytes |', '|---|---|---|---|---|---|---|---|---|');
  const rnd = random(n);
  for (const z of ZOOMS) {
    const [x0, y0] = tileOf(CITY.west, CITY.north, z);
    const [x1, y1] = tileOf(CITY.east, CITY.south, z);
    const all: [number, number][] = [];
    for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) all.push([x, y]);
    const pick = all.length <= tilesPerZoom ? all : Array.from({ length: tilesPerZoom }, () => all[Math.floor(rnd() * all.length)]);
    const times: number[] = [];
    const sizesB: number[] = [];
    let withFeatures = 0;
    let refused = 0;
    const seen = new Set<string>();
    for (const [x, y] of pick) {
      if (seen.has(`${x}/${y}`)) continue;
      seen.add(`${x}/${y}`);
      const r = await timed(app, `/tiles/${layer.id}/${z}/${x}/${y}.mvt`);
      if (r.status === 400 && new TextDecoder().decode(r.body).includes('tile_too_dense')) {
        refused++;
        times.push(r.ms);
        continue;
      }
      if (r.status !== 200 && r.status !== 204) throw new Error(`tile ${z}/${x}/${y}: ${r.status} ${new TextDecoder().decode(r.body).slice(0, 200)}`);
      times.push(r.ms);
      if (r.status === 200) {
        withFeatures++;
        sizesB.push(r.bytes);
      }
    }
    lines.push(`| ${z} | ${times.length} | ${withFeatures} | ${refused} | ${ms(pct(times, 50))} | ${ms(pct(times, 99))} | ${ms(Math.max(...times))} | ${sizesB.length ? pct(sizesB, 50) : 0} | ${sizesB.length ? Math.max(...sizesB) : 0} |`);
    console.log(`    z${z}: ${times.length} tiles, p50 ${ms(pct(times, 50))} ms, p99 ${ms(pct(times, 99))} ms`);
  }

  lines.push('', 'OGC items against /api, the same query on the same store (county=361130&status=planned, 100 a page):', '');
  lines.push('| request | uncached p50 ms | uncached p99 ms | cached p50 ms | OGC ÷ /api (uncached p50) |', '|---|---|---|---|---|');
  const query = 'county=361130&status=planned';
  const rows: Record<string, { un: number[]; ca: number[] }> = { api: { un: [], ca: [] }, ogc: { un: [], ca: [] } };
  const paths = {
    api: (off: number) => `/api/layers/${layer.id}/features?${query}&limit=100&offset=${off}`,
    ogc: (off: number) => `/ogc/collections/${layer.id}/items?${query}&limit=100&offset=${off}`,
  };
  // Interleaved, so both see the same machine load; a new offset each time is a cache miss.
  for (let i = 0; i < 40; i++) {
    for (const k of ['api', 'ogc'] as const) rows[k].un.push((await timed(app, paths[k](i + 1))).ms);
  }
  for (let i = 0; i < 200; i++) for (const k of ['api', 'ogc'] as const) rows[k].ca.push((await timed(app, paths[k](0))).ms);
  const ratio = pct(rows.ogc.un, 50) / pct(rows.api.un, 50);
  for (const k of ['api', 'ogc'] as const)
    lines.push(`| ${k === 'api' ? '`/api/layers/{layer}/features`' : '`/ogc/collections/{layer}/items`'} | ${ms(pct(rows[k].un, 50))} | ${ms(pct(rows[k].un, 99))} | ${ms(pct(rows[k].ca, 50))} | ${k === 'ogc' ? ratio.toFixed(2) : ''} |`);
  console.log(`    OGC/api uncached p50 ratio ${ratio.toFixed(2)}`);
  lines.push('');
  return lines;
}

async function main() {
  const started = new Date().toISOString();
  const lines = [
    INTEROP_START,
    '## Interoperability: vector tiles and OGC API (embedded store)',
    '',
    `Run ${started} with \`npm run bench:interop -- --sizes ${sizes.join(',')} --tiles ${tilesPerZoom}\`, in process (app.request, no network).`,
    `Machine: ${cpus()[0]?.model ?? '?'} × ${cpus().length} logical CPUs, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}; load average at start ${loadavg().map((x) => x.toFixed(2)).join(' / ')} (the machine is shared: other work ran beside it).`,
    'Not measured yet: the PostGIS store (ST_AsMVT tiles are not built; its tiles go through the same geojson-vt path) and the floor of ST_AsMVT run directly in PostgreSQL.',
    '',
  ];
  for (const n of sizes) lines.push(...(await benchSize(n)));
  lines.push(INTEROP_END);
  const section = lines.join('\n');
  const old = existsSync(OUT) ? readFileSync(OUT, 'utf8') : '';
  const a = old.indexOf(INTEROP_START);
  const b = old.indexOf(INTEROP_END);
  const next = a >= 0 && b > a ? old.slice(0, a) + section + old.slice(b + INTEROP_END.length) : `${old.trimEnd()}\n\n${section}\n`;
  writeFileSync(OUT, next);
  console.log(`wrote ${OUT}`);
}

await main();
