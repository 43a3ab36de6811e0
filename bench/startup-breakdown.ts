/**
 * Where the server's start-up goes for one dataset: loading the server's modules, reading data/,
 * parsing + validating it, opening the embedded store. With a state directory that does not exist
 * yet this is a first start; run again with the same directory for a restart with unchanged data.
 * Run with `node --cpu-prof --import tsx` for a profile.
 *   npx tsx bench/startup-breakdown.ts bench/tmp/data-100k /tmp/state-100k   # first start
 *   npx tsx bench/startup-breakdown.ts bench/tmp/data-100k /tmp/state-100k   # restart
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const dir = resolve(process.argv[2] ?? 'data');
const mb = () => {
  const m = process.memoryUsage();
  const f = (b: number) => (b / 2 ** 20).toFixed(0);
  return `${f(m.rss)} MB (JS heap ${f(m.heapUsed)}, buffers ${f(m.arrayBuffers)})`;
};
let t = performance.now();
const lap = (what: string) => {
  const now = performance.now();
  console.log(`${what.padEnd(36)} ${((now - t) / 1000).toFixed(2).padStart(7)} s   RSS ${mb()}`);
  t = now;
};
const { createApp } = await import('../server/app');
const { EmbeddedStore } = await import('../server/store/memory/embedded-store');
const { readDataset } = await import('../server/dataset/load');
void createApp;
lap('load the server modules');
const stateDir = resolve(process.argv[3] ?? 'bench/tmp/state-breakdown');
const run = existsSync(stateDir) ? 'restart' : 'first start';
const dataset = await readDataset(dir);
lap(`${run}: read + parse + validate`);
const store = await EmbeddedStore.open({ stateDir, dataset, dataDir: dir, log: () => {} });
lap(`${run}: open the embedded store`);
await store.stats({});
lap(`${run}: first stats`);
globalThis.gc?.();
lap(`${run}: after a full GC (node --expose-gc)`);
await store.close();
lap(`${run}: close (saves prepared records)`);
