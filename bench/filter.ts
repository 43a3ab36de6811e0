/**
 * `npx tsx bench/filter.ts [--size 100000] [--changes 20] [--label before] [--no-build] [--tiles] [--profile]`: only the browser's
 * filter change → paint on `/` (bench/browser-bench.ts measureFilterChanges), without the server
 * load, start-up and first-idle comparisons of `npm run bench` — to compare two versions of the map's
 * filtering in one session. Prints one JSON line with the machine's load average before and after.
 *
 * The page holds every feature (GeoJSON mode): the server's TILE_THRESHOLD is raised above the size,
 * since the filter measured here is the page's own (above the default threshold of 50,000 the views
 * would draw from /tiles and take the list and counts from the API). `--tiles` keeps the server's
 * threshold (tile mode at 100k).
 *
 * `--profile`: afterwards, a CPU profile (CDP Profiler) of 3 more changes, written to
 * bench/tmp/filter-LABEL.cpuprofile (open it in Chromium's DevTools), with the functions taking the
 * most time printed — where a filter change's time goes.
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { launchBrowser, measureFilterChanges, openAtFirstIdle } from './browser-bench';
import { BENCH_TMP, ensureDataset } from './datasets';
import { startServer } from './processes';
import { buildWebForBench } from './web-build';

const argv = process.argv.slice(2);
const option = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
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
    const { ms: firstIdleMs, page } = await openAtFirstIdle(browser, server.url, layerCount, 900_000);
    page.on('crash', () => console.error('The page crashed.'));
    // The profiler's session is opened before the changes are measured (it does not record until started).
    const cdp = argv.includes('--profile') ? await page.context().newCDPSession(page) : undefined;
    const filter = await measureFilterChanges(page, changes);
    const out = { label, mode: tiles ? 'tiles' : 'geojson', date: new Date().toISOString(), size, firstIdleMs, ...filter, framesP95ByTime: filter.msP95 / filter.frameMs, load1Before: loadBefore, load1After: loadavg()[0] };
    console.log(JSON.stringify(out));
    if (cdp) await profile(page, cdp, join(BENCH_TMP, `filter${label ? `-${label}` : ''}.cpuprofile`));
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

/** A CPU profile of 3 filter changes: written to `file`, and the 25 functions with the most self time printed. */
async function profile(page: Page, cdp: CDPSession, file: string) {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  const filter = await measureFilterChanges(page, 3);
  const { profile: p } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
  writeFileSync(file, JSON.stringify(p));
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  p.samples.forEach((id, i) => {
    const f = byId.get(id)!.callFrame;
    if (f.functionName === '(idle)') return;
    const key = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\//, '')}:${f.lineNumber + 1}`;
    const dt = (p.timeDeltas[i] ?? 0) / 1000;
    self.set(key, (self.get(key) ?? 0) + dt);
    total += dt;
  });
  console.log(`CPU profile of 3 changes (${filter.msMedian} ms median): ${total.toFixed(0)} ms busy; written to ${file}`);
  for (const [k, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${ms.toFixed(1).padStart(8)} ms  ${k}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
