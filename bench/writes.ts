/**
 * `npm run bench:writes`: the embedded store's writes on the shipped data, over HTTP to the real
 * app (a bench-only guard lets every caller edit): acknowledged-write latency p50/p99 with 1 and 16
 * concurrent writers, read latency while 16 writers write, and start-up with a history of 10k
 * change sets (snapshot + tail, and the whole journal replayed). Results → bench/RESULTS-writes.md.
 * The state directories live in the system temp dir (same disk as the project on this machine).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { createApp } from '../server/app';
import { readConfig } from '../server/config';
import { readDataset } from '../server/dataset/load';
import { EmbeddedStore } from '../server/store/memory/embedded-store';
import { describeMachine } from './machine';

const root = resolve(import.meta.dirname, '..');
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const ms = (x: number) => x.toFixed(2);

const dataset = await readDataset(join(root, 'data'));
const ids = dataset.features.map((f) => f.properties.id);
const layers = [...new Set(dataset.features.map((f) => f.properties.layer))];

async function withServer<T>(work: (url: string, store: EmbeddedStore) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'sgm-bench-writes-'));
  const store = await EmbeddedStore.open({ stateDir: dir, dataset, dataDir: join(root, 'data'), log: () => {} });
  const app = await createApp({
    store,
    config: readConfig({ WEB_DIR: '/nonexistent-web-dir', MISS_PER_CLIENT: '1000', MISS_CONCURRENCY: '2' }),
    guard: { identify: async () => ({ username: 'bench', role: 'editor' }) },
  });
  const server = await new Promise<ReturnType<typeof serve>>((ok) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => ok(s));
  });
  const port = (server.address() as { port: number }).port;
  try {
    return await work(`http://127.0.0.1:${port}`, store);
  } finally {
    server.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

let seq = 0;
/** One PATCH (If-Match: *) renaming a feature; resolves with its latency in ms. */
async function patchOnce(url: string): Promise<number> {
  const id = ids[seq % ids.length];
  const n = seq++;
  const t0 = performance.now();
  const res = await fetch(`${url}/api/features/${id}?note=bench`, {
    method: 'PATCH',
    headers: { 'Content-Type': 'application/merge-patch+json', 'If-Match': '*' },
    body: JSON.stringify({ properties: { location_note_en: `bench edit ${n}` } }),
  });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`PATCH ${id}: ${res.status}`);
  return performance.now() - t0;
}

async function writers(url: string, clients: number, total: number): Promise<{ lat: number[]; seconds: number }> {
  const lat: number[] = [];
  let left = total;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (left-- > 0) lat.push(await patchOnce(url));
    }),
  );
  return { lat, seconds: (performance.now() - t0) / 1000 };
}

const rows: string[] = [];
const load0 = loadavg().map((x) => x.toFixed(2)).join(' / ');

// 1. write latency
for (const clients of [1, 16]) {
  const r = await withServer(async (url) => {
    await writers(url, clients, 50); // warm-up
    const r = await writers(url, clients, 500);
    console.error(`write latency, ${clients} writers: p50 ${quantile(r.lat, 0.5).toFixed(2)} p99 ${quantile(r.lat, 0.99).toFixed(2)}`);
    return r;
  });
  rows.push(`| PATCH, ${clients} writer${clients > 1 ? 's' : ''} | ${r.lat.length} | ${ms(quantile(r.lat, 0.5))} | ${ms(quantile(r.lat, 0.99))} | ${ms(Math.max(...r.lat))} | ${(r.lat.length / r.seconds).toFixed(0)} writes/s |`);
}

// 2. reads during writes
const readRows = await withServer(async (url) => {
  let done = false;
  const reads: Record<string, number[]> = {};
  let fivexx = 0;
  const paths = [`/api/layers/${layers[0]}/features`, '/api/stats', `/api/layers/${layers[1]}/features?county=361130`];
  const readers = Array.from({ length: 8 }, async (_, i) => {
    const path = paths[i % paths.length];
    (reads[path] ??= []);
    while (!done) {
      const t0 = performance.now();
      const res = await fetch(`${url}${path}`, { headers: { 'Accept-Encoding': 'gzip' } });
      await res.arrayBuffer();
      if (res.status >= 500) fivexx++;
      reads[path].push(performance.now() - t0);
    }
  });
  const w = await writers(url, 16, 500);
  done = true;
  await Promise.all(readers);
  const out = Object.entries(reads).map(([p, l]) => `| GET ${p} (8 readers in all) | ${l.length} | ${ms(quantile(l, 0.5))} | ${ms(quantile(l, 0.99))} | ${ms(Math.max(...l))} | 5xx: ${fivexx} |`);
  out.push(`| PATCH meanwhile, 16 writers | ${w.lat.length} | ${ms(quantile(w.lat, 0.5))} | ${ms(quantile(w.lat, 0.99))} | ${ms(Math.max(...w.lat))} | ${(w.lat.length / w.seconds).toFixed(0)} writes/s |`);
  return out;
});

// 3. start-up with a history of 10k change sets
async function startupRows(): Promise<string[]> {
  const out: string[] = [];
  for (const snapshotEvery of [1000, 1_000_000]) {
    const dir = mkdtempSync(join(tmpdir(), 'sgm-bench-history-'));
    const store = await EmbeddedStore.open({ stateDir: dir, dataset, dataDir: join(root, 'data'), snapshotEvery, log: () => {} });
    const t0fresh = performance.now();
    // 10,000 change sets, 200 in flight at a time (group commit: one sync per batch).
    for (let i = 0; i < 10_000; i += 200)
      await Promise.all(
        Array.from({ length: 200 }, (_, j) =>
          store.apply([{ op: 'update', id: ids[(i + j) % ids.length], patch: { properties: { location_note_en: `history ${i + j}` } } }], { author: { username: 'bench' }, note: `history ${i + j}` }),
        ),
      );
    const fill = (performance.now() - t0fresh) / 1000;
    console.error(`filled 10k change sets in ${fill.toFixed(1)} s`);
    await store.close();
    const times: number[] = [];
    for (let run = 0; run < 3; run++) {
      const t0 = performance.now();
      const s = await EmbeddedStore.open({ stateDir: dir, dataset, dataDir: join(root, 'data'), snapshotEvery, log: () => {} });
      times.push(performance.now() - t0);
      if ((await s.changes({ limit: 1 })).numberMatched !== 10_000) throw new Error('history lost');
      await s.close();
    }
    out.push(
      `| 10,000 change sets, ${snapshotEvery === 1000 ? 'snapshot every 1000 (default): snapshot + 0–999 journal records' : 'no snapshot since seeding: all 10,000 journal records replayed'} | ${ms(quantile(times, 0.5))} ms (median of 3; ${times.map((t) => t.toFixed(0)).join(', ')}) | writing them (200 in flight): ${fill.toFixed(1)} s |`,
    );
    rmSync(dir, { recursive: true, force: true });
  }
  const dir = mkdtempSync(join(tmpdir(), 'sgm-bench-history-'));
  const t0 = performance.now();
  const s = await EmbeddedStore.open({ stateDir: dir, dataset, dataDir: join(root, 'data'), log: () => {} });
  const seed = performance.now() - t0;
  await s.close();
  const t1 = performance.now();
  const s2 = await EmbeddedStore.open({ stateDir: dir, dataset, dataDir: join(root, 'data'), log: () => {} });
  const plain = performance.now() - t1;
  await s2.close();
  rmSync(dir, { recursive: true, force: true });
  out.unshift(`| no history: first start (seeding the state directory) / a later start | ${ms(seed)} ms / ${ms(plain)} ms | |`);
  return out;
}
const startRows = await startupRows();

const machine = describeMachine();
const md = `# Embedded store: writes, reads during writes, start-up with history

Date: ${new Date().toISOString()} · command: \`npm run bench:writes\` · data: the shipped \`data/\` (${dataset.features.length} features) ·
state directory in ${tmpdir()} (same disk as the project here) · load average at start ${load0}

## Machine

|  |  |
|---|---|
${Object.entries(machine)
  .map(([k, v]) => `| ${k} | ${v} |`)
  .join('\n')}

## Acknowledged writes (HTTP PATCH, each its own change set: validated, journalled, fdatasync'ed, then answered)

Goal: acknowledged under 20 ms at p99.

| case | writes | p50 ms | p99 ms | max ms | throughput |
|------|-------:|-------:|-------:|-------:|-----------|
${rows.join('\n')}

## Reads during writes (8 readers, 16 writers, 500 writes)

Every write moves the data version, so most reads are cache misses that rebuild the body.

| case | requests | p50 ms | p99 ms | max ms | |
|------|---------:|-------:|-------:|-------:|---|
${readRows.join('\n')}

## Start-up with a history (in-process \`EmbeddedStore.open\`, membership computed for every feature as at any start)

| state | open | |
|-------|------|---|
${startRows.join('\n')}
`;
writeFileSync(join(root, 'bench/RESULTS-writes.md'), md);
console.log(md);
process.exit(0);
