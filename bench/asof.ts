/**
 * `npm run bench:asof`: "as of" a day at N change sets, on each store. Writes bench/RESULTS-asof.md.
 * Reports figures; never fails on speed.
 *
 *   npm run bench:asof [-- --changes 10000] [--days 100] [--stores embedded,postgis]
 *
 * The shipped data (data/), then `--changes` change sets, each a status change of one feature
 * (with date and evidence, as the API requires) stamped on a clock spread evenly from 2022-04-01
 * to 2026-10-31. Then GET /api/stats?asof=DAY through the real app (in-process `app.request`, no
 * sockets) for `--days` different days spread over the same span, each asked once (not cached:
 * the store rebuilds the view), then the same days again (from the response cache). p50 / p99 / max.
 * PostGIS runs on a throwaway cluster (scripts/pg-cluster.ts; fsync off) or DATABASE_URL.
 * `--explain`: after the run on PostGIS, EXPLAIN ANALYZE of the "as of" CTEs (asof-sql.ts) for a
 * change set early, in the middle and late in the history, and of the day → change set lookup; the
 * plans (which indexes) go into the results file.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { createApp } from '../server/app';
import { readConfig } from '../server/config';
import { readDataset } from '../server/dataset/load';
import { EmbeddedStore } from '../server/store/memory/embedded-store';
import { PostgisStore } from '../server/store/postgis/postgis-store';
import { asOfSql } from '../server/store/postgis/asof-sql';
import type { Store } from '../server/store/types';
import { startCluster, type Cluster } from '../scripts/pg-cluster';
import { describeMachine } from './machine';
import { option } from './args';

const ROOT = resolve(import.meta.dirname, '..');
const argv = process.argv.slice(2);
const changes = Number(option('changes') ?? 10_000);
const days = Number(option('days') ?? 100);
const stores = (option('stores') ?? 'embedded,postgis').split(',');
const out = resolve(option('out') ?? join(ROOT, 'bench/RESULTS-asof.md'));
const explain = argv.includes('--explain');

const START = Date.parse('2022-04-01T02:00:00Z');
const END = Date.parse('2026-10-31T02:00:00Z');
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const f1 = (x: number) => x.toFixed(1);
const load = () => loadavg().map((x) => x.toFixed(2)).join(' / ');

interface Row {
  store: string;
  writeSeconds: number;
  cold: number[];
  warm: number[];
  loadAfter: string;
  plans?: string[];
}

/** EXPLAIN ANALYZE of the asof CTEs at three points of the history, and of the day lookup (PostGIS). */
async function explainPlans(url: string): Promise<string[]> {
  const c = new pg.Client(url);
  await c.connect();
  try {
    const { rows } = await c.query<{ n: string }>('SELECT max(id)::text AS n FROM change_sets');
    const n = Number(rows[0].n);
    const out: string[] = [];
    const plan = async (title: string, sql: string, params: unknown[]) => {
      const r = await c.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, COSTS OFF, TIMING ON, SUMMARY ON) ${sql}`, params);
      out.push(`#### ${title}`, '', '```', ...r.rows.map((x) => x['QUERY PLAN']), '```', '');
    };
    for (const s of [Math.round(n * 0.1), Math.round(n * 0.5), Math.round(n * 0.9)]) {
      const q = asOfSql('SELECT count(*) AS features, (SELECT count(*) FROM feature_counties) AS memberships FROM features', [], s);
      await plan(`as of change set ${s} of ${n}: the two CTEs (features, feature_counties)`, q.sql, q.params);
    }
    const mid = Math.round(n * 0.5);
    await plan(`the kept versions valid at ${mid}, asked as before migration 0015 (btree feature_history_valid)`, 'SELECT count(*) FROM feature_history WHERE since_seq <= $1 AND valid_to > $1', [mid]);
    await plan(`the same, asked as now (GiST feature_history_validity)`, 'SELECT count(*) FROM feature_history WHERE int8range(since_seq, valid_to) @> $1::bigint', [mid]);
    await plan('the day → change set lookup (postgis-store.ts asOf)', 'SELECT COALESCE((SELECT max(id) FROM change_sets WHERE at < $1::timestamptz), 0) AS seq', ['2024-06-30T16:00:00Z']);
    return out;
  } finally {
    await c.end();
  }
}

async function run(kind: string, open: (now: () => Date) => Promise<{ store: Store; close: () => Promise<void> }>, after?: () => Promise<string[]>): Promise<Row> {
  const dataset = await readDataset(join(ROOT, 'data'));
  let clock = new Date(START);
  const { store, close } = await open(() => clock);
  try {
    const ids = dataset.features.map((f) => f.properties.id);
    const t0 = performance.now();
    for (let i = 0; i < changes; i++) {
      clock = new Date(START + ((END - START) * i) / changes);
      const id = ids[i % ids.length];
      const cur = await store.storedFeature(id);
      const status = cur!.feature.properties.status === 'completed' ? 'in_progress' : 'completed';
      await store.apply(
        [{ op: 'update', id, patch: { properties: { status, status_date: clock.toISOString().slice(0, 10), status_evidence: { title: `bench ${i}` } } } }],
        { author: { username: 'bench' }, note: 'bench:asof' },
      );
      if ((i + 1) % 1000 === 0) process.stdout.write(`  ${kind}: ${i + 1} change sets\n`);
    }
    const writeSeconds = (performance.now() - t0) / 1000;
    const app = await createApp({ store, config: readConfig({ WEB_DIR: '/nonexistent-web-dir', MISS_PER_CLIENT: '1000' }) });
    const asked = Array.from({ length: days }, (_, k) => new Date(START + ((END - START) * (k + 0.5)) / days).toISOString().slice(0, 10));
    const time = async (day: string) => {
      const t = performance.now();
      const res = await app.request(`/api/stats?asof=${day}`);
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`stats?asof=${day}: HTTP ${res.status}`);
      return performance.now() - t;
    };
    const cold: number[] = [];
    for (const d of asked) cold.push(await time(d));
    const warm: number[] = [];
    for (const d of asked) warm.push(await time(d));
    const plans = after ? await after() : undefined;
    return { store: kind, writeSeconds, cold, warm, loadAfter: load(), plans };
  } finally {
    await close();
  }
}

async function main() {
  const machine = describeMachine();
  const rows: Row[] = [];
  let cluster: Cluster | undefined;
  try {
    if (stores.includes('embedded')) {
      const dir = mkdtempSync(join(tmpdir(), 'sgm-bench-asof-'));
      rows.push(
        await run('embedded', async (now) => {
          const store = await EmbeddedStore.open({ stateDir: dir, dataset: await readDataset(join(ROOT, 'data')), dataDir: join(ROOT, 'data'), now, log: () => {} });
          return { store, close: async () => (await store.close(), rmSync(dir, { recursive: true, force: true })) };
        }),
      );
    }
    if (stores.includes('postgis')) {
      const admin = process.env.DATABASE_URL || (cluster = await startCluster()).url;
      const c = new pg.Client(admin);
      await c.connect();
      await c.query('DROP DATABASE IF EXISTS bench_asof WITH (FORCE)');
      await c.query('CREATE DATABASE bench_asof');
      await c.end();
      const u = new URL(admin);
      u.pathname = '/bench_asof';
      rows.push(
        await run(
          'postgis',
          async (now) => {
            const store = await PostgisStore.open(u.toString(), await readDataset(join(ROOT, 'data')), { now });
            return { store, close: () => store.close() };
          },
          explain ? () => explainPlans(u.toString()) : undefined,
        ),
      );
    }
  } finally {
    await cluster?.stop();
  }
  const lines = [
    '# Bench: "as of" a day (`npm run bench:asof`)',
    '',
    `Run ${new Date().toISOString()} — ${changes} change sets (status changes) over the shipped data, then \`/api/stats?asof=DAY\` for ${days} different days through the app in-process; "first" = each day asked once (the store builds the view of that day), "again" = the same days from the response cache. Times in ms.`,
    '',
    ...Object.entries(machine).map(([k, v]) => `- ${k}: ${v}`),
    '',
    '| store | writing the change sets | first: p50 | p99 | max | again: p50 | p99 | load average after (1/5/15) |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.store} | ${f1(r.writeSeconds)} s | ${f1(quantile(r.cold, 0.5))} | ${f1(quantile(r.cold, 0.99))} | ${f1(Math.max(...r.cold))} | ${f1(quantile(r.warm, 0.5))} | ${f1(quantile(r.warm, 0.99))} | ${r.loadAfter} |`),
    '',
    ...rows.flatMap((r) => (r.plans ? [`### Query plans on ${r.store} (\`--explain\`)`, '', ...r.plans] : [])),
  ];
  writeFileSync(out, lines.join('\n'));
  console.log(lines.join('\n'));
}

await main();
