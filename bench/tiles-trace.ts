/**
 * A diagnostic, not a target measurement: on the synthetic 100k dataset in tile mode, when each
 * /tiles response reaches a page and, every 10 s, whether its map says it has loaded its tiles —
 * for the bare MapLibre page drawing the same tiles and for the planner (both with MapLibre's own
 * vector sources since the deck.gl MVTLayer path was removed). It shows where tile mode's first idle goes.
 *
 *   npx tsx bench/tiles-trace.ts [--size 100000] [--seconds 400]
 */
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { routeBarePage } from './bare-map';
import { launchBrowser } from './browser-bench';
import { BENCH_TMP, ensureDataset } from './datasets';
import { startServer } from './processes';
import { buildWebForBench } from './web-build';

const argv = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const size = option('size', 100_000);
const seconds = option('seconds', 400);

const webDir = mkdtempSync(join(BENCH_TMP, 'web-trace-'));
await buildWebForBench(webDir);
const server = await startServer(ensureDataset(size), webDir, 1_200_000);
const browser = await launchBrowser();
try {
  for (const which of ['bare', 'planner'] as const) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const t0 = Date.now();
    const at = () => ((Date.now() - t0) / 1000).toFixed(1);
    let tiles = 0;
    page.on('response', (r) => {
      if (r.url().includes('/tiles/')) console.log(`${which} ${at()} s: tile ${++tiles} ${r.status()} ${new URL(r.url()).pathname}`);
    });
    await page.goto(which === 'bare' ? await routeBarePage(page, server.url, true) : `${server.url}/`, { waitUntil: 'commit' });
    while (Date.now() - t0 < seconds * 1000) {
      await page.waitForTimeout(10_000);
      const s = await page.evaluate(() => {
        const w = window as unknown as { __sgmMap?: { loaded(): boolean; areTilesLoaded(): boolean; getStyle(): { sources: Record<string, unknown> } } };
        const m = w.__sgmMap;
        return { map: !!m?.loaded() && !!m?.areTilesLoaded(), sources: m ? Object.keys(m.getStyle().sources).filter((id) => !['context', 'counties', 'online'].includes(id)).length : 0 };
      });
      console.log(`${which} ${at()} s: map loaded with its tiles ${s.map}; tile sources ${s.sources}`);
      if (s.map && s.sources > 0) break;
    }
    await context.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
