/**
 * `npx tsx bench/filter.ts [--size 100000] [--changes 20] [--label before] [--no-build]`: only the browser's
 * filter change → paint on `/` (bench/browser-bench.ts measureFilterChanges), without the server
 * load, start-up and first-idle comparisons of `npm run bench` — to compare two versions of the map's
 * filtering in one session. Prints one JSON line with the machine's load average before and after.
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
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
    const filter = await measureFilterChanges(page, changes);
    const out = { label, date: new Date().toISOString(), size, firstIdleMs, ...filter, framesP95ByTime: filter.msP95 / filter.frameMs, load1Before: loadBefore, load1After: loadavg()[0] };
    console.log(JSON.stringify(out));
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
