/**
 * `npm run bench:postgis-writes`: the PostGIS store's writes and its start-up on a loaded
 * database. Writes bench/RESULTS-postgis-writes.md. Reports figures; never fails on speed.
 *
 *   npm run bench:postgis-writes [-- --size 10000] [--writes 300] [--startup 100000,1000000] [--durable]
 *
 * 1. Write latency: PATCH over HTTP to the real app on the PostGIS store (a bench-only guard lets
 *    every caller edit, as bench/writes.ts does for the embedded store), `--size` features (the
 *    synthetic dataset of bench/datasets.ts), 1 and 16 concurrent writers, `--writes` each after a
 *    warm-up of 30: p50 / p99 / max of the acknowledged write (after COMMIT).
 * 2. Start-up with the data already in the database: the real server spawned with DATABASE_URL
 *    until it prints "Ready: PostGIS". The first size is loaded from its synthetic dataset; larger
 *    sizes are made from it in SQL (the features copied with suffixed ids, their county rows
 *    too), since a server on a loaded database never reads the features: what start-up meets is
 *    the size of the tables.
 * Uses a throwaway cluster (scripts/pg-cluster.ts: fsync, synchronous_commit and full_page_writes
 * off — a commit there does not wait for the disk, so its write latency is below what a durable
 * server pays), or DATABASE_URL (superuser) when set.
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import pg from 'pg';
import { createApp } from '../server/app';
import { readConfig } from '../server/config';
import { readDataset } from '../server/dataset/load';
import { PostgisStore } from '../server/store/postgis/postgis-store';
import { startCluster, type Cluster } from '../scripts/pg-cluster';
import { ensureDataset, sizeLabel } from './datasets';
import { describeMachine } from './machine';
import { spawnUntil, stopChild } from './processes';
import { option } from './args';

const ROOT = resolve(import.meta.dirname, '..');
const argv = process.argv.slice(2);
const size = Number(option('size') ?? 10_000);
const writesEach = Number(option('writes') ?? 300);
const startupSizes = (option('startup') ?? '100000,1000000').split(',').map(Number).filter((x) => x > 0);
const out = resolve(option('out') ?? join(ROOT, 'bench/RESULTS-postgis-writes.md'));

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const f2 = (x: number) => x.toFixed(2);
const load = () => loadavg().map((x) => x.toFixed(2)).join(' / ');

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
  const db = new pg.Client(u.toString());
  await db.connect();
  await db.query('CREATE EXTENSION IF NOT EXISTS postgis');
  await db.end();
  return u.toString();
}

async function writeLatency(adminUrl: string): Promise<string[]> {
  const dataDir = ensureDataset(size);
  const url = await createDb(adminUrl, `bench_writes_${sizeLabel(size).toLowerCase()}`);
  const dataset = await readDataset(dataDir);
  const ids = dataset.features.map((f) => f.properties.id);
  const store = await PostgisStore.open(url, dataset);
  const app = await createApp({
    store,
    config: readConfig({ WEB_DIR: '/nonexistent-web-dir', MISS_PER_CLIENT: '1000' }),
    guard: { identify: async () => ({ username: 'bench', role: 'editor' }) },
  });
  const server = await new Promise<ReturnType<typeof serve>>((ok) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => ok(s));
  });
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  let seq = 0;
  const patchOnce = async () => {
    const id = ids[(seq * 7919) % ids.length];
    const n = seq++;
    const t0 = performance.now();
    const res = await fetch(`${base}/api/features/${id}?note=bench`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/merge-patch+json', 'If-Match': '*' },
      body: JSON.stringify({ properties: { location_note_en: `bench edit ${n}` } }),
    });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`PATCH ${id}: ${res.status}`);
    return performance.now() - t0;
  };
  const writers = async (clients: number, total: number) => {
    const lat: number[] = [];
    let left = total;
    const t0 = performance.now();
    await Promise.all(Array.from({ length: clients }, async () => {
      while (left-- > 0) lat.push(await patchOnce());
    }));
    return { lat, seconds: (performance.now() - t0) / 1000 };
  };
  const rows: string[] = [];
  try {
    for (const clients of [1, 16]) {
      await writers(clients, 30);
      const r = await writers(clients, writesEach);
      console.error(`PostGIS write latency, ${clients} writers: p50 ${f2(quantile(r.lat, 0.5))} ms, p99 ${f2(quantile(r.lat, 0.99))} ms (load ${load()})`);
      rows.push(`| PATCH, ${clients} writer${clients > 1 ? 's' : ''} | ${r.lat.length} | ${f2(quantile(r.lat, 0.5))} | ${f2(quantile(r.lat, 0.99))} | ${f2(Math.max(...r.lat))} | ${(r.lat.length / r.seconds).toFixed(0)} writes/s | ${load()} |`);
    }
  } finally {
    server.close();
    await store.close();
  }
  return rows;
}

/** Copy every feature (and its county rows) `copies` times with suffixed ids and later positions. */
async function multiply(url: string, copies: number): Promise<void> {
  const c = new pg.Client(url);
  await c.connect();
  try {
    await c.query('BEGIN');
    const { rows } = await c.query<{ n: string }>('SELECT max(position) + 1 AS n FROM features');
    const n = Number(rows[0].n);
    await c.query(
      `INSERT INTO features (id, position, version, layer, measures, status, precision, aims, outside, geom_type, search_text, minx, miny, maxx, maxy, properties, geometry, geom, km, km2)
       SELECT f.id || '-copy' || k, f.position + k * $1::bigint, f.version, f.layer, f.measures, f.status, f.precision, f.aims, f.outside, f.geom_type, f.search_text || '-copy' || k,
              f.minx, f.miny, f.maxx, f.maxy, jsonb_set(f.properties::jsonb, '{id}', to_jsonb(f.id || '-copy' || k))::json, f.geometry, f.geom, f.km, f.km2
       FROM features f CROSS JOIN generate_series(1, $2::int) AS k WHERE f.position < $1::bigint`,
      [n, copies],
    );
    await c.query(
      `INSERT INTO feature_counties (feature_id, county, km, km2)
       SELECT fc.feature_id || '-copy' || k, fc.county, fc.km, fc.km2 FROM feature_counties fc CROSS JOIN generate_series(1, $1::int) AS k WHERE fc.feature_id NOT LIKE '%-copy%'`,
      [copies],
    );
    await c.query('COMMIT');
    await c.query('ANALYZE features');
    await c.query('ANALYZE feature_counties');
  } finally {
    await c.end();
  }
}

async function startupMs(url: string): Promise<number> {
  const env = { PORT: '0', HOST: '127.0.0.1', SKIP_WEB_BUILD: '1', DATA_DIR: '/nonexistent-data-dir', WEB_DIR: '/nonexistent-web-dir', DATABASE_URL: url };
  const { child, ms } = await spawnUntil('server/main.ts', env, /Ready: PostGIS/, 600_000);
  await stopChild(child);
  return ms;
}

async function startups(adminUrl: string): Promise<string[]> {
  const rows: string[] = [];
  if (!startupSizes.length) return rows;
  const first = startupSizes[0];
  const url = await createDb(adminUrl, `bench_start_${sizeLabel(first).toLowerCase()}`);
  const t = performance.now();
  const dataDir = ensureDataset(first);
  const store = await PostgisStore.open(url, () => readDataset(dataDir), { listen: false });
  await store.close();
  console.error(`loaded ${sizeLabel(first)} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  let have = first;
  for (const n of startupSizes) {
    if (n > have) {
      const t1 = performance.now();
      await multiply(url, Math.round(n / have) - 1);
      console.error(`made ${sizeLabel(n)} from ${sizeLabel(have)} in SQL in ${((performance.now() - t1) / 1000).toFixed(1)} s`);
      have = n;
    }
    const c = new pg.Client(url);
    await c.connect();
    const count = Number((await c.query('SELECT count(*) AS n FROM features')).rows[0].n);
    await c.end();
    const runs = [await startupMs(url), await startupMs(url)];
    console.error(`start-up at ${count} features: ${runs.map((x) => (x / 1000).toFixed(1)).join(', ')} s (load ${load()})`);
    rows.push(`| ${sizeLabel(n)} (${count} features in the database) | ${runs.map((x) => (x / 1000).toFixed(1)).join(' / ')} | ${load()} |`);
  }
  return rows;
}

async function main() {
  let cluster: Cluster | undefined;
  const durable = argv.includes('--durable');
  const adminUrl = process.env.DATABASE_URL || (cluster = await startCluster({ durable })).url;
  try {
    const load0 = load();
    const w = await writeLatency(adminUrl);
    const s = await startups(adminUrl);
    const m = describeMachine();
    const md = [
      '# PostGIS store: writes and start-up',
      '',
      `Command: \`npm run bench:postgis-writes -- ${argv.join(' ')}\`. Date: ${new Date().toISOString()}.`,
      `Machine: ${Object.entries(m).filter(([k]) => !/load/i.test(k)).map(([k, v]) => `${k} ${v}`).join('; ')}. Load average (1 / 5 / 15 min) at the start: ${load0}; per row below.`,
      '',
      'The machine is shared by several engineers (2 CPUs): every figure here is a record of one',
      'run under that load, not what the machine does alone.',
      '',
      process.env.DATABASE_URL
        ? 'Database: the server in DATABASE_URL.'
        : durable
          ? 'Database: a throwaway cluster with PostgreSQL\'s durable defaults (`--durable`: fsync, synchronous_commit and full_page_writes on): every acknowledged write waited for its WAL flush to this machine\'s disk.'
          : 'Database: a throwaway cluster with fsync, synchronous_commit and full_page_writes off (scripts/pg-cluster.ts): a COMMIT here does not wait for the disk, so the write latencies below leave out the WAL flush a durable PostgreSQL adds to every write.',
      '',
      `## Write latency (PATCH over HTTP, answered after COMMIT; ${sizeLabel(size)} features)`,
      '',
      '| case | writes | p50 ms | p99 ms | max ms | throughput | load average |',
      '|---|---|---|---|---|---|---|',
      ...w,
      '',
      'Every writer locks the `dataset` row first (change sets are numbered in commit order), so',
      'writes are applied one after another: 16 writers get about the throughput of one, and each',
      'waits behind the others (p50 ≈ the queue). One write is some 16 SQL statements in one',
      'transaction plus the shared validation in JavaScript.',
      '',
      '## Start-up with the data already in the database (spawn → "Ready: PostGIS"; two runs)',
      '',
      `The first size is loaded by the server's own loader; larger ones are copies of its features made in SQL (start-up never reads features). Target: under 10 s at 1M.`,
      '',
      '| size | start-up s | load average |',
      '|---|---|---|',
      ...s,
      '',
    ];
    writeFileSync(out, md.join('\n'));
    console.error(`wrote ${out}`);
  } finally {
    await cluster?.destroy();
  }
}

await main();
