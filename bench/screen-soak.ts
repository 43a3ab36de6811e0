/**
 * Leak benchmark of the briefing screen: 200 tour steps in Chromium, JS heap and DOM node counts
 * before and after (after a forced GC both times). Growth must stay under 10 %.
 *
 * The JS heap is reported whole and split by a heap snapshot into compiled code (V8's JIT output,
 * which grows while hot functions tier up and is not the page's data) and everything else — the
 * objects the page holds. The 10 % limit applies to the objects, the DOM and the listeners; the
 * whole heap is reported beside them.
 *
 *   npx tsx bench/screen-soak.ts [--steps 200] [--every 50] [--url http://host:port/]
 *
 * `--every N` also prints a sample every N steps (to tell a leak from a plateau).
 *
 * Without --url it builds the web app into a temp dir and starts server/main.ts on a free port
 * (SGM_SERVER_ENTRY overrides the entry). Exits 1 when a metric grows by 10 % or more.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type CDPSession, type Page } from 'playwright-core';

const ROOT = resolve(import.meta.dirname, '..');
const CHROMIUM = '/usr/bin/chromium';
const LIMIT = 0.1;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

async function startServer(webDir: string): Promise<{ url: string; child: ChildProcess }> {
  const entry = process.env.SGM_SERVER_ENTRY ?? 'server/main.ts';
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', SKIP_WEB_BUILD: '1', WEB_DIR: webDir, STATE_DIR: mkdtempSync(join(tmpdir(), 'sgm-state-')) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`server did not start:\n${out}`)), 60_000);
    const on = (b: Buffer) => {
      out += b.toString();
      const m = /listening on (http:\/\/localhost:\d+\/)[\s\S]*Ready:/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok(m[1].replace('localhost', '127.0.0.1'));
      }
    };
    child.stdout!.on('data', on);
    child.stderr!.on('data', on);
    child.on('exit', (code) => fail(new Error(`server exited (${code}):\n${out}`)));
  });
  return { url, child };
}

interface Sample {
  heapMB: number;
  /** Heap snapshot: self size of everything but compiled code. */
  objectsMB: number;
  /** Heap snapshot: self size of compiled code (JIT). */
  codeMB: number;
  domNodes: number;
  elements: number;
  listeners: number;
}

async function sample(page: Page, cdp: CDPSession): Promise<Sample> {
  for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
  await page.waitForTimeout(500);
  const { metrics } = await cdp.send('Performance.getMetrics');
  const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
  const elements = await page.evaluate(() => document.getElementsByTagName('*').length);
  const { objects, code } = await heapBreakdown(cdp);
  return { heapMB: m.JSHeapUsedSize / 2 ** 20, objectsMB: objects / 2 ** 20, codeMB: code / 2 ** 20, domNodes: m.Nodes, elements, listeners: m.JSEventListeners };
}

interface HeapSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
}

/** Bytes of compiled code and of everything else in a heap snapshot (JS and DOM wrappers). */
async function heapBreakdown(cdp: CDPSession): Promise<{ objects: number; code: number }> {
  const chunks: string[] = [];
  const onChunk = (e: { chunk: string }) => chunks.push(e.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  const snap = JSON.parse(chunks.join('')) as HeapSnapshot;
  const fields = snap.snapshot.meta.node_fields;
  const typeNames = snap.snapshot.meta.node_types[0];
  const [typeAt, sizeAt, width] = [fields.indexOf('type'), fields.indexOf('self_size'), fields.length];
  let objects = 0;
  let code = 0;
  for (let i = 0; i < snap.nodes.length; i += width) {
    if (typeNames[snap.nodes[i + typeAt]] === 'code') code += snap.nodes[i + sizeAt];
    else objects += snap.nodes[i + sizeAt];
  }
  return { objects, code };
}

async function step(page: Page): Promise<void> {
  const before = await page.getAttribute('.scr', 'data-stop');
  await page.evaluate(() => (window as unknown as { __sgmScreen: { next(): void } }).__sgmScreen.next());
  await page.waitForFunction((b) => document.querySelector('.scr')?.getAttribute('data-stop') !== b, before, { timeout: 30_000 });
}

async function main() {
  const steps = Number(arg('steps') ?? 200);
  let url = arg('url');
  let server: ChildProcess | undefined;
  let webDir: string | undefined;
  if (!url) {
    webDir = mkdtempSync(join(tmpdir(), 'sgm-soak-web-'));
    const { build } = await import('vite');
    await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn', define: { __SGM_TEST_HOOKS__: 'true' }, build: { outDir: webDir, emptyOutDir: true } });
    ({ url, child: server } = await startServer(webDir));
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.length < 5 && errors.push(e.message));
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    // A long interval: the benchmark steps the tour itself, as fast as the page shows each stop.
    await page.goto(new URL('/screen?tour=county&interval=3600', url).href);
    await page.waitForSelector('.scr [data-figure="total"]', { timeout: 60_000 });
    // Warm-up: one full round so every stop's figures are cached and every chart exists.
    for (let i = 0; i < 13; i++) await step(page);
    const before = await sample(page, cdp);
    const t0 = Date.now();
    const every = Number(arg('every') ?? 0);
    for (let i = 0; i < steps; i++) {
      await step(page);
      if (every && (i + 1) % every === 0 && i + 1 < steps) {
        const s = await sample(page, cdp);
        console.log(`after ${i + 1} steps: heap ${s.heapMB.toFixed(1)} MB (objects ${s.objectsMB.toFixed(1)}, code ${s.codeMB.toFixed(1)}), DOM nodes ${s.domNodes}, elements ${s.elements}, listeners ${s.listeners}`);
      }
    }
    const seconds = (Date.now() - t0) / 1000;
    const after = await sample(page, cdp);

    // [metric, before, after, counts towards the 10 % limit]
    const rows: [string, number, number, boolean][] = [
      ['JS heap used, whole (MB)', before.heapMB, after.heapMB, false],
      ['… objects (snapshot, MB)', before.objectsMB, after.objectsMB, true],
      ['… compiled code (snapshot, MB)', before.codeMB, after.codeMB, false],
      ['DOM nodes (CDP)', before.domNodes, after.domNodes, true],
      ['DOM elements', before.elements, after.elements, true],
      ['JS event listeners', before.listeners, after.listeners, true],
    ];
    console.log(`screen soak: ${steps} tour steps in ${seconds.toFixed(1)} s (${((1000 * seconds) / steps).toFixed(0)} ms/step), 1920x1080, Chromium headless`);
    console.log('| metric | before | after | growth | limit |');
    console.log('|---|---:|---:|---:|---|');
    let failed = false;
    for (const [name, b, a, limited] of rows) {
      const g = b > 0 ? (a - b) / b : 0;
      if (limited && g >= LIMIT) failed = true;
      const digits = name.includes('MB') ? 1 : 0;
      console.log(`| ${name} | ${b.toFixed(digits)} | ${a.toFixed(digits)} | ${(100 * g).toFixed(1)} % | ${limited ? '< 10 %' : 'reported'} |`);
    }
    if (errors.length) console.log(`page errors seen (first ${errors.length}): ${errors.join(' | ')}`);
    console.log(failed ? `FAIL: growth of 10 % or more` : `OK: objects, DOM and listeners each grew less than 10 %`);
    process.exitCode = failed ? 1 : 0;
  } finally {
    await browser.close();
    server?.kill('SIGTERM');
    if (webDir) rmSync(webDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
