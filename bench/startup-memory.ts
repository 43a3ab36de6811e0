/**
 * What holds the embedded store's memory after start-up (issue 18: ≤ 400 MB at 100k). Opens the
 * store on a dataset with a fresh state directory (as a first start does), collects garbage, then
 * drops its parts one after another — every feature's geometry, then the rest of each entry's
 * parsed input feature, then the records — collecting garbage after each, and prints how much
 * each step freed (JS heap, and buffers outside it). Destructive: the store is unusable afterwards.
 *   node --expose-gc --import tsx bench/startup-memory.ts bench/tmp/data-100k
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readDataset } from '../server/dataset/load';
import { EmbeddedStore } from '../server/store/memory/embedded-store';
import type { Entry } from '../server/store/memory/overlay';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const dataDir = resolve(process.argv[2] ?? 'bench/tmp/data-100k');
const state = mkdtempSync(join(tmpdir(), 'sgm-startup-memory-'));
const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;
const usage = () => {
  gc();
  gc();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed, external: m.external, buffers: m.arrayBuffers };
};

const dataset = await readDataset(dataDir);
const store = await EmbeddedStore.open({ stateDir: join(state, 'state'), dataset, dataDir, log: () => {} });
await store.saveDerived();
const entries = (store as unknown as { state: { entries: Map<string, Entry> } }).state.entries;
const rows: string[] = ['| step | RSS | JS heap used | external (buffers) | freed by this step |', '|---|---|---|---|---|'];
let last = usage();
const row = (step: string) => {
  const now = usage();
  const freed = last.heap + last.external - now.heap - now.external;
  rows.push(`| ${step} | ${mb(now.rss)} | ${mb(now.heap)} | ${mb(now.external)} | ${rows.length > 2 ? mb(freed) : '—'} |`);
  last = now;
};
row(`store open (${entries.size} features), after GC`);
// The dataset object the store was given (its catalogue, counties; its features array is the entries').
(store as unknown as { dataset: unknown }).dataset = undefined;
row('the dataset object the store was given dropped (features still held by the entries)');
for (const e of entries.values()) {
  (e.feature as { geometry: unknown }).geometry = null;
  if (e.record) (e.record as { geometry: unknown }).geometry = null;
}
row('every geometry dropped (parsed coordinates, shared by entry and record)');
for (const e of entries.values()) (e as { feature: unknown }).feature = null;
row("the rest of each entry's parsed input feature dropped (properties)");
const st = (store as unknown as { state: { view: unknown } }).state;
st.view = undefined;
row('the read view dropped (its record arrays, spatial index, figures)');
for (const e of entries.values()) e.record = undefined;
row('every record dropped (search text, box, membership, public JSON bytes)');
entries.clear();
row('the entries map itself cleared');
console.log(`${new Date().toISOString()} · ${dataDir} · node ${process.version}`);
console.log(rows.join('\n'));
rmSync(state, { recursive: true, force: true });
process.exit(0);
