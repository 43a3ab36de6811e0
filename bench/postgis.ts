/**
 * `npm run bench:postgis`: the PostGIS store beside the embedded one, on the synthetic datasets of
 * `npm run bench` (bench/datasets.ts). Writes bench/RESULTS-postgis.md. Reports figures; never
 * fails on speed.
 *
 *   npm run bench:postgis [-- --sizes 10000,100000] [--startup-sizes 100000,1000000] [--seconds 5]
 *
 * Per size: loading data/ into an empty database; start-up of each server (spawn until ready:
 * the embedded store's listening line, PostGIS's "Ready" with the data already in the database);
 * req/s of both servers on queries that reach the store (each request a query not asked before,
 * so the response cache cannot answer); and the floor: the PostGIS store's own SQL for the same
 * queries run straight in the database by pgbench, no HTTP, no JSON. Uses a throwaway cluster
 * (scripts/pg-cluster.ts), or DATABASE_URL (a superuser URL) when set.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { readDataset, readDatasetStamp, readDatasetVersion } from '../server/dataset/load';
import { PostgisStore } from '../server/store/postgis/postgis-store';
import { featuresSql } from '../server/store/postgis/sql';
import { statsQuery } from '../server/store/postgis/stats';
import type { FeatureQuery } from '../server/store/types';
import { PG_BIN, startCluster, type Cluster } from '../scripts/pg-cluster';
import { BENCH_TMP, ensureDataset, sizeLabel } from './datasets';
import { load, type LoadResult } from './load';
import { spawnUntil, startServer, stopChild } from './processes';
import { option } from './args';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '..');
const argv = process.argv.slice(2);
const list = (s: string | undefined) => s?.split(',').map(Number).filter((x) => x > 0);
const sizes = list(option('sizes')) ?? [10_000, 100_000];
const startupSizes = list(option('startup-sizes')) ?? [100_000, 1_000_000];
const seconds = Number(option('seconds') ?? 5);
const CONNECTIONS = 64;
const POOL = 10;
const out = resolve(option('out') ?? join(ROOT, 'bench/RESULTS-postgis.md'));
// Both servers get the same miss limits, wide enough for the load generator's connections from
// one address (the defaults, 2 builds at once and 8 waiting per client, would answer most with 429).
process.env.MISS_CONCURRENCY = String(POOL);
process.env.MISS_PER_CLIENT = String(CONNECTIONS);

/** Queries that reach the store: `n` makes each request's query new. */
interface StoreCase {
  id: string;
  label: string;
  path: (n: number) => string;
  /** The same query as the store runs it (for the floor); `n` varies like the path. */
  sql?: (n: number) => { sql: string; params: unknown[] };
}

const bx = (n: number) => Number((117.5 + (n % 100_000) * 1e-6).toFixed(6));
const CASES: StoreCase[] = [
  {
    id: 'bbox',
    label: 'features in a 0.1°×0.1° bbox (cold-chain-bases)',
    path: (n) => `/api/layers/cold-chain-bases/features?bbox=${bx(n)},28.4,${(bx(n) + 0.1).toFixed(6)},28.5`,
    sql: (n) => featuresSql({ layer: 'cold-chain-bases', bbox: [bx(n), 28.4, Number((bx(n) + 0.1).toFixed(6)), 28.5] } as FeatureQuery),
  },
  {
    id: 'page',
    label: 'a page of 50 (scenic-areas in 婺源, offset varies)',
    path: (n) => `/api/layers/scenic-areas/features?county=361130&limit=50&offset=${n % 1000}`,
    sql: (n) => featuresSql({ layer: 'scenic-areas', counties: ['361130'], limit: 50, offset: n % 1000 }),
  },
  {
    id: 'stats',
    label: '/api/stats for a bbox (all layers)',
    path: (n) => `/api/stats?bbox=${bx(n)},28.2,${(bx(n) + 0.5).toFixed(6)},28.7`,
    sql: (n) => statsQuery({ bbox: [bx(n), 28.2, Number((bx(n) + 0.5).toFixed(6)), 28.7] }),
  },
];

interface CaseFigures {
  id: string;
  label: string;
  memory: LoadResult;
  postgis: LoadResult;
  /** pgbench transactions per second of the same SQL, and mean latency (ms). */
  floor?: { tps: number; latencyMs: number };
}

interface SizeFigures {
  n: number;
  loadMs: number;
  memoryStartMs: number;
  postgisStartMs: number;
  cases: CaseFigures[];
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

/** The query's SQL with its parameters inlined as literals (pgbench scripts take no bind parameters). */
function inlined({ sql, params }: { sql: string; params: unknown[] }): string {
  const lit = (v: unknown): string => {
    if (v === null || v === undefined) return 'NULL';
    if (typeof v === 'number') return String(v);
    if (Array.isArray(v)) return `ARRAY[${v.map(lit).join(',')}]`;
    return `'${String(v).replace(/'/g, "''")}'`;
  };
  return `${sql.replace(/\$(\d+)/g, (_m, k) => lit(params[Number(k) - 1])).replace(/\s+/g, ' ')};`;
}

async function floor(url: string, c: StoreCase): Promise<CaseFigures['floor']> {
  if (!c.sql) return undefined;
  const dir = join(BENCH_TMP, 'pgbench');
  mkdirSync(dir, { recursive: true });
  // 50 scripts, each one variant of the query; pgbench picks among them at random per transaction.
  const files = Array.from({ length: 50 }, (_, i) => {
    const f = join(dir, `${c.id}-${i}.sql`);
    writeFileSync(f, `${inlined(c.sql!(i * 104_729))}\n`);
    return f;
  });
  const u = new URL(url);
  const args = ['-n', '-c', String(POOL), '-j', '2', '-T', String(seconds), '-h', u.hostname, '-p', u.port || '5432', '-U', decodeURIComponent(u.username || 'postgres'), ...files.flatMap((f) => ['-f', f]), u.pathname.slice(1)];
  const { stdout } = await run(join(PG_BIN, 'pgbench'), args, { maxBuffer: 1 << 24, env: { ...process.env, PGPASSWORD: decodeURIComponent(u.password) } });
  const tps = Number(/tps = ([\d.]+)/.exec(stdout)?.[1]);
  const latencyMs = Number(/latency average = ([\d.]+) ms/.exec(stdout)?.[1]);
  return { tps, latencyMs };
}

async function startPostgisServer(url: string, dataDir: string) {
  const env = { PORT: '0', HOST: '127.0.0.1', SKIP_WEB_BUILD: '1', DATA_DIR: dataDir, WEB_DIR: '/nonexistent-web-dir', DATABASE_URL: url };
  const { child, match, ms } = await spawnUntil('server/main.ts', env, /listening on http:\/\/localhost:(\d+)\/[\s\S]*Ready: PostGIS/, 1_800_000);
  return { url: `http://127.0.0.1:${match[1]}`, child, startMs: ms };
}

async function loadInto(adminUrl: string, n: number): Promise<{ url: string; loadMs: number; dataDir: string }> {
  const dataDir = ensureDataset(n);
  const url = await createDb(adminUrl, `bench_${sizeLabel(n).toLowerCase()}`);
  const t = performance.now();
  // As the server loads an empty database: the files' stamp is recorded, so a server started
  // on it later does not hash data/ again (server/store/postgis/postgis-store.ts newRelease).
  const store = await PostgisStore.open(url, () => readDataset(dataDir), { release: { stamp: () => readDatasetStamp(dataDir), version: () => readDatasetVersion(dataDir) } });
  const loadMs = performance.now() - t;
  await store.close();
  console.log(`  ${sizeLabel(n)}: read data/ + migrate + load into PostGIS ${(loadMs / 1000).toFixed(1)} s`);
  return { url, loadMs, dataDir };
}

async function benchSize(adminUrl: string, n: number): Promise<SizeFigures> {
  const { url, loadMs, dataDir } = await loadInto(adminUrl, n);
  const memory = await startServer(dataDir, '/nonexistent-web-dir');
  const postgis = await startPostgisServer(url, dataDir);
  console.log(`  ${sizeLabel(n)}: start-up memory ${(memory.startMs / 1000).toFixed(1)} s, PostGIS ${(postgis.startMs / 1000).toFixed(1)} s`);
  const cases: CaseFigures[] = [];
  try {
    for (const c of CASES) {
      const opts = { connections: CONNECTIONS, seconds, warmup: 1 };
      const m = await load({ ...opts, url: memory.url + c.path(0), pathFor: c.path });
      const p = await load({ ...opts, url: postgis.url + c.path(0), pathFor: (k) => c.path(k + 500_000) });
      const f = await floor(url, c);
      cases.push({ id: c.id, label: c.label, memory: m, postgis: p, floor: f });
      console.log(`  ${c.id}: memory ${m.reqPerSec.toFixed(0)} req/s, PostGIS ${p.reqPerSec.toFixed(0)} req/s, SQL floor ${f?.tps.toFixed(0) ?? '—'} tps`);
    }
  } finally {
    await memory.stop();
    await stopChild(postgis.child);
  }
  return { n, loadMs, memoryStartMs: memory.startMs, postgisStartMs: postgis.startMs, cases };
}

async function startupOnly(adminUrl: string, n: number): Promise<{ n: number; loadMs: number; postgisStartMs: number }> {
  const { url, loadMs, dataDir } = await loadInto(adminUrl, n);
  const s = await startPostgisServer(url, dataDir);
  await stopChild(s.child);
  console.log(`  ${sizeLabel(n)}: PostGIS start-up ${(s.startMs / 1000).toFixed(1)} s (data already in the database)`);
  return { n, loadMs, postgisStartMs: s.startMs };
}

const f0 = (x: number) => x.toFixed(0);
const f1 = (x: number) => x.toFixed(1);

function render(rows: SizeFigures[], startups: { n: number; loadMs: number; postgisStartMs: number }[], pgVersion: string): string {
  const md: string[] = [];
  md.push('# PostGIS store benchmark', '');
  md.push(`Command: \`npm run bench:postgis -- ${argv.join(' ')}\`. Date: ${new Date().toISOString()}.`);
  md.push(`Machine: ${cpus()[0]?.model} × ${cpus().length} logical CPUs, ${(totalmem() / 2 ** 30).toFixed(1)} GiB; load average at the end ${loadavg().map((x) => x.toFixed(2)).join(' / ')} (the machine is shared: figures vary between runs). Node ${process.version}; ${pgVersion}.`, '');
  md.push(`Servers on loopback, autocannon ${CONNECTIONS} connections, ${seconds} s after 1 s warm-up, gzip accepted; every request a query not asked before (the response cache cannot answer it). PostGIS pool: ${POOL} connections per server; both servers with MISS_CONCURRENCY=${POOL}, MISS_PER_CLIENT=${CONNECTIONS}. Floor: the PostGIS store's own SQL for the same queries (literal values) run by pgbench with ${POOL} clients, no HTTP, no JSON shaping. A throwaway cluster with fsync off (reads are unaffected).`, '');
  md.push('## Reads (2xx answers per second; p99 ms; other answers)', '');
  md.push('| size | query | embedded | PostGIS | SQL floor (pgbench tps) | floor ÷ PostGIS |', '|---|---|---|---|---|---|');
  const ok = (r: LoadResult) => Math.max(0, r.reqPerSec - r.non2xx / seconds);
  const cell = (r: LoadResult) => `${f0(ok(r))} (p99 ${r.p99} ms${r.non2xx ? `; ${r.non2xx} non-2xx` : ''}${r.errors ? `; ${r.errors} errors/timeouts` : ''})`;
  for (const r of rows)
    for (const c of r.cases)
      md.push(
        `| ${sizeLabel(r.n)} | ${c.label} | ${cell(c.memory)} | ${cell(c.postgis)} | ${c.floor ? f0(c.floor.tps) : '—'} | ${c.floor && ok(c.postgis) ? `${(c.floor.tps / ok(c.postgis)).toFixed(2)}×` : '—'} |`,
      );
  md.push('', '## Start-up and loading (s)', '');
  md.push('| size | embedded: spawn → listening | PostGIS: spawn → ready (data in the database) | loading data/ into an empty database |', '|---|---|---|---|');
  for (const r of rows) md.push(`| ${sizeLabel(r.n)} | ${f1(r.memoryStartMs / 1000)} | ${f1(r.postgisStartMs / 1000)} | ${f1(r.loadMs / 1000)} |`);
  for (const s of startups) if (!rows.some((r) => r.n === s.n)) md.push(`| ${sizeLabel(s.n)} | (see RESULTS.md) | ${f1(s.postgisStartMs / 1000)} | ${f1(s.loadMs / 1000)} |`);
  md.push(
    '',
    '## Elsewhere',
    '',
    '- Write latency p50/p99 and start-up with 1M features already in the database (the server spawned without data/): `npm run bench:postgis-writes`, in [RESULTS-postgis-writes.md](RESULTS-postgis-writes.md) (fsync off) and [RESULTS-postgis-writes-durable.md](RESULTS-postgis-writes-durable.md) (`--durable`: every COMMIT waits for the disk).',
    '- Start-up here spawns the server with DATA_DIR set to the dataset, so it includes checking the files for a new data release (their stamp; on the first start after loading, a hash of every file).',
    '',
  );
  return md.join('\n');
}

async function main() {
  let cluster: Cluster | undefined;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    cluster = await startCluster();
    adminUrl = cluster.url;
  }
  try {
    const c = new pg.Client(adminUrl);
    await c.connect();
    const pgVersion = `PostgreSQL ${(await c.query('SHOW server_version')).rows[0].server_version}`;
    await c.end();
    const rows: SizeFigures[] = [];
    for (const n of sizes) rows.push(await benchSize(adminUrl, n));
    const startups = [];
    for (const n of startupSizes) startups.push(rows.some((r) => r.n === n) ? { n, loadMs: rows.find((r) => r.n === n)!.loadMs, postgisStartMs: rows.find((r) => r.n === n)!.postgisStartMs } : await startupOnly(adminUrl, n));
    writeFileSync(out, render(rows, startups, pgVersion));
    console.log(`wrote ${out}`);
  } finally {
    await cluster?.destroy();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
