/**
 * Server time of every API endpoint on a dataset (default: the shipped data/), in process through
 * `app.request()` — no sockets, so the figure is the app's own time: routing, validation, the store
 * and the response cache. Warm (after a first pass) and cold (the first request of each path, when
 * its body is built and compressed). The goal for the shipped data: every warm response under 5 ms.
 *
 *   npx tsx bench/api-latency.ts [--data DIR] [--runs N]
 */
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createApp } from '../server/app';
import { readConfig } from '../server/config';
import { readDataset } from '../server/dataset/load';
import { MemoryStore } from '../server/store/memory-store';

export interface LatencyRow {
  path: string;
  status: number;
  bytes: number;
  coldMs: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

const HEADERS = { 'Accept-Encoding': 'br, gzip' };

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** Every endpoint once with and once without filters, plus a feature by id from the data. */
export async function apiPaths(store: MemoryStore): Promise<string[]> {
  const layers = await store.layerIds();
  const first = (await store.features({ limit: 1 })).features[0];
  const county = first?.properties.counties[0] ?? '361102';
  return [
    '/api/health',
    '/api/layers',
    ...layers.map((l) => `/api/layers/${l}/features`),
    `/api/layers/${layers[0]}/features?county=${county}&measure=4`,
    `/api/layers/${layers[0]}/features?bbox=117.5,28.2,118.2,28.8`,
    `/api/layers/${layers[0]}/features?q=${encodeURIComponent('山')}`,
    ...(first ? [`/api/features/${first.properties.id}`] : []),
    '/api/counties',
    '/api/context',
    '/api/measures',
    '/api/stats',
    `/api/stats?county=${county}&measure=13`,
    '/api/config',
    '/api/openapi.json',
  ];
}

export async function measureApiLatency(dataDir: string, runs = 200): Promise<LatencyRow[]> {
  const store = new MemoryStore(await readDataset(dataDir));
  // Pages are not measured: any existing directory will do as the web dir.
  const app = await createApp({ store, config: readConfig({ WEB_DIR: tmpdir() }) });
  const rows: LatencyRow[] = [];
  for (const path of await apiPaths(store)) {
    let t = performance.now();
    const first = await app.request(path, { headers: HEADERS });
    const body = await first.arrayBuffer();
    const coldMs = performance.now() - t;
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      t = performance.now();
      const res = await app.request(path, { headers: HEADERS });
      await res.arrayBuffer();
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    rows.push({ path, status: first.status, bytes: body.byteLength, coldMs, p50Ms: quantile(times, 0.5), p99Ms: quantile(times, 0.99), maxMs: times[times.length - 1] });
  }
  return rows;
}

export function latencyTable(rows: LatencyRow[]): string {
  const f = (x: number) => x.toFixed(3);
  const lines = ['| path | status | bytes (compressed) | cold ms | warm p50 ms | warm p99 ms | warm max ms |', '|---|---:|---:|---:|---:|---:|---:|'];
  for (const r of rows) lines.push(`| \`${r.path}\` | ${r.status} | ${r.bytes} | ${f(r.coldMs)} | ${f(r.p50Ms)} | ${f(r.p99Ms)} | ${f(r.maxMs)} |`);
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const dir = resolve(arg('--data') ?? 'data');
  const rows = await measureApiLatency(dir, Number(arg('--runs') ?? 200));
  console.log(latencyTable(rows));
  const worst = Math.max(...rows.map((r) => r.p99Ms));
  console.log(`\nworst warm p99: ${worst.toFixed(3)} ms (goal: every warm response < 5 ms)`);
}
