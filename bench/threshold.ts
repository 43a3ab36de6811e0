/**
 * Where tile mode should start (issue 18: "above a threshold (measured, stated, configurable)"): for
 * each size, the same synthetic dataset served twice by the real server, once with every feature
 * loaded as GeoJSON (`TILE_THRESHOLD` above the size) and once drawn from `/tiles` (`TILE_THRESHOLD=0`),
 * and on `/` in Chromium for each: first idle (after one unmeasured page warmed the server's caches),
 * filter change → paint (GeoJSON: bench/browser-bench.ts measureFilterChanges; tiles:
 * measureFilterChangesTiles, filters the server has not seen, then the same again), and the page's
 * JS heap after a GC. Prints one JSON line per run and the table of bench/RESULTS.md's
 * "Tile threshold" section.
 *
 *   npx tsx bench/threshold.ts [--sizes 10000,25000,50000,100000] [--changes 10] [--no-build]
 */
import { mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { heapMb, launchBrowser, measureFilterChanges, measureFilterChangesTiles, openAtFirstIdle, openAtFirstIdleTiles } from './browser-bench';
import { BENCH_TMP, ensureDataset, sizeLabel } from './datasets';
import { startServer } from './processes';
import { buildWebForBench } from './web-build';
import { option } from './args';

const argv = process.argv.slice(2);
const sizes = (option('sizes') ?? '10000,25000,50000,100000').split(',').map(Number);
const changes = Number(option('changes') ?? 10);
if (sizes.some((n) => !Number.isInteger(n) || n <= 0) || !Number.isInteger(changes) || changes <= 0) {
  console.error('usage: npx tsx bench/threshold.ts [--sizes 10000,25000,50000,100000] [--changes 10] [--no-build]');
  process.exit(2);
}

interface Run {
  size: number;
  mode: 'geojson' | 'tiles';
  firstIdleMs: number;
  filterMedianMs: number;
  filterP95Ms: number;
  /** rAF callbacks counted up to that frame (fewer than ms ÷ frame when the main thread is busy). */
  filterP95Frames: number;
  /** Tiles only: the same filters again, their tiles cached by the server. */
  warmMedianMs?: number;
  warmP95Ms?: number;
  frameMs: number;
  heapMb: number;
  load: [number, number];
  at: string;
}

async function measure(browser: Browser, url: string, size: number, mode: Run['mode']): Promise<Omit<Run, 'size' | 'mode' | 'load' | 'at'>> {
  const layerCount = ((await (await fetch(`${url}/api/layers`)).json()) as { layers: unknown[] }).layers.length;
  // One unmeasured page first: the server's per-version caches (bodies, tile indexes) are built, as on a server in use.
  const warmUp = mode === 'tiles' ? await openAtFirstIdleTiles(browser, url, 900_000) : await openAtFirstIdle(browser, url, layerCount, 900_000);
  await warmUp.page.context().close();
  const { ms: firstIdleMs, page } = mode === 'tiles' ? await openAtFirstIdleTiles(browser, url, 900_000) : await openAtFirstIdle(browser, url, layerCount, 900_000);
  const heap = await heapMb(page);
  if (mode === 'tiles') {
    const { cold, warm } = await measureFilterChangesTiles(page, changes, { repeat: true });
    await page.context().close();
    return { firstIdleMs, filterMedianMs: cold.msMedian, filterP95Ms: cold.msP95, filterP95Frames: cold.framesP95, warmMedianMs: warm!.msMedian, warmP95Ms: warm!.msP95, frameMs: cold.frameMs, heapMb: heap };
  }
  const f = await measureFilterChanges(page, changes); // closes the page
  return { firstIdleMs, filterMedianMs: f.msMedian, filterP95Ms: f.msP95, filterP95Frames: f.framesP95, frameMs: f.frameMs, heapMb: heap };
}

const webDir = join(BENCH_TMP, 'web-threshold');
mkdirSync(webDir, { recursive: true });
if (!argv.includes('--no-build')) {
  console.log('building the web app');
  await buildWebForBench(webDir);
}
const runs: Run[] = [];
for (const size of sizes) {
  const dataDir = ensureDataset(size);
  for (const mode of ['geojson', 'tiles'] as const) {
    // startServer passes this process's environment on to the server.
    process.env.TILE_THRESHOLD = mode === 'tiles' ? '0' : String(size + 1);
    const load0 = loadavg()[0];
    const server = await startServer(dataDir, webDir, 1_200_000);
    const browser = await launchBrowser();
    try {
      const r: Run = { size, mode, ...(await measure(browser, server.url, size, mode)), load: [load0, loadavg()[0]], at: new Date().toISOString() };
      runs.push(r);
      console.log(JSON.stringify(r));
    } finally {
      await browser.close();
      await server.stop();
    }
  }
}
const ms = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '—' : `${Math.round(x).toLocaleString('en')} ms`);
console.log('\n| features | drawn from | first idle `/` | filter → paint median | p95 | p95 in frames (p95 ÷ rAF interval) | same filters again (tiles cached) median / p95 | JS heap | load (1 min) |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const r of runs) {
  const again = r.mode === 'tiles' ? `${ms(r.warmMedianMs)} / ${ms(r.warmP95Ms)}` : '—';
  console.log(`| ${sizeLabel(r.size)} | ${r.mode === 'tiles' ? 'tiles' : 'GeoJSON'} | ${ms(r.firstIdleMs)} | ${ms(r.filterMedianMs)} | ${ms(r.filterP95Ms)} | ${(r.filterP95Ms / r.frameMs).toFixed(1)} | ${again} | ${Math.round(r.heapMb)} MB | ${r.load.map((l) => l.toFixed(1)).join('–')} |`);
}
