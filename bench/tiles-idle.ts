/**
 * Tile mode in the browser (issue 18), on its own: for each size, the real server on the synthetic
 * dataset (above TILE_THRESHOLD the views draw from /tiles), the planner's first idle against a bare
 * MapLibre page drawing the same tiles (alternating, median of `--runs`), the planner's JS heap
 * after a GC, and the machine's load. Prints the `## Browser` rows and the targets in the format
 * of bench/RESULTS.md (bench/report.ts writes the same in a full `npm run bench`).
 *
 *   npx tsx bench/tiles-idle.ts --sizes 100000,1000000 [--runs 1] [--cold] [--bare-icons]
 *
 * `--bare-icons`: also a bare page drawing its points as the planner's icons instead of 4-px circles
 * (bench/bare-map.ts), right after the bare page: how much of the planner's first idle is the icons.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, measureFirstIdleTiles } from './browser-bench';
import { BENCH_TMP, ensureDataset, sizeLabel } from './datasets';
import { startServer } from './processes';
import { buildWebForBench } from './web-build';
import { option } from './args';

const argv = process.argv.slice(2);
const sizes = (option('sizes') ?? '100000,1000000').split(',').map(Number);
const runs = Number(option('runs') ?? 1);
/** The tiles are loaded once (bare page, not measured) before measuring, so neither page meets a cold server; `--cold` skips that. */
const warm = !argv.includes('--cold');
const bareIcons = argv.includes('--bare-icons');

const webDir = mkdtempSync(join(BENCH_TMP, 'web-tiles-'));
console.log('building the web app');
await buildWebForBench(webDir);
const rows: string[] = [];
for (const n of sizes) {
  const dataDir = ensureDataset(n);
  console.log(`[${sizeLabel(n)}] server (load ${loadavg()[0].toFixed(1)})`);
  const server = await startServer(dataDir, webDir, 1_200_000);
  console.log(`  ready after ${(server.startMs / 1000).toFixed(1)} s`);
  const browser = await launchBrowser();
  try {
    const load0 = loadavg()[0];
    const { idle, page } = await measureFirstIdleTiles(browser, server.url, runs, { warm, bareIcons });
    await page.context().close();
    const load1 = loadavg()[0];
    const r = { features: n, ...idle, warm, ratio: idle.app / idle.bare, load: [load0, load1], at: new Date().toISOString() };
    writeFileSync(join(BENCH_TMP, `tiles-idle-${sizeLabel(n)}.json`), JSON.stringify(r));
    console.log(JSON.stringify(r));
    rows.push(`| ${sizeLabel(n)} | ${Math.round(idle.app).toLocaleString('en')} ms | ${Math.round(idle.bare).toLocaleString('en')} ms | ${r.ratio.toFixed(2)}× | — | — | — | — | — | tiles (bare: same tiles) | ${Math.round(idle.heapMb!)} MB |`);
  } finally {
    await browser.close();
    await server.stop();
  }
}
console.log(rows.join('\n'));
