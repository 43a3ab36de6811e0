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
import type { Store } from '../server/store/types';
import { startCluster, type Cluster } from '../scripts/pg-cluster';
import { describeMachine } from './machine';

const ROOT = resolve(import.meta.dirname, '..');
const argv = process.argv.slice(2);
const option = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const changes = Number(option('changes') ?? 10_000);
const days = Number(option('days') ?? 100);
const stores = (option('stores') ?? 'embedded,postgis').split(',');
const out = resolve(option('out') ?? join(ROOT, 'bench/RESULTS-asof.md'));

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
}

async function run(kind: string, open: (now: () => Date) => Promise<{ store: Store; close: () => Promise<void> }>): Promise<Row> {
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
    return { store: kind, writeSeconds, cold, warm, loadAfter: load() };
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
        await run('postgis', async (now) => {
          const store = await PostgisStore.open(u.toString(), await readDataset(join(ROOT, 'data')), { now });
          return { store, close: () => store.close() };
        }),
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
  ];
  writeFileSync(out, lines.join('\n'));
  console.log(lines.join('\n'));
}

await main();
