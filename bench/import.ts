/**
 * `npm run bench:import [-- --rows 10000,100000]`: importing N rows (a CSV of distinct points across
 * Shangrao, UTF-8, one measure) into the embedded store over the shipped data.
 *  1. Parse and validate times: server/import/prepare.ts called in this process (the worker's code),
 *     parse = the file read into rows, validate = rows mapped, converted, checked and matched.
 *  2. Over HTTP to the real app (a bench-only guard lets every caller edit): upload → preview (built
 *     in a worker thread), apply (one change set, journal fsync), the process's memory (RSS, worker
 *     threads included; main-thread heap) before, after preview, after apply, and the server's read
 *     latency (GET /api/stats with a varying filter, so each read is made, not cached) while the
 *     preview is built and while it is applied vs idle, in the same run.
 * Results → bench/RESULTS-import.md with the machine, date and load. Default: 10k rows only.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { COUNTY_CODES } from '../core/contract';
import { createApp } from '../server/app';
import { readConfig } from '../server/config';
import { readDataset } from '../server/dataset/load';
import { EmbeddedStore } from '../server/store/memory/embedded-store';
import { DEFAULT_IMPORT_LIMITS } from '../server/import/limits';
import { preparePreview } from '../server/import/prepare';
import { warmImportPool } from '../server/import/pool';
import { describeMachine } from './machine';

const root = resolve(import.meta.dirname, '..');
const arg = process.argv.indexOf('--rows');
const sizes = (arg > 0 ? process.argv[arg + 1] : '10000').split(',').map(Number);
/** `--out FILE`: write the results there instead of bench/RESULTS-import.md (which keeps dated runs written by hand beside the latest). */
const outArg = process.argv.indexOf('--out');
const outFile = outArg > 0 ? resolve(process.argv[outArg + 1]) : undefined;
/** `--no-worker`: the store builds the change set on its own thread (as before the worker path), for a comparison in one session. */
const noWorker = process.argv.includes('--no-worker');
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
};
const mb = (b: number) => (b / 1048576).toFixed(0);
const dataset = await readDataset(join(root, 'data'));

function csvOf(n: number): string {
  const lines = ['名称,经度,纬度,状态,所属措施'];
  // A grid over Shangrao's middle (all inside the city), distinct positions and names.
  const side = Math.ceil(Math.sqrt(n));
  for (let i = 0; i < n; i++) lines.push(`基准项目${i},${(117.3 + ((i % side) / side) * 1.2).toFixed(6)},${(28.3 + (Math.floor(i / side) / side) * 0.6).toFixed(6)},规划,2`);
  return lines.join('\n') + '\n';
}

let resets = 0;
async function reads(url: string, until: () => boolean, minCount: number): Promise<number[]> {
  const out: number[] = [];
  let i = 0;
  while (!until() || out.length < minCount) {
    const t0 = performance.now();
    try {
      await (await fetch(`${url}/api/stats?county=${COUNTY_CODES[i % 12]}&q=${i++}`)).arrayBuffer();
    } catch (e) {
      // A kept-alive socket the server closed as this read went out (ECONNRESET): counted, read again.
      resets++;
      if (resets > 20) throw e;
      continue;
    }
    out.push(performance.now() - t0);
  }
  return out;
}

const results: string[] = [];
const loadStart = loadavg();
for (const n of sizes) {
  // 1. Parse and validate, on this thread, timed apart.
  const layers = (dataset.layers as { id: string; name: string; name_en: string; geometry: string }[]).map(({ id, name, name_en, geometry }) => ({ id, name, name_en, geometry }));
  const tp0 = performance.now();
  let tParsed = 0;
  const direct = await preparePreview(
    {
      fileName: 'bench.csv', bytes: new TextEncoder().encode(csvOf(n)), limits: { ...DEFAULT_IMPORT_LIMITS, maxRows: 1_000_000, maxBytes: 500 * 1048576 },
      layers: layers as never, measures: dataset.measures as never, counties: { type: 'FeatureCollection', features: dataset.counties } as never, names: [], layerId: 'green-parks', today: new Date().toISOString().slice(0, 10),
    },
    async () => undefined,
    { onTotal: () => (tParsed = performance.now()) },
  );
  const tValidated = performance.now();
  if (direct.summary.rows !== n) throw new Error(`direct preview: ${JSON.stringify(direct.summary)}`);
  const parseS = (tParsed - tp0) / 1000;
  const validateS = (tValidated - tParsed) / 1000;

  const dir = mkdtempSync(join(tmpdir(), 'sgm-bench-import-'));
  const store = await EmbeddedStore.open({ stateDir: dir, dataset, dataDir: join(root, 'data'), log: () => {}, ...(noWorker ? { buildWorker: null } : {}) });
  const app = await createApp({
    store,
    config: readConfig({ WEB_DIR: '/nonexistent-web-dir', MISS_PER_CLIENT: '1000', IMPORT_MAX_ROWS: '1000000', IMPORT_MAX_BYTES: String(500 * 1048576) }),
    guard: { identify: async () => ({ username: 'bench', role: 'editor' }) },
  });
  const server = await new Promise<ReturnType<typeof serve>>((ok) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => ok(s));
  });
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  try {
    await warmImportPool(DEFAULT_IMPORT_LIMITS.workers); // the server starts its worker threads; idle = after that
    const idle = await reads(url, () => true, 60);
    const csv = csvOf(n);
    const form = new FormData();
    form.set('file', new File([csv], 'bench.csv'));
    form.set('layer', 'green-parks');
    const m0 = process.memoryUsage();
    let done = false;
    const t0 = performance.now();
    const during = reads(url, () => done, 5);
    const res = await fetch(`${url}/api/imports`, { method: 'POST', body: form });
    // The body is parsed after the reads stop: parsing tens of MB of JSON is this client's work
    // (it shares the server's thread here), not the server's.
    const body = await res.arrayBuffer();
    const tPreview = performance.now() - t0;
    done = true;
    const busy = await during;
    const preview = JSON.parse(Buffer.from(body).toString('utf8')) as { id: string; summary: Record<string, number> };
    const m1 = process.memoryUsage();
    if (res.status !== 200) throw new Error(`preview: ${res.status} ${JSON.stringify(preview).slice(0, 300)}`);
    let applied = false;
    const t1 = performance.now();
    const duringApply = reads(url, () => applied, 1);
    const ap = await fetch(`${url}/api/imports/${preview.id}/apply`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"note":"bench"}' });
    await ap.arrayBuffer();
    const tApply = performance.now() - t1;
    applied = true;
    const busyApply = await duringApply;
    if (ap.status !== 201) throw new Error(`apply: ${ap.status}`);
    const m2 = process.memoryUsage();
    // Idle again after the apply: on a shared machine the load moves within a run, so idle is
    // the reads before the upload and after the apply together.
    const idleAfter = await reads(url, () => true, 60);
    const idleBefore = [...idle];
    idle.push(...idleAfter);
    const p50i = quantile(idle, 0.5);
    const p50b = quantile(busy, 0.5);
    const p50a = quantile(busyApply, 0.5);
    const whole = [...busy, ...busyApply];
    results.push(
      `| ${n.toLocaleString('en')} | ${(csv.length / 1048576).toFixed(1)} MB | ${parseS.toFixed(1)} s | ${validateS.toFixed(1)} s | ${(tPreview / 1000).toFixed(1)} s | ${(tApply / 1000).toFixed(1)} s | ${preview.summary.create} | ${mb(m0.rss)} → ${mb(m1.rss)} → ${mb(m2.rss)} MB | ${mb(m0.heapUsed)} → ${mb(m1.heapUsed)} → ${mb(m2.heapUsed)} MB | ${p50i.toFixed(1)} / ${quantile(idle, 0.95).toFixed(1)} ms (before ${quantile(idleBefore, 0.5).toFixed(1)}, after ${quantile(idleAfter, 0.5).toFixed(1)}) | ${p50b.toFixed(1)} / ${quantile(busy, 0.95).toFixed(1)} ms (${busy.length}) | **${(p50b / p50i).toFixed(1)}×** | ${p50a.toFixed(0)} / ${Math.max(...busyApply).toFixed(0)} ms (${busyApply.length}) | ${(p50a / p50i).toFixed(1)}× | ${(p50a / quantile(idleBefore, 0.5)).toFixed(1)}× | ${(quantile(whole, 0.5) / p50i).toFixed(1)}× | ${loadavg()[0].toFixed(1)} |`,
    );
    console.log(results.at(-1));
    writeResults(); // after each size, so a long run keeps what it has
  } finally {
    server.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function writeResults(): string {
const machine = describeMachine();
const out = `# Import benchmark (\`npm run bench:import\`)

${new Date().toISOString()} · load average at the start ${loadStart.map((x) => x.toFixed(1)).join(' ')}, at the end ${loadavg().map((x) => x.toFixed(1)).join(' ')} (1, 5, 15 min) · ${Object.entries(machine).map(([k, v]) => `${k}: ${v}`).join(' · ')} · import worker threads: ${DEFAULT_IMPORT_LIMITS.workers}

A CSV of N distinct points on a grid across Shangrao (名称, 经度, 纬度, 状态, 所属措施) imported into
green-parks of the embedded store over the shipped data; every row a create.

- *parse*, *validate*: server/import/prepare.ts run in the bench's own thread — parse = the file read
  into rows (encoding, csv-parse); validate = rows mapped, converted to WGS 84, checked with the store's
  rules, placed in counties, matched.
- *preview*: the real app over HTTP on 127.0.0.1, upload → preview answered; the parse and validate run
  in a worker thread at nice +5 (server/import/pool.ts), the main thread gathers the inputs, answers
  id look-ups and sends the preview (features arrive as JSON text); the client parses the preview
  after the reads stop.
- *apply*: one change set written (journal fsync) and answered (201 with the change set's head and
  counts; its changes are paged through /api/changes); ${noWorker ? 'run with --no-worker: the store builds the change set on its own thread' : 'the change set and its framed journal record are built in the import pool\'s worker thread (server/store/memory/worker-build.ts)'}, the main thread
  installs it in slices of ~2 ms, then swaps the new state in (server/store/memory/embedded-store.ts).
- Reads: \`GET /api/stats\` with a different county and \`q\` each time (never cached), one after
  another (server and client in one process, so they measure how long the server's event loop makes
  them wait), idle (p50 / p95 of 60 reads before the upload and 60 after the apply, with each
  half's p50: the load of a shared machine moves within a run), during the preview (p50 / p95, count) and during the apply (p50 / max,
  count); ratios are p50 ÷ idle p50 in the same run; "apply ÷ idle before" divides by the idle reads
  before the upload only: during the apply reads still see the data before it, while the idle reads
  after it count 10k–100k more features; "whole import" = preview and apply together.
- Memory: the process (server, client and worker threads: RSS; main-thread heap) before the upload →
  after the preview → after apply.

| rows | file | parse | validate | preview (HTTP, worker) | apply | created | RSS | heap | reads idle p50 / p95 | reads during preview p50 / p95 (n) | preview ÷ idle | reads during apply p50 / max (n) | apply ÷ idle | apply ÷ idle before | whole import ÷ idle | load (1 min) at the row's end |
|-----:|-----:|------:|---------:|--------:|------:|--------:|-----|------|-------------|---------------|-----:|-----|-----:|-----:|-----:|-----:|
${results.join('\n')}

Reads that met a closed kept-alive socket (ECONNRESET) and were made again: ${resets}.
`;
writeFileSync(outFile ?? join(root, 'bench', 'RESULTS-import.md'), out);
return out;
}
console.log(writeResults());
await (await import('../server/import/pool')).importPool(DEFAULT_IMPORT_LIMITS.workers).destroy();
