/**
 * `npm run bench:interop`: the interoperability wings on both stores, in process (app.request, no
 * network), on the synthetic datasets of bench/datasets.ts:
 *  - uncached tile time p50/p99 per zoom z8–z14 over the city (every request a tile not asked
 *    before, so nothing comes from the response cache), with tile bytes and features, on the
 *    embedded store (geojson-vt) and on PostGIS (ST_AsMVT), and the floor: the PostGIS store's own
 *    tile SQL (server/store/postgis/tiles-sql.ts) run directly in PostgreSQL on one connection;
 *  - OGC items against /api for the same query on each store, uncached (a new offset each time)
 *    and cached.
 * PostGIS runs on a throwaway cluster (scripts/pg-cluster.ts), or DATABASE_URL (a superuser URL).
 * Writes its section into bench/RESULTS.md between the interop markers (run.ts keeps it).
 *
 *   npm run bench:interop -- [--sizes 100000,1000000] [--tiles 60] [--stores memory,postgis]
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { createApp } from '../server/app';
import { readConfig } from '../server/config';
import { readDataset } from '../server/dataset/load';
import pg from 'pg';
import { MemoryStore } from '../server/store/memory-store';
import { PostgisStore } from '../server/store/postgis/postgis-store';
import { tileSql, type TileRow } from '../server/store/postgis/tiles-sql';
import type { FeatureStore } from '../server/store/types';
import { BUFFER, EXTENT } from '../server/tiles/mvt';
import { MAX_TILE_FEATURES } from '../server/tiles/routes';
import { tileBounds } from '../server/tiles/tile-math';
import { startCluster, type Cluster } from '../scripts/pg-cluster';
import { ensureDataset, sizeLabel } from './datasets';
import { prng as random } from '../scripts/data/synth';
import { option } from './args';

const sizes = (option('sizes') ?? '100000').split(',').map(Number);
const tilesPerZoom = Number(option('tiles') ?? 60);
const stores = (option('stores') ?? 'memory,postgis').split(',');
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

async function timed(app: { request: (p: string) => Response | Promise<Response> }, path: string) {
  const t = performance.now();
  const res = await app.request(path);
  const body = new Uint8Array(await res.arrayBuffer());
  return { ms: performance.now() - t, status: res.status, bytes: body.length, body };
}

type App = { request: (p: string) => Response | Promise<Response> };

/** The tiles asked at each zoom: random over the city, the same every run (seeded by n). */
function tilesToAsk(n: number): Map<number, [number, number][]> {
  const rnd = random(n);
  const out = new Map<number, [number, number][]>();
  for (const z of ZOOMS) {
    const [x0, y0] = tileOf(CITY.west, CITY.north, z);
    const [x1, y1] = tileOf(CITY.east, CITY.south, z);
    const all: [number, number][] = [];
    for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) all.push([x, y]);
    const pick = all.length <= tilesPerZoom ? all : Array.from({ length: tilesPerZoom }, () => all[Math.floor(rnd() * all.length)]);
    const seen = new Set<string>();
    out.set(
      z,
      pick.filter(([x, y]) => !seen.has(`${x}/${y}`) && !!seen.add(`${x}/${y}`)),
    );
  }
  return out;
}

interface ZoomFigures {
  times: number[];
  floor: number[];
  sizes: number[];
  /** Per tile with features: [route ms, floor ms, bytes]. */
  pairs: [number, number, number][];
  refused: number;
}

/** Uncached tiles of `layer` through the app; with `floor`, the same tile's SQL run straight in PostgreSQL too. */
async function tileRun(app: App, layer: string, asks: Map<number, [number, number][]>, floor?: (z: number, x: number, y: number) => Promise<number>) {
  const figures = new Map<number, ZoomFigures>();
  for (const z of ZOOMS) {
    const f: ZoomFigures = { times: [], floor: [], sizes: [], pairs: [], refused: 0 };
    let i = 0;
    for (const [x, y] of asks.get(z)!) {
      // Route and floor take turns going first, so neither always finds the pages the other just read.
      const floorFirst = floor && i++ % 2 === 1;
      const fl1 = floorFirst ? await floor(z, x, y) : undefined;
      const r = await timed(app, `/tiles/${layer}/${z}/${x}/${y}.mvt`);
      const fl = fl1 ?? (floor ? await floor(z, x, y) : undefined);
      if (fl !== undefined) f.floor.push(fl);
      f.times.push(r.ms);
      if (r.status === 400 && new TextDecoder().decode(r.body).includes('tile_too_dense')) {
        f.refused++;
        continue;
      }
      if (r.status !== 200 && r.status !== 204) throw new Error(`tile ${z}/${x}/${y}: ${r.status} ${new TextDecoder().decode(r.body).slice(0, 200)}`);
      if (r.status === 200) {
        f.sizes.push(r.bytes);
        if (fl !== undefined) f.pairs.push([r.ms, fl, r.bytes]);
      }
    }
    figures.set(z, f);
    console.log(`    z${z}: ${f.times.length} tiles, p50 ${ms(pct(f.times, 50))} ms, p99 ${ms(pct(f.times, 99))} ms${f.floor.length ? `, floor p50 ${ms(pct(f.floor, 50))} ms` : ''}`);
  }
  return figures;
}

async function ogcVsApi(app: App, layer: string, lines: string[]) {
  lines.push('', 'OGC items against /api, the same query on the same store (county=361130&status=planned, 100 a page):', '');
  lines.push('| request | uncached p50 ms | uncached p99 ms | cached p50 ms | OGC ÷ /api (uncached p50) |', '|---|---|---|---|---|');
  const query = 'county=361130&status=planned';
  const rows: Record<string, { un: number[]; ca: number[] }> = { api: { un: [], ca: [] }, ogc: { un: [], ca: [] } };
  const paths = {
    api: (off: number) => `/api/layers/${layer}/features?${query}&limit=100&offset=${off}`,
    ogc: (off: number) => `/ogc/collections/${layer}/items?${query}&limit=100&offset=${off}`,
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
}

async function createDb(adminUrl: string, name: string): Promise<string> {
  const c = new pg.Client(adminUrl);
  await c.connect();
  try {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${name}`);
  } finally {
    await c.end();
  }
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

async function benchSize(n: number, adminUrl: string | undefined): Promise<string[]> {
  const dir = ensureDataset(n);
  const ds = await readDataset(dir);
  const asks = tilesToAsk(n);
  const config = readConfig({ WEB_DIR: '/nonexistent-web-dir' });
  const lines: string[] = [];
  const byStore = new Map<string, Map<number, ZoomFigures>>();
  let layer = '';
  for (const kind of stores) {
    const t0 = performance.now();
    let store: FeatureStore;
    let close = async () => {};
    let floor: ((z: number, x: number, y: number) => Promise<number>) | undefined;
    if (kind === 'memory') store = new MemoryStore(ds);
    else {
      const url = await createDb(adminUrl!, `interop_${sizeLabel(n).toLowerCase()}`);
      const pgStore = await PostgisStore.open(url, ds);
      store = pgStore;
      const client = new pg.Client(url);
      await client.connect();
      const layers = ds.layers;
      floor = async (z, x, y) => {
        const { sql, params } = tileSql({ layer, bbox: tileBounds({ z, x, y }, BUFFER / EXTENT) }, { z, x, y }, layers, { extent: EXTENT, buffer: BUFFER, maxFeatures: MAX_TILE_FEATURES });
        const t = performance.now();
        // Prepared like the store's statements (planned once per connection).
        await client.query<TileRow>({ name: 'interop_floor', text: sql, values: params });
        return performance.now() - t;
      };
      close = async () => {
        await client.end();
        await pgStore.close();
      };
    }
    console.log(`  ${sizeLabel(n)} ${kind}: store ${kind === 'memory' ? 'built' : 'loaded into PostGIS'} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const app = await createApp({ store, config });
    const top = (await store.layers()).sort((a, b) => b.count - a.count)[0];
    layer = top.id;
    if (lines.length === 0) lines.push(`### ${sizeLabel(n)} features (layer \`${top.id}\`, ${top.count} features, ${top.geometry})`, '');
    const h = await store.health();
    const storeName = kind === 'memory' ? 'embedded store (geojson-vt + vt-pbf)' : `PostGIS (ST_AsMVT, one query per tile; PostgreSQL ${h.postgresql}, PostGIS ${h.postgis}${adminUrl === process.env.DATABASE_URL ? '' : ', a throwaway cluster with default settings'})`;
    lines.push(`#### ${storeName}`, '', 'Uncached tiles (each tile asked once; random tiles over the city, same seed every run):', '');
    const figures = await tileRun(app, layer, asks, floor);
    byStore.set(kind, figures);
    if (floor) {
      lines.push(
        '| zoom | tiles asked | with features | refused (over 200,000 features) | p50 ms | p99 ms | max ms | median bytes | largest bytes | floor p50 ms | floor p99 ms | tiles > 10 KB: route ÷ floor (p50) | tiles ≤ 10 KB: route − floor (p50 ms) |',
        '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
      );
    } else {
      lines.push('| zoom | tiles asked | with features | refused (over 200,000 features) | p50 ms | p99 ms | max ms | median bytes | largest bytes |', '|---|---|---|---|---|---|---|---|---|');
    }
    for (const z of ZOOMS) {
      const f = figures.get(z)!;
      const row = `| ${z} | ${f.times.length} | ${f.sizes.length} | ${f.refused} | ${ms(pct(f.times, 50))} | ${ms(pct(f.times, 99))} | ${ms(Math.max(...f.times))} | ${f.sizes.length ? pct(f.sizes, 50) : 0} | ${f.sizes.length ? Math.max(...f.sizes) : 0} |`;
      if (!floor) {
        lines.push(row);
        continue;
      }
      const big = f.pairs.filter((p) => p[2] > 10 * 1024);
      const small = f.pairs.filter((p) => p[2] <= 10 * 1024);
      const bigRatio = big.length ? `${(pct(big.map((p) => p[0]), 50) / pct(big.map((p) => p[1]), 50)).toFixed(2)} (${big.length})` : '—';
      const smallDiff = small.length ? `${ms(pct(small.map((p) => p[0]), 50) - pct(small.map((p) => p[1]), 50))} (${small.length})` : '—';
      lines.push(`${row} ${ms(pct(f.floor, 50))} | ${ms(pct(f.floor, 99))} | ${bigRatio} | ${smallDiff} |`);
    }
    await ogcVsApi(app, layer, lines);
    lines.push('');
    await close();
  }
  const mem = byStore.get('memory');
  const pgf = byStore.get('postgis');
  if (mem && pgf) {
    lines.push('Embedded ÷ PostGIS, uncached tile p50 per zoom (below 1: the embedded store is faster):', '');
    lines.push(`| ${ZOOMS.map((z) => `z${z}`).join(' | ')} |`, `|${ZOOMS.map(() => '---').join('|')}|`);
    lines.push(`| ${ZOOMS.map((z) => (pct(mem.get(z)!.times, 50) / pct(pgf.get(z)!.times, 50)).toFixed(2)).join(' | ')} |`, '');
  }
  return lines;
}

async function main() {
  const started = new Date().toISOString();
  const lines = [
    INTEROP_START,
    '## Interoperability: vector tiles and OGC API (both stores)',
    '',
    `Run ${started} with \`npm run bench:interop -- --sizes ${sizes.join(',')} --tiles ${tilesPerZoom}\`, in process (app.request, no network).`,
    `Machine: ${cpus()[0]?.model ?? '?'} × ${cpus().length} logical CPUs, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}; load average at start ${loadavg().map((x) => x.toFixed(2)).join(' / ')} (the machine is shared: other work ran beside it).`,
    'The floor is the PostGIS store\'s own tile SQL (server/store/postgis/tiles-sql.ts) for the same tile, run straight in PostgreSQL on one connection as a prepared statement (no HTTP, no cache); route and floor take turns going first.',
    '',
  ];
  let cluster: Cluster | undefined;
  let adminUrl = process.env.DATABASE_URL;
  if (stores.includes('postgis') && !adminUrl) {
    cluster = await startCluster();
    adminUrl = cluster.url;
  }
  try {
    for (const n of sizes) lines.push(...(await benchSize(n, adminUrl)));
  } finally {
    await cluster?.destroy();
  }
  lines.push(`Load average at the end ${loadavg().map((x) => x.toFixed(2)).join(' / ')}.`, '');
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
