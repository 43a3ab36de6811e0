/**
 * `npx tsx bench/filter.ts [--size 100000] [--changes 20] [--label before] [--no-build] [--tiles] [--profile]`: only the browser's
 * filter change → paint on `/` (bench/browser-bench.ts measureFilterChanges), without the server
 * load, start-up and first-idle comparisons of `npm run bench` — to compare two versions of the map's
 * filtering in one session. Prints one JSON line with the machine's load average before and after.
 *
 * The page holds every feature (GeoJSON mode): the server's TILE_THRESHOLD is raised above the size,
 * since the filter measured here is the page's own (above the default threshold of 50,000 the views
 * would draw from /tiles and take the list and counts from the API). `--tiles` keeps the server's
 * threshold (tile mode at 100k): a filter change is then new tile URLs, measured from the change to
 * every tile in view loaded and drawn (measureFilterChangesTiles), over `--changes` filters the server
 * has not seen, then the same again (its tiles cached), and the same again on the bare MapLibre page
 * (`setTiles` with the filter in the URL: measureBareFilterChangesTiles), the baseline of the second pass.
 *
 * `--profile`: before the measured changes, a CPU profile (CDP Profiler) of 3 changes (`?measure=`
 * 5, 9, 14, each followed until the map is idle again), written to bench/tmp/filter-LABEL.cpuprofile
 * (open it in Chromium's DevTools), with the functions taking the most self time printed — where a
 * filter change's time goes, the list's deferred render included.
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser, measureBareFilterChangesTiles, measureFilterChanges, measureFilterChangesTiles, openAtFirstIdle, openAtFirstIdleTiles } from './browser-bench';
import { BENCH_TMP, ensureDataset } from './datasets';
import { startServer } from './processes';
import { buildWebForBench } from './web-build';
import { option } from './args';

const argv = process.argv.slice(2);
const size = Number(option('size') ?? 100_000);
const changes = Number(option('changes') ?? 20);
const label = option('label') ?? '';
const tiles = argv.includes('--tiles');
// startServer passes this process's environment on to the server.
if (!tiles) process.env.TILE_THRESHOLD = String(size + 1);

async function main() {
  // One build per label, so a "before" build can be measured again after the code changed (--no-build).
  const webDir = join(BENCH_TMP, `web-filter${label ? `-${label}` : ''}`);
  if (!argv.includes('--no-build')) {
    console.log('Building the web app…');
    await buildWebForBench(webDir);
  }
  const server = await startServer(ensureDataset(size), webDir);
  const browser = await launchBrowser();
  try {
    const layerCount = ((await (await fetch(`${server.url}/api/layers`)).json()) as { layers: unknown[] }).layers.length;
    const loadBefore = loadavg()[0];
    if (tiles) {
      const { ms: firstIdleMs, page } = await openAtFirstIdleTiles(browser, server.url, 900_000);
      const profiled = argv.includes('--profile') ? await profile(page, join(BENCH_TMP, `filter${label ? `-${label}` : ''}.cpuprofile`)) : undefined;
      if (profiled) console.log(profiled);
      const { cold, warm } = await measureFilterChangesTiles(page, changes, { repeat: true });
      await page.context().close();
      // The same filters on the bare MapLibre page (the server has their tiles cached by now: compare with `warm`).
      const bare = await measureBareFilterChangesTiles(browser, server.url, changes);
      console.log(JSON.stringify({ label, mode: 'tiles', date: new Date().toISOString(), size, firstIdleMs, cold, warm, bare, warmToBareP95: warm!.msP95 / bare.msP95, load1Before: loadBefore, load1After: loadavg()[0] }));
      return;
    }
    const { ms: firstIdleMs, page } = await openAtFirstIdle(browser, server.url, layerCount, 900_000);
    // The profile first: measureFilterChanges closes the page when done.
    const profiled = argv.includes('--profile') ? await profile(page, join(BENCH_TMP, `filter${label ? `-${label}` : ''}.cpuprofile`)) : undefined;
    const filter = await measureFilterChanges(page, changes);
    const out = { label, mode: tiles ? 'tiles' : 'geojson', date: new Date().toISOString(), size, firstIdleMs, ...filter, framesP95ByTime: filter.msP95 / filter.frameMs, load1Before: loadBefore, load1After: loadavg()[0] };
    console.log(JSON.stringify(out));
    if (profiled) console.log(profiled);
  } finally {
    await browser.close();
    await server.stop();
  }
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** A CPU profile of 3 filter changes: written to `file`; returns the 25 functions with the most self time, as text. */
async function profile(page: Page, file: string): Promise<string> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  for (const k of [5, 9, 14]) {
    await page.evaluate((s) => {
      history.pushState(null, '', s);
      dispatchEvent(new PopStateEvent('popstate'));
    }, `?measure=${k}`);
    await page.waitForTimeout(100);
    await page.waitForFunction(() => {
      const m = (window as unknown as { __sgmMap: { loaded(): boolean; isMoving(): boolean } }).__sgmMap;
      return m.loaded() && !m.isMoving() && !document.querySelector('[aria-busy="true"]');
    }, undefined, { timeout: 120_000, polling: 100 });
    await page.waitForTimeout(500);
  }
  const { profile: p } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
  await cdp.detach();
  writeFileSync(file, JSON.stringify(p));
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  const byFile = new Map<string, number>();
  let total = 0;
  p.samples.forEach((id, i) => {
    const f = byId.get(id)!.callFrame;
    if (f.functionName === '(idle)') return;
    const key = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\//, '')}:${f.lineNumber + 1}`;
    const dt = (p.timeDeltas[i] ?? 0) / 1000;
    self.set(key, (self.get(key) ?? 0) + dt);
    const script = f.url.replace(/^.*\//, '') || f.functionName;
    byFile.set(script, (byFile.get(script) ?? 0) + dt);
    total += dt;
  });
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, ms]) => `${ms.toFixed(1).padStart(8)} ms  ${k}`);
  const files = [...byFile].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([k, ms]) => `${ms.toFixed(1).padStart(8)} ms  ${k}`);
  return [`CPU profile of 3 changes: ${total.toFixed(0)} ms busy (idle excluded); written to ${file}`, 'by script (self time):', ...files, 'by function (self time):', ...top].join('\n');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
