/**
 * Server start-up and memory (issue 18), embedded store, through `npm start`'s entry
 * (server/main.ts) with a fresh STATE_DIR, then restarted on the same STATE_DIR with unchanged
 * data. Each figure beside a bare `JSON.parse` of the same files (spawn → done) measured in the
 * same run; start-up is spawn → "Ready:" (from then on /api/health answers 200; before, 503
 * `starting`), checked with a request to /api/health.
 *   npm run bench:startup -- [--sizes 100000,1000000] [--out bench/RESULTS-startup.md] [--baseline DIR]
 * --baseline DIR: also start the server of another checkout (say a worktree at an older commit,
 * its node_modules linked) on the same data in the same run, so before and after share one load.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { ensureDataset, sizeLabel } from './datasets';
import { describeMachine } from './machine';
import { bareParse, rssMb, startServer } from './processes';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const sizes = (arg('sizes') ?? '100000').split(',').map(Number);
const out = arg('out') ?? 'bench/RESULTS-startup.md';
const webDir = join(tmpdir(), 'sgm-no-web'); // the API alone: pages are not part of start-up
const baseline = arg('baseline') ? resolve(arg('baseline')!) : undefined;
const commitOf = (dir: string) => execFileSync('git', ['-C', dir, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();

interface Row {
  /** Which server: this checkout's or the baseline's, with its commit. */
  server: string;
  n: number;
  bareMs: number;
  firstMs: number;
  restartMs: number;
  rssFirst: number;
  rssRestart: number;
  load: string;
}

async function healthy(url: string): Promise<void> {
  const r = await fetch(`${url}/api/health`);
  if (r.status !== 200) throw new Error(`/api/health answered ${r.status} after "Ready:"`);
}

const rows: Row[] = [];
for (const n of sizes) {
  const dir = ensureDataset(n);
  console.log(`${sizeLabel(n)}: bare parse…`);
  const bare = await bareParse(dir);
  for (const root of baseline ? [baseline, undefined] : [undefined]) {
    const server = root ? `baseline ${commitOf(root)}` : `this (${commitOf('.')})`;
    const state = mkdtempSync(join(tmpdir(), 'sgm-bench-startup-'));
    console.log(`${sizeLabel(n)}, ${server}: first start (fresh STATE_DIR)…`);
    const first = await startServer(dir, webDir, 1_800_000, state, root);
    await healthy(first.url);
    const rssFirst = rssMb(first.child.pid!);
    await first.stop(1_800_000); // it saves the prepared records the restart reads
    console.log(`${sizeLabel(n)}, ${server}: restart (same STATE_DIR, unchanged data)…`);
    const again = await startServer(dir, webDir, 1_800_000, state, root);
    await healthy(again.url);
    const rssRestart = rssMb(again.child.pid!);
    await again.stop(1_800_000);
    rows.push({ server, n, bareMs: bare.totalMs, firstMs: first.startMs, restartMs: again.startMs, rssFirst, rssRestart, load: loadavg().map((x) => x.toFixed(1)).join(' / ') });
    console.log(rows.at(-1));
  }
}

const f1 = (ms: number) => (ms / 1000).toFixed(1);
const x = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
const machine = describeMachine();
const md = [
  '# Start-up and memory (embedded store)',
  '',
  `Date: ${new Date().toISOString()} · command: \`npm run bench:startup -- --sizes ${sizes.join(',')}${baseline ? ` --baseline ${baseline}` : ''}\``,
  '',
  ...Object.entries(machine).map(([k, v]) => `- ${k}: ${v}`),
  '',
  'Synthetic data (`scripts/data/synth.ts`, seed 1: 60 % points, 20 % lines, 20 % polygons over the real counties; points and a quarter of the lines and polygons `approximate`, the rest `schematic`).',
  'Start-up is spawn → "Ready:" (the store is loaded and `/api/health` answers 200; before, 503 `starting`);',
  'the bare figure is spawn → done of reading and `JSON.parse` of the same files in a plain Node process.',
  'RSS is the server\'s resident memory right after it is ready.',
  '',
  '| features | server | bare JSON.parse | first start (fresh STATE_DIR) | ÷ bare | restart (unchanged data) | ÷ bare | RSS first | RSS restart | load (1/5/15 min) at the end |',
  '|---|---|---|---|---|---|---|---|---|---|',
  ...rows.map((r) => `| ${sizeLabel(r.n)} | ${r.server} | ${f1(r.bareMs)} s | ${f1(r.firstMs)} s | ${x(r.firstMs, r.bareMs)} | ${f1(r.restartMs)} s | ${x(r.restartMs, r.bareMs)} | ${r.rssFirst.toFixed(0)} MB | ${r.rssRestart.toFixed(0)} MB | ${r.load} |`),
  '',
];
writeFileSync(out, md.join('\n'));
console.log(`wrote ${out}`);
