/**
 * The briefing screen in Chromium against the real server: layout at wall-display sizes (no
 * scrolling, legible sizes), figures equal /api/stats for the same filter, the tour advances and
 * pauses on a tap, and the page recovers by itself after its server is stopped and restarted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { StatsResponse } from '../../core/api';
import { afterPaint, launch, type AppPage, type Session } from './driver';

const ROOT = resolve(import.meta.dirname, '../..');
/** The server entry; overridable only to run this file against another build of the API. */
const SERVER_ENTRY = process.env.SGM_SERVER_ENTRY ?? 'server/main.ts';

let session: Session;
beforeAll(async () => {
  session = await launch(inject('baseUrl'));
});
afterAll(async () => {
  await session?.close();
});

/** Open /screen and wait until figures are shown (the map may still be drawing). */
async function openScreen(s: Session, path: string, viewport = { width: 1920, height: 1080 }): Promise<AppPage> {
  const app = await s.open(path, { viewport, waitForMap: false });
  await app.page.waitForSelector('.scr [data-figure="total"]', { timeout: 30_000 });
  return app;
}

/** Every figure the page shows, by id, as numbers. */
async function shownFigures(app: AppPage): Promise<Record<string, number>> {
  return app.page.$$eval('[data-figure]', (els) => Object.fromEntries(els.map((e) => [e.getAttribute('data-figure')!, Number(e.getAttribute('data-value'))])));
}

async function apiStats(baseUrl: string, query: string): Promise<StatsResponse> {
  const res = await fetch(new URL(`/api/stats${query}`, baseUrl));
  expect(res.status).toBe(200);
  return (await res.json()) as StatsResponse;
}

/** What /api/stats says each figure should be. */
function expectedFigures(stats: StatsResponse): Record<string, number> {
  const out: Record<string, number> = { total: stats.totals.features };
  for (const l of stats.layers) out[`layer:${l.id}`] = l.count;
  const pipes = stats.layers.find((l) => l.id === 'gas-pipelines');
  const habitats = stats.layers.find((l) => l.id === 'bird-habitats');
  // Schematic pipelines have no length: the screen shows how many there are, never a km figure for a sketch.
  if (pipes) out[pipes.with_extent > 0 && pipes.line_km > 0 ? 'pipeline-km' : 'pipeline-count'] = pipes.with_extent > 0 && pipes.line_km > 0 ? pipes.line_km : pipes.count;
  // With no habitat extent mapped (all points) the screen shows the number of sites, not "0 km²".
  if (habitats) out[habitats.with_extent > 0 ? 'habitat-km2' : 'habitat-sites'] = habitats.with_extent > 0 ? habitats.polygon_km2 : habitats.count;
  // Only completed work is progress: a target's big number is the completed count, shown only when some is reported.
  for (const m of stats.measures) for (const t of m.targets) if (t.tracked && (t.completed ?? 0) > 0) out[`target:${t.target.id}`] = t.completed!;
  return out;
}

async function compareWithApi(app: AppPage, baseUrl: string) {
  const filter = (await app.page.getAttribute('.scr', 'data-filter')) ?? '';
  const shown = await shownFigures(app);
  const expected = expectedFigures(await apiStats(baseUrl, filter));
  const shownApiFigures = Object.fromEntries(Object.entries(shown).filter(([k]) => !k.startsWith('aim:')));
  expect(shownApiFigures).toEqual(expected);
}

describe('screen layout', () => {
  for (const vp of [
    { name: '1920x1080', width: 1920, height: 1080 },
    { name: '3840x2160', width: 3840, height: 2160 },
    { name: '3840x1080-32x9', width: 3840, height: 1080 },
  ])
    it(`fills ${vp.name} without scrolling, with legible text`, async () => {
      const app = await openScreen(session, '/screen?tour=off', vp);
      await app.page.waitForSelector('[data-map-ready="true"]', { timeout: 30_000 });
      // Laid out with its final fonts and no longer loading: then measure.
      await app.page.waitForFunction(() => document.fonts.status === 'loaded' && !document.querySelector('.scr--loading'), undefined, { timeout: 30_000 });
      await afterPaint(app.page);
      const m = await app.page.evaluate(() => {
        const d = document.documentElement;
        const h = window.innerHeight;
        const texts = [...document.querySelectorAll('.scr *')].filter((e) => {
          const direct = [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent!.trim().length > 0);
          const r = e.getBoundingClientRect();
          return direct && r.width > 0 && r.height > 0 && !e.closest('.maplibregl-ctrl');
        });
        const small = texts.filter((e) => parseFloat(getComputedStyle(e).fontSize) < 0.016 * h - 0.01).map((e) => `${e.className}: ${e.textContent!.slice(0, 30)}`);
        const headlines = [...document.querySelectorAll('.scr-headline')].map((e) => parseFloat(getComputedStyle(e).fontSize) / h);
        const outside = [...document.querySelectorAll('.scr > *')].filter((e) => {
          const r = e.getBoundingClientRect();
          return r.right > window.innerWidth + 0.5 || r.bottom > h + 0.5 || r.left < -0.5 || r.top < -0.5;
        }).map((e) => e.className);
        return { sw: d.scrollWidth, sh: d.scrollHeight, bw: document.body.scrollWidth, bh: document.body.scrollHeight, w: window.innerWidth, h, small, headlines, outside, texts: texts.length };
      });
      await app.screenshot(`screen-${vp.name}`);
      expect({ sw: m.sw, sh: m.sh, bw: m.bw, bh: m.bh }).toEqual({ sw: vp.width, sh: vp.height, bw: vp.width, bh: vp.height });
      expect(m.outside).toEqual([]);
      expect(m.texts).toBeGreaterThan(20);
      expect(m.small).toEqual([]);
      expect(m.headlines.length).toBeGreaterThan(3);
      for (const r of m.headlines) expect(r).toBeGreaterThanOrEqual(0.04);
      await app.close();
    });
});

describe('screen figures', () => {
  it('equal /api/stats for the URL filter, in Chinese and English', { timeout: 150_000 }, async () => {
    const base = inject('baseUrl');
    for (const path of ['/screen?tour=off', '/screen?tour=off&county=361130&lang=en', '/screen?tour=off&measure=13']) {
      const app = await openScreen(session, path);
      await compareWithApi(app, base);
      await app.close();
    }
  });

  it('equal /api/stats for each stop the tour reaches', { timeout: 120_000 }, async () => {
    const base = inject('baseUrl');
    const app = await openScreen(session, '/screen?tour=county&interval=3600&status=planned,unknown');
    for (let i = 0; i < 3; i++) {
      const before = await app.page.getAttribute('.scr', 'data-stop');
      await app.page.evaluate(() => (window as unknown as { __sgmScreen: { next(): void } }).__sgmScreen.next());
      await app.page.waitForFunction((b) => document.querySelector('.scr')?.getAttribute('data-stop') !== b, before);
      const filter = await app.page.getAttribute('.scr', 'data-filter');
      expect(filter).toContain('status=planned,unknown');
      expect(filter).toMatch(/county=\d{6}/);
      await compareWithApi(app, base);
    }
    await app.close();
  });
});

describe('screen tour', () => {
  it('advances by itself through the counties the URL allows', async () => {
    const app = await openScreen(session, '/screen?tour=county&interval=1&county=361130,361181');
    // The page records every stop it shows; wait until three have been shown.
    await app.page.evaluate(() => {
      const w = window as unknown as { __stops: string[] };
      const el = document.querySelector('.scr')!;
      w.__stops = [el.getAttribute('data-stop')!];
      new MutationObserver(() => w.__stops.push(el.getAttribute('data-stop')!)).observe(el, { attributes: true, attributeFilter: ['data-stop'] });
    });
    await app.page.waitForFunction(() => new Set((window as unknown as { __stops: string[] }).__stops).size >= 3, undefined, { timeout: 20_000 });
    const seen = await app.page.evaluate(() => [...new Set((window as unknown as { __stops: string[] }).__stops)]);
    expect(seen.sort()).toEqual(['county:361130', 'county:361181', 'overview']);
    await app.close();
  });

  it('stops advancing when tapped, and says when it resumes', async () => {
    const app = await openScreen(session, '/screen?tour=county&interval=1');
    await app.page.mouse.click(960, 60);
    await app.page.waitForSelector('.scr[data-paused="true"]');
    const stop = await app.page.getAttribute('.scr', 'data-stop');
    expect(await app.page.textContent('.scr-tour-hint')).toMatch(/已暂停 · \d+ 秒后继续/);
    // Wait until the countdown has gone down by 3 s — three tour intervals of 1 s — then the stop
    // must be the same.
    const secondsLeft = () => Number(/(\d+) 秒后继续/.exec(document.querySelector('.scr-tour-hint')?.textContent ?? '')?.[1]);
    const start = await app.page.evaluate(secondsLeft);
    expect(start).toBeGreaterThan(3);
    await app.page.waitForFunction((s0) => Number(/(\d+) 秒后继续/.exec(document.querySelector('.scr-tour-hint')?.textContent ?? '')?.[1]) <= s0 - 3, start, { timeout: 20_000 });
    expect(await app.page.getAttribute('.scr', 'data-stop')).toBe(stop);
    await app.close();
  });
});

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
    s.on('error', fail);
  });
}

/** Start our own server on a fixed port; resolves once it is listening. */
function startOwnServer(port: number): Promise<ChildProcess> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SERVER_ENTRY], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', SKIP_WEB_BUILD: '1', WEB_DIR: inject('webDir'), STATE_DIR: mkdtempSync(join(tmpdir(), 'sgm-state-')) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => fail(new Error(`server on port ${port} did not start:\n${out}`)), 60_000);
    const onData = (b: Buffer) => {
      out += b.toString();
      if (/listening on[\s\S]*Ready:/.test(out)) {
        clearTimeout(timer);
        ok(child);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`server exited (${code}) before listening:\n${out}`));
    });
  });
}

function stopServer(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
}

describe('screen when the server goes away', () => {
  it('keeps the last view, shows it is offline, and recovers by itself after a restart', { timeout: 150_000 }, async () => {
    const port = await freePort();
    let server = await startOwnServer(port);
    const own = await launch(`http://127.0.0.1:${port}/`);
    try {
      const app = await openScreen(own, '/screen?tour=off&refresh=2&county=361130');
      const before = await shownFigures(app);
      const asOf1 = Number(await app.page.getAttribute('.scr', 'data-as-of'));
      expect(await app.page.locator('[data-offline]').count()).toBe(0);

      await stopServer(server);
      await app.page.waitForSelector('.scr[data-online="false"] [data-offline="true"]', { timeout: 20_000 });
      expect(await shownFigures(app)).toEqual(before);
      expect(await app.page.textContent('[data-focus]')).toContain('婺源县');

      server = await startOwnServer(port);
      await app.page.waitForSelector('.scr[data-online="true"]', { timeout: 60_000 });
      expect(await app.page.locator('[data-offline]').count()).toBe(0);
      expect(Number(await app.page.getAttribute('.scr', 'data-as-of'))).toBeGreaterThan(asOf1);
      expect(await shownFigures(app)).toEqual(before);
      await app.close();
    } finally {
      await own.close();
      await stopServer(server);
    }
  });
});
