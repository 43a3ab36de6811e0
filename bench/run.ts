/**
 * `npm run bench`: server, start-up, memory and browser benchmarks on synthetic data at 10k, 100k
 * and 1M features; writes bench/RESULTS.md. Benchmarks report figures, they never fail on speed.
 *
 *   npm run bench                   # full run (tens of minutes), writes bench/RESULTS.md
 *   npm run bench -- --quick        # 1k features, short runs (test/bench/quick.test.ts), writes bench/tmp/RESULTS-quick.md
 *   npm run bench -- --sizes 10000,100000 [--browser-sizes 10000] [--out file] [--reuse]
 *
 * Each size's figures are also kept in bench/tmp/result-<size>.json; `--reuse` takes them from
 * there instead of measuring again (to finish a long run size by size).
 *
 * Needs nginx (installed with apt-get when missing and root) and Debian Chromium.
 */
import { existsSync, mkdirSync, readFileSync, statSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launchBrowser, measureFilterChanges, measureFirstIdle, measureFirstIdleTiles, measureTyping, CHROMIUM } from './browser-bench';
import { measureApiLatency } from './api-latency';
import { BENCH_TMP, ensureDataset, sizeLabel } from './datasets';
import { describeMachine } from './machine';
import { ensureNginx } from './nginx';
import { bareParse, rssMb, startServer } from './processes';
import { withKeptSections } from './kept';
import { renderResults } from './report';
import type { RunResults, SizeResult } from './results';
import { benchServer, compressionOf } from './server-bench';
import { buildWebForBench, bundleSizes } from './web-build';
import { option } from './args';

const ROOT = resolve(import.meta.dirname, '..');
const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const list = (s: string | undefined) => s?.split(',').map(Number).filter((x) => x > 0);

const quick = flag('quick');
const sizes = list(option('sizes')) ?? (quick ? [1000] : [10_000, 100_000, 1_000_000]);
const browserSizes = list(option('browser-sizes')) ?? (quick ? [1000] : [10_000, 100_000]);
const settings = quick
  ? { connections: 64, seconds: 0.5, warmup: 0.2, idleRuns: 1, changes: 5 }
  : { connections: 64, seconds: 5, warmup: 2, idleRuns: Number(option('idle-runs') ?? 2), changes: Number(option('changes') ?? 20) };
const out = resolve(option('out') ?? (quick ? join(BENCH_TMP, 'RESULTS-quick.md') : join(ROOT, 'bench/RESULTS.md')));
const GAPS = join(ROOT, 'bench/gaps.md');
/** Quick and full runs use their own build and scratch dirs, so a test run never disturbs a full one. */
const scratch = (name: string) => join(BENCH_TMP, quick ? `${name}-quick` : name);

function dirBytes(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) n += e.isDirectory() ? dirBytes(join(dir, e.name)) : statSync(join(dir, e.name)).size;
  return n;
}

function write(results: RunResults): string {
  let md = renderResults(results);
  if (!quick && existsSync(GAPS)) md += `\n${readFileSync(GAPS, 'utf8')}`;
  // Sections other benches or dated one-off runs wrote between markers (bench/kept.ts) stay.
  if (!quick) md = withKeptSections(md, existsSync(out) ? readFileSync(out, 'utf8') : '');
  writeFileSync(out, md);
  return md;
}

const notes: string[] = [];
/** Typed into the planner's search box: narrows the synthetic names ("Synthetic feature N") key by key. */
const TYPED_TEXT = 'feature 9';

async function benchBrowser(serverUrl: string, result: SizeResult): Promise<void> {
  const browser = await launchBrowser();
  try {
    const layers = ((await (await fetch(`${serverUrl}/api/layers`)).json()) as { layers: { count: number }[] }).layers;
    const layerCount = layers.length;
    const threshold = ((await (await fetch(`${serverUrl}/api/config`)).json()) as { tiles?: { threshold?: number } }).tiles?.threshold ?? Infinity;
    if (layers.reduce((n, l) => n + l.count, 0) > threshold) {
      // Tile mode (TILE_THRESHOLD): first idle against a bare page drawing the same tiles, and the heap.
      // Filter changes and typing reload tiles here; they are measured in GeoJSON mode (bench/filter.ts).
      const { idle, page } = await measureFirstIdleTiles(browser, serverUrl, settings.idleRuns, { warm: true });
      result.firstIdle = idle;
      await page.context().close();
      return;
    }
    const { idle, page } = await measureFirstIdle(browser, serverUrl, layerCount, settings.idleRuns);
    result.firstIdle = idle;
    result.typing = await measureTyping(page, TYPED_TEXT);
    // Back to no filter before the filter changes (they go through the address, like back/forward).
    await page.evaluate(() => {
      history.pushState(null, '', '/');
      dispatchEvent(new PopStateEvent('popstate'));
    });
    result.filter = await measureFilterChanges(page, settings.changes);
  } finally {
    await browser.close();
  }
}

/** A size's figures from an earlier run (`--reuse`), so a long run can be completed size by size. */
function saved(n: number): string {
  return join(BENCH_TMP, `result-${quick ? 'quick-' : ''}${sizeLabel(n)}.json`);
}

async function benchSize(n: number, webDir: string): Promise<SizeResult> {
  if (flag('reuse') && existsSync(saved(n))) {
    console.log(`\n[${sizeLabel(n)}] reusing ${saved(n)}`);
    const earlier = JSON.parse(readFileSync(saved(n), 'utf8')) as SizeResult;
    const needsBrowser = browserSizes.includes(n) && !(earlier.firstIdle && (earlier.filter || earlier.firstIdle.tiles));
    notes.push(`${sizeLabel(n)} features: server figures from an earlier \`npm run bench\` on this machine (kept in bench/tmp, reused with --reuse)${needsBrowser ? '; browser measured in this run' : ''}.`);
    if (!needsBrowser) return earlier;
    console.log(`[${sizeLabel(n)}] browser (missing from the earlier run)`);
    const server = await startServer(ensureDataset(n), webDir);
    try {
      await benchBrowser(server.url, earlier);
    } catch (e) {
      notes.push(`${sizeLabel(n)} features, browser: not (fully) measured — ${(e as Error).message.split('\n')[0]}`);
      console.error(notes.at(-1));
    } finally {
      await server.stop();
    }
    writeFileSync(saved(n), JSON.stringify(earlier));
    return earlier;
  }
  console.log(`\n[${sizeLabel(n)}] dataset`);
  const dataDir = ensureDataset(n);
  console.log(`[${sizeLabel(n)}] bare JSON.parse`);
  const bare = await bareParse(dataDir);
  console.log(`[${sizeLabel(n)}] server start-up`);
  const server = await startServer(dataDir, webDir);
  try {
    const rssListening = rssMb(server.child.pid!);
    console.log(`  listening after ${(server.startMs / 1000).toFixed(1)} s, RSS ${rssListening.toFixed(0)} MB`);
    const compression = await compressionOf(server.url, '/api/layers/cold-chain-bases/features');
    console.log(`[${sizeLabel(n)}] server load`);
    const cases = await benchServer(server.url, scratch('work'), settings);
    const result: SizeResult = {
      features: n,
      dataBytes: dirBytes(dataDir),
      bareParse: bare,
      startupMs: server.startMs,
      rssListeningMb: rssListening,
      rssAfterMb: rssMb(server.child.pid!),
      compression,
      cases,
    };
    if (browserSizes.includes(n)) {
      console.log(`[${sizeLabel(n)}] browser`);
      try {
        await benchBrowser(server.url, result);
      } catch (e) {
        notes.push(`${sizeLabel(n)} features, browser: not (fully) measured — ${(e as Error).message.split('\n')[0]}`);
        console.error(notes.at(-1));
      }
    }
    writeFileSync(saved(n), JSON.stringify(result));
    return result;
  } finally {
    await server.stop();
  }
}

async function main() {
  const nginxProblem = ensureNginx();
  if (nginxProblem) {
    console.error(nginxProblem);
    process.exit(2);
  }
  if (!existsSync(CHROMIUM)) {
    console.error(`Debian Chromium is missing at ${CHROMIUM}; install it (apt-get install chromium fonts-noto-cjk) for the browser benchmark.`);
    process.exit(2);
  }
  mkdirSync(BENCH_TMP, { recursive: true });
  const results: RunResults = {
    quick,
    date: new Date().toISOString(),
    machine: describeMachine(),
    commands: [`npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`],
    settings,
    bundles: [],
    sizes: [],
    notes: [
      ...notes,
      'Synthetic data: `scripts/data/synth.ts` (seed 1): 60 % points, 20 % lines, 20 % polygons over the real county polygons; generated into bench/tmp (git-ignored).',
      'Load generator, server, nginx and bare node share the machine’s cores: figures are relative, for comparing the rows of one run.',
    ],
  };
  console.log('Building the web app (Vite, manifest on)…');
  const webDir = scratch('web');
  await buildWebForBench(webDir);
  results.bundles = bundleSizes(webDir);
  console.log('API server time on the shipped data/ (in process)…');
  results.apiLatency = await measureApiLatency(join(ROOT, 'data'), quick ? 20 : 500);
  for (const n of sizes) {
    try {
      results.sizes.push(await benchSize(n, webDir));
    } catch (e) {
      const msg = `${sizeLabel(n)} features: not measured — ${(e as Error).message.split('\n')[0]}`;
      console.error(msg);
      results.notes.push(msg);
    }
    results.notes.push(...notes.splice(0));
    write(results);
  }
  const md = write(results);
  console.log(`\n${md}`);
  console.log(`Results written to ${out}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
