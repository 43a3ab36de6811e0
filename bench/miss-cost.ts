/**
 * The cost of cache misses in process (no HTTP, no load generator): the real app over a synthetic
 * dataset answers `n` bbox queries never asked before, one after another, for each encoding; we
 * time each request and record how long the event loop was blocked at most meanwhile.
 *
 *   npx tsx bench/miss-cost.ts [--features 100000] [--n 100]
 *
 * Prints a Markdown table. Used to compare the miss path before and after a change on a machine
 * too loaded for the load-generator figures to mean much.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createApp } from '../server/app';
import { readConfig } from '../server/config';
import { readDataset } from '../server/dataset/load';
import { MemoryStore } from '../server/store/memory-store';
import { ensureDataset } from './datasets';

const argv = process.argv.slice(2);
const opt = (name: string, dflt: number) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : dflt;
};
const features = opt('features', 100_000);
const n = opt('n', 100);

const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(p * xs.length) - 1)];

async function main() {
  const dir = ensureDataset(features);
  const t0 = performance.now();
  const store = new MemoryStore(await readDataset(dir));
  const app = await createApp({ store, config: readConfig({ WEB_DIR: '/nonexistent-web-dir' }) });
  console.error(`loaded ${features} features in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const rows: string[] = [];
  let k = 0;
  for (const encoding of ['br', 'gzip', 'identity']) {
    // Warm-up: a few misses first.
    for (let i = 0; i < 5; i++) await (await app.request(`/api/layers/cold-chain-bases/features?bbox=${(117.4 + k++ * 1e-6).toFixed(6)},28.4,117.6,28.5`, { headers: { 'accept-encoding': encoding } })).arrayBuffer();
    const h = monitorEventLoopDelay({ resolution: 5 });
    h.enable();
    const ms: number[] = [];
    let bytes = 0;
    for (let i = 0; i < n; i++) {
      const s = performance.now();
      const res = await app.request(`/api/layers/cold-chain-bases/features?bbox=${(117.5 + k++ * 1e-6).toFixed(6)},28.4,117.6,28.5`, { headers: { 'accept-encoding': encoding } });
      bytes += (await res.arrayBuffer()).byteLength;
      if (res.status !== 200) throw new Error(`status ${res.status}`);
      ms.push(performance.now() - s);
    }
    h.disable();
    rows.push(`| ${encoding} | ${n} | ${Math.round(bytes / n).toLocaleString('en')} | ${q(ms, 0.5).toFixed(1)} | ${q(ms, 0.99).toFixed(1)} | ${(1000 / (ms.reduce((a, b) => a + b, 0) / n)).toFixed(0)} | ${(h.max / 1e6).toFixed(0)} |`);
  }
  console.log(`| encoding | misses | bytes per body | ms per miss, median | p99 | misses/s (one at a time) | longest event-loop block, ms |`);
  console.log(`|---|---|---|---|---|---|---|`);
  for (const r of rows) console.log(r);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
