/**
 * `npx tsx bench/apply-probe.ts [rows]`: one import-sized change set (N creates prepared by
 * server/import/prepare.ts from a grid CSV) applied to the embedded store directly, while a timer
 * measures how long the event loop is held (the longest gap between ticks of a 1 ms interval).
 * With `node --cpu-prof --import tsx bench/apply-probe.ts N` it shows where the apply's time goes
 * (on the main thread). `--no-worker`: the change set built on the server's thread, as before.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readDataset } from '../server/dataset/load';
import { EmbeddedStore } from '../server/store/memory/embedded-store';
import { DEFAULT_IMPORT_LIMITS } from '../server/import/limits';
import { preparePreview } from '../server/import/prepare';
import { appliedChangeSet } from '../server/import/applied';
import { importPool, warmImportPool } from '../server/import/pool';

const root = resolve(import.meta.dirname, '..');
const n = Number(process.argv[2] ?? 20000);
/** `--no-worker`: the store builds the change set on its own thread (the path before the worker). */
const noWorker = process.argv.includes('--no-worker');
const dataset = await readDataset(join(root, 'data'));
const lines = ['名称,经度,纬度,状态,所属措施'];
const side = Math.ceil(Math.sqrt(n));
for (let i = 0; i < n; i++) lines.push(`基准项目${i},${(117.3 + ((i % side) / side) * 1.2).toFixed(6)},${(28.3 + (Math.floor(i / side) / side) * 0.6).toFixed(6)},规划,2`);
const layers = (dataset.layers as { id: string; name: string; name_en: string; geometry: string }[]).map(({ id, name, name_en, geometry }) => ({ id, name, name_en, geometry }));
const prepared = await preparePreview(
  {
    fileName: 'probe.csv', bytes: new TextEncoder().encode(lines.join('\n') + '\n'), limits: { ...DEFAULT_IMPORT_LIMITS, maxRows: 1_000_000, maxBytes: 500 * 1048576 },
    layers: layers as never, measures: dataset.measures as never, counties: { type: 'FeatureCollection', features: dataset.counties } as never, names: [], layerId: 'green-parks', today: new Date().toISOString().slice(0, 10),
  },
  async () => undefined,
);
const dir = mkdtempSync(join(tmpdir(), 'sgm-apply-probe-'));
const store = await EmbeddedStore.open({ stateDir: dir, dataset, dataDir: join(root, 'data'), log: () => {}, ...(noWorker ? { buildWorker: null } : {}) });
try {
  if (!noWorker) await warmImportPool(DEFAULT_IMPORT_LIMITS.workers); // the thread started and its modules loaded, as in the server
  let last = performance.now();
  let maxGap = 0;
  let ticks = 0;
  const gaps: number[] = [];
  let sawOld = 0;
  const before = store.version;
  const timer = setInterval(() => {
    const t = performance.now();
    if (t - last > 100) gaps.push(Math.round(t - last));
    maxGap = Math.max(maxGap, t - last);
    last = t;
    ticks++;
    if (store.version === before) sawOld++;
  }, 1);
  const t0 = performance.now();
  const cs = await store.apply(prepared.writes, { author: { username: 'probe' }, note: 'probe', kind: 'import' });
  const t1 = performance.now();
  clearInterval(timer);
  console.log(`${noWorker ? 'server thread' : 'worker'} · rows ${n} · change set ${cs.id} with ${cs.changes.length} changes · apply ${(t1 - t0).toFixed(0)} ms · event loop held at most ${maxGap.toFixed(0)} ms · ${ticks} ticks during the apply (${sawOld} saw the old version) · gaps over 100 ms: ${gaps.join(', ') || 'none'} · load ${loadavg()[0].toFixed(1)}`);
  const tj = performance.now();
  const json = JSON.stringify({ change_set: appliedChangeSet(cs) });
  console.log(`the apply's answer (POST /api/imports/{id}/apply: head and counts): ${(performance.now() - tj).toFixed(1)} ms, ${json.length} bytes`);
  for (const q of ['1', '23', '456']) {
    const ts = performance.now();
    await store.stats({ county: ['361102'], q } as never);
    console.log(`stats (county, q=${q}) after: ${(performance.now() - ts).toFixed(0)} ms`);
  }
  const t2 = performance.now();
  await store.features({ bbox: [117, 28, 119, 29.5] });
  console.log(`first bbox read after: ${(performance.now() - t2).toFixed(0)} ms`);
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  await importPool(DEFAULT_IMPORT_LIMITS.workers).destroy();
}
