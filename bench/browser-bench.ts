/**
 * The browser benchmark in Debian Chromium (same launch flags as test/browser/driver.ts):
 * navigation → the map's first idle with the data drawn, for `/` and for a bare MapLibre page
 * with the same style and data; and filter change → next painted frame on `/` over 20 changes.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { routeBarePage } from './bare-map';

export const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const VIEWPORT = { width: 1440, height: 900 };

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Debian Chromium is missing at ${CHROMIUM}; install it (apt-get install chromium).`);
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

/** Before any page script: record every idle and render of whatever map the page assigns to window.__sgmMap. */
function recordMapEvents() {
  const w = window as unknown as Record<string, unknown>;
  const idle: number[] = [];
  w.__benchIdle = idle;
  let map: unknown;
  Object.defineProperty(window, '__sgmMap', {
    configurable: true,
    get: () => map,
    set: (m: { on(e: string, f: () => void): void }) => {
      map = m;
      m.on('idle', () => idle.push(performance.now()));
    },
  });
}

/** ms from navigation start to the first map idle after every features response arrived. */
async function firstIdle(page: Page, url: string, layerCount: number, timeoutMs = 300_000): Promise<number> {
  // 'commit': times come from the page's own clock (navigation start); heavy pages may take long to fire load.
  await page.goto(url, { waitUntil: 'commit', timeout: 120_000 });
  const handle = await page.waitForFunction(
    (n) => {
      const res = performance.getEntriesByType('resource').filter((e) => e.name.includes('/features')) as PerformanceResourceTiming[];
      if (res.length < n || res.some((r) => r.responseEnd === 0)) return false;
      const dataAt = Math.max(...res.map((r) => r.responseEnd));
      const idle = ((window as unknown as { __benchIdle: number[] }).__benchIdle ?? []).find((t) => t >= dataAt);
      return idle ?? false;
    },
    layerCount,
    { timeout: timeoutMs, polling: 50 },
  );
  return (await handle.jsonValue()) as number;
}

const median = (xs: number[]) => quantile(xs, 0.5);
export function quantile(xs: number[], q: number): number {
  const s = [...xs].filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  const page = await context.newPage();
  // tsx (esbuild keepNames) wraps named functions in __name(...); functions passed to the page need it defined there.
  await page.addInitScript({ content: 'window.__name = (f) => f;' });
  await page.addInitScript(recordMapEvents);
  return page;
}

/** A fresh `/` page at its first idle (one run, no bare page): for the filter-only bench (bench/filter.ts). */
export async function openAtFirstIdle(browser: Browser, serverUrl: string, layerCount: number, timeoutMs = 300_000): Promise<{ ms: number; page: Page }> {
  const page = await newPage(browser);
  const ms = await firstIdle(page, `${serverUrl}/`, layerCount, timeoutMs);
  return { ms, page };
}

/** A fresh `/` page in tile mode at its first idle (tile sources added, every tile loaded): for bench/filter.ts --tiles and bench/threshold.ts. */
export async function openAtFirstIdleTiles(browser: Browser, serverUrl: string, timeoutMs = 600_000): Promise<{ ms: number; page: Page }> {
  const page = await newPage(browser);
  const ms = await firstIdleTiles(page, `${serverUrl}/`, timeoutMs);
  return { ms, page };
}

export interface IdleResult {
  app: number;
  bare: number;
  runs: number;
  /** Tile mode (the planner draws from /tiles; the bare page draws the same tiles). */
  tiles?: boolean;
  /** The `/` page's JS heap (main thread, after a GC) at its first idle, MB (CDP Runtime.getHeapUsage). */
  heapMb?: number;
  /** Tile mode with `bareIcons`: the bare page drawing its points as the planner's icons (bench/bare-map.ts BarePoints). */
  bareIcons?: number;
}

/**
 * Tile mode: ms from navigation start until the map is loaded, not moving, and has loaded its tile
 * sources (both pages draw the tiles with MapLibre's own vector sources: web/src/map/tile-style.ts
 * and the bare page), polled every 50 ms. The planner must have its tile sources (`tiles/…`) added
 * first. No wait on /features: pages are not the map.
 */
async function firstIdleTiles(page: Page, url: string, timeoutMs = 600_000): Promise<number> {
  await page.goto(url, { waitUntil: 'commit', timeout: 120_000 });
  const handle = await page.waitForFunction(
    () => {
      const w = window as unknown as {
        __sgmMap?: { loaded(): boolean; isMoving(): boolean; areTilesLoaded(): boolean; getStyle(): { sources: Record<string, unknown> } };
        __sgmOverlay?: unknown;
      };
      const m = w.__sgmMap;
      if (!m || !m.loaded() || m.isMoving() || !m.areTilesLoaded()) return false;
      if (w.__sgmOverlay && !Object.keys(m.getStyle().sources).some((id) => id.startsWith('tiles/'))) return false;
      return performance.now();
    },
    undefined,
    { timeout: timeoutMs, polling: 50 },
  );
  return (await handle.jsonValue()) as number;
}

/** The page's main-thread JS heap in MB after a garbage collection (CDP). */
export async function heapMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  await cdp.detach();
  return usedSize / 1024 / 1024;
}

/** Tile mode: median first idle of `/` and of the bare page drawing the same tiles, alternating; the heap of the last `/`. */
/**
 * Median over `runs` of first idle for the bare page and `/`, alternating, both drawing the tiles.
 * With `warm`, a bare page loads every tile in view once before anything is measured, so both pages
 * get the server's cached tiles (its per-version indexes built, dense tiles thinned); without it the
 * first bare page pays for a cold server and `/` does not.
 */
export async function measureFirstIdleTiles(browser: Browser, serverUrl: string, runs: number, { warm = false, bareIcons = false } = {}): Promise<{ idle: IdleResult; page: Page }> {
  const app: number[] = [];
  const bare: number[] = [];
  const icons: number[] = [];
  let last: Page | undefined;
  if (warm) {
    const p0 = await newPage(browser);
    await firstIdleTiles(p0, await routeBarePage(p0, serverUrl, true));
    await p0.context().close();
  }
  for (let i = 0; i < runs; i++) {
    const p2 = await newPage(browser);
    bare.push(await firstIdleTiles(p2, await routeBarePage(p2, serverUrl, true)));
    await p2.context().close();
    if (bareIcons) {
      const p3 = await newPage(browser);
      icons.push(await firstIdleTiles(p3, await routeBarePage(p3, serverUrl, true, 'icons')));
      await p3.context().close();
    }
    await last?.context().close();
    last = await newPage(browser);
    app.push(await firstIdleTiles(last, `${serverUrl}/`));
  }
  return { idle: { app: median(app), bare: median(bare), runs, tiles: true, heapMb: await heapMb(last!), ...(bareIcons ? { bareIcons: median(icons) } : {}) }, page: last! };
}

/** Median over `runs` fresh pages of navigation → first idle, for `/` and the bare page; returns the last `/` page, still open. */
export async function measureFirstIdle(browser: Browser, serverUrl: string, layerCount: number, runs: number): Promise<{ idle: IdleResult; page: Page }> {
  const app: number[] = [];
  const bare: number[] = [];
  let last: Page | undefined;
  for (let i = 0; i < runs; i++) {
    const p2 = await newPage(browser);
    const bareUrl = await routeBarePage(p2, serverUrl);
    bare.push(await firstIdle(p2, bareUrl, layerCount));
    await p2.context().close();
    await last?.context().close();
    last = await newPage(browser);
    app.push(await firstIdle(last, `${serverUrl}/`, layerCount));
  }
  return { idle: { app: median(app), bare: median(bare), runs }, page: last! };
}

/** What one frame is on this machine: the median of 30 requestAnimationFrame intervals on an idle page. */
async function frameIntervalMs(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((ok) => {
        const ts: number[] = [];
        const tick = (t: number) => {
          ts.push(t);
          if (ts.length < 31) requestAnimationFrame(tick);
          else ok(ts.slice(1).map((x, i) => x - ts[i]).sort((a, b) => a - b)[15]);
        };
        requestAnimationFrame(tick);
      }),
  );
}

export interface FilterResult {
  changes: number;
  msMedian: number;
  msP95: number;
  framesMedian: number;
  framesP95: number;
  /** Median rAF interval while idle: what one frame is on this machine. */
  frameMs: number;
}

/**
 * On a `/` page that reached its first idle: `changes` filter changes through the URL (pushState + popstate, as back/forward does),
 * each timed from the change to the first map render after deck.gl got its new layers, counted
 * in ms and in animation frames.
 */
export async function measureFilterChanges(page: Page, changes: number): Promise<FilterResult> {
  const frameMs = await frameIntervalMs(page);
  await page.evaluate(() => {
    const w = window as unknown as { __sgmOverlay: { setProps(p: unknown): void }; __benchSet: number };
    const o = w.__sgmOverlay;
    const orig = o.setProps.bind(o);
    o.setProps = (p: unknown) => {
      w.__benchSet = performance.now();
      orig(p);
    };
  });
  const ms: number[] = [];
  const frames: number[] = [];
  for (let i = 0; i < changes; i++) {
    const search = `?measure=${(i % 23) + 1}`;
    const r = await page.evaluate(
      (s) =>
        new Promise<{ ms: number; frames: number }>((ok) => {
          const w = window as unknown as { __sgmMap: { on(e: string, f: () => void): void; off(e: string, f: () => void): void }; __benchSet?: number };
          const t0 = performance.now();
          const rafs: number[] = [];
          let finished = false;
          const onRaf = () => {
            rafs.push(performance.now());
            if (!finished) requestAnimationFrame(onRaf);
          };
          requestAnimationFrame(onRaf);
          const onRender = () => {
            if ((w.__benchSet ?? -1) < t0) return;
            finished = true;
            w.__sgmMap.off('render', onRender);
            const t = performance.now();
            ok({ ms: t - t0, frames: rafs.filter((f) => f <= t).length });
          };
          w.__sgmMap.on('render', onRender);
          history.pushState(null, '', s);
          dispatchEvent(new PopStateEvent('popstate'));
          setTimeout(() => {
            if (finished) return;
            finished = true;
            ok({ ms: NaN, frames: NaN });
          }, 20_000);
        }),
      search,
    );
    ms.push(r.ms);
    frames.push(r.frames);
    await page.waitForFunction(() => {
      const m = (window as unknown as { __sgmMap: { loaded(): boolean; isMoving(): boolean } }).__sgmMap;
      return m.loaded() && !m.isMoving();
    }, undefined, { timeout: 120_000, polling: 100 });
    await page.waitForTimeout(150);
  }
  await page.context().close();
  return { changes, msMedian: median(ms), msP95: quantile(ms, 0.95), framesMedian: median(frames), framesP95: quantile(frames, 0.95), frameMs };
}

export interface TypingResult {
  text: string;
  /** Key → next animation frame (input responsiveness), over every key typed. */
  keyToFrameMedian: number;
  keyToFrameMax: number;
  /** Last key → first map render with the typed filter applied. */
  lastKeyToPaint: number;
  /** /api/stats requests and address writes while typing (one each when typing is debounced). */
  statsRequests: number;
  urlWrites: number;
  /** Renders of the planner's top component while typing (test builds count them; NaN if not counted). */
  plannerRenders: number;
}

/**
 * On a `/` page at its first idle: type `text` into the search box at `delayMs` per key, as a
 * person would, and measure each key → next frame, the last key → the map painted with the filter,
 * and how many /api/stats requests and address writes the typing caused.
 */
export async function measureTyping(page: Page, text: string, delayMs = 120): Promise<TypingResult> {
  const statsUrls: string[] = [];
  const onRequest = (r: { url(): string }) => {
    if (new URL(r.url()).pathname === '/api/stats') statsUrls.push(r.url());
  };
  page.on('request', onRequest);
  await page.evaluate(() => {
    const w = window as unknown as {
      __sgmOverlay: { setProps(p: unknown): void };
      __benchSet: number;
      __benchKeys: number[];
      __benchLastInput: number;
      __benchWrites: number;
      __benchRenders0: number;
      __sgmRenders?: Record<string, number>;
    };
    const o = w.__sgmOverlay;
    const orig = o.setProps.bind(o);
    o.setProps = (p: unknown) => {
      w.__benchSet = performance.now();
      orig(p);
    };
    w.__benchKeys = [];
    w.__benchWrites = 0;
    w.__benchRenders0 = w.__sgmRenders?.planner ?? NaN;
    for (const name of ['pushState', 'replaceState'] as const) {
      const origH = history[name].bind(history);
      history[name] = (d: unknown, u: string, url?: string | URL | null) => {
        w.__benchWrites++;
        origH(d, u, url);
      };
    }
    const painted = w as unknown as { __benchPainted?: number; __sgmMap: { on(e: string, f: () => void): void } };
    painted.__sgmMap.on('render', () => {
      if (painted.__benchPainted === undefined && w.__benchSet >= w.__benchLastInput) painted.__benchPainted = performance.now();
    });
    document.querySelector('#sgm-search')!.addEventListener('input', (e) => {
      const t = e.timeStamp;
      w.__benchLastInput = t;
      painted.__benchPainted = undefined;
      requestAnimationFrame(() => w.__benchKeys.push(performance.now() - t));
    });
  });
  await page.locator('#sgm-search').pressSequentially(text, { delay: delayMs, timeout: 300_000 });
  // The first map render after deck.gl got the layers for the last key's filter.
  const lastKeyToPaint = (await (
    await page.waitForFunction(
      () => {
        const w = window as unknown as { __benchPainted?: number; __benchLastInput: number };
        return w.__benchPainted === undefined ? false : w.__benchPainted - w.__benchLastInput;
      },
      undefined,
      { timeout: 120_000, polling: 50 },
    )
  ).jsonValue()) as number;
  const r = await page.evaluate(() => {
    const w = window as unknown as { __benchKeys: number[]; __benchWrites: number; __benchRenders0: number; __sgmRenders?: Record<string, number> };
    return { keys: w.__benchKeys, writes: w.__benchWrites, renders: (w.__sgmRenders?.planner ?? NaN) - w.__benchRenders0 };
  });
  page.off('request', onRequest);
  return {
    text,
    keyToFrameMedian: median(r.keys),
    keyToFrameMax: Math.max(...r.keys),
    lastKeyToPaint,
    statsRequests: statsUrls.length,
    urlWrites: r.writes,
    plannerRenders: r.renders,
  };
}

export interface TileFilterResult {
  changes: number;
  /** Change → the first tile source given its new URL (React's render and tile-sync's `setTiles`). */
  toSetTilesMedian: number;
  /** Change → every tile in view loaded for the new filter and drawn (the map loaded, not moving, all tiles loaded). */
  msMedian: number;
  msP95: number;
  /** The same in animation frames (rAF callbacks between the change and that frame). */
  framesMedian: number;
  framesP95: number;
  frameMs: number;
}

/**
 * Tile mode (above TILE_THRESHOLD): the filter is the tile URL (the server filters before it thins a
 * dense tile, web/src/map/tile-mode.ts), so a filter change is "every tile source given its new URL,
 * then its tiles fetched, decoded and drawn". On a `/` page at its first idle, `changes` filter changes
 * through the URL (pushState + popstate, `?measure=1…`), each timed from the change to the first
 * animation frame at which the map is loaded, not moving and has every tile in view loaded, after
 * a tile source got its new URL. Counted in ms and in animation frames; the figure of the `setTiles`
 * call is kept apart. With `repeat`, the same changes are made a second time (the server's tiles for
 * those filters are then cached, and the browser's HTTP cache may answer).
 */
export async function measureFilterChangesTiles(page: Page, changes: number, { repeat = false } = {}): Promise<{ cold: TileFilterResult; warm?: TileFilterResult }> {
  const frameMs = await frameIntervalMs(page);
  const hooked = await page.evaluate(() => {
    const w = window as unknown as {
      __sgmMap: { getStyle(): { sources: Record<string, { type: string }> }; getSource(id: string): { setTiles(t: string[]): unknown } };
      __benchSetTiles: number;
    };
    const ids = Object.keys(w.__sgmMap.getStyle().sources).filter((id) => id.startsWith('tiles/'));
    for (const id of ids) {
      const src = w.__sgmMap.getSource(id);
      const orig = src.setTiles.bind(src);
      src.setTiles = (t: string[]) => {
        w.__benchSetTiles = performance.now();
        return orig(t);
      };
    }
    return ids.length;
  });
  if (hooked === 0) throw new Error('measureFilterChangesTiles: the page has no tile sources (tiles/…): is the dataset above TILE_THRESHOLD?');
  const round = async (): Promise<TileFilterResult> => {
    const ms: number[] = [];
    const frames: number[] = [];
    const toSet: number[] = [];
    for (let i = 0; i < changes; i++) {
      const r = await page.evaluate(
        (s) =>
          new Promise<{ ms: number; frames: number; toSet: number }>((ok) => {
            const w = window as unknown as { __sgmMap: { loaded(): boolean; isMoving(): boolean; areTilesLoaded(): boolean }; __benchSetTiles?: number };
            const t0 = performance.now();
            let frames = 0;
            let done = false;
            const onRaf = () => {
              if (done) return;
              frames++;
              const set = w.__benchSetTiles ?? -1;
              const m = w.__sgmMap;
              if (set >= t0 && performance.now() > set && m.loaded() && !m.isMoving() && m.areTilesLoaded()) {
                done = true;
                ok({ ms: performance.now() - t0, frames, toSet: set - t0 });
                return;
              }
              requestAnimationFrame(onRaf);
            };
            requestAnimationFrame(onRaf);
            history.pushState(null, '', s);
            dispatchEvent(new PopStateEvent('popstate'));
            setTimeout(() => {
              if (done) return;
              done = true;
              ok({ ms: NaN, frames: NaN, toSet: NaN });
            }, 60_000);
          }),
        `?measure=${(i % 23) + 1}`,
      );
      ms.push(r.ms);
      frames.push(r.frames);
      toSet.push(r.toSet);
      await page.waitForTimeout(300);
    }
    return { changes, toSetTilesMedian: median(toSet), msMedian: median(ms), msP95: quantile(ms, 0.95), framesMedian: median(frames), framesP95: quantile(frames, 0.95), frameMs };
  };
  const cold = await round();
  const warm = repeat ? await round() : undefined;
  return { cold, warm };
}

/**
 * The baseline of {@link measureFilterChangesTiles}: the bare MapLibre page (bench/bare-map.ts, tile
 * mode, the same tiles) at its first idle, then the same `changes` filters made the only way MapLibre
 * offers: `setTiles` on every vector source with the filter in the URL (`?measure=k`, as the planner's
 * tile URLs carry it), each timed to the first animation frame with every tile in view loaded.
 * No React, no API calls, no icons: what the same change costs MapLibre alone on this machine.
 */
export async function measureBareFilterChangesTiles(browser: Browser, serverUrl: string, changes: number): Promise<{ msMedian: number; msP95: number }> {
  const page = await newPage(browser);
  await firstIdleTiles(page, await routeBarePage(page, serverUrl, true));
  const ms: number[] = [];
  for (let i = 0; i < changes; i++) {
    ms.push(
      await page.evaluate(
        (k) =>
          new Promise<number>((ok) => {
            const m = (window as unknown as { __sgmMap: { loaded(): boolean; isMoving(): boolean; areTilesLoaded(): boolean; getStyle(): { sources: Record<string, { type: string }> }; getSource(id: string): { setTiles(t: string[]): unknown } } }).__sgmMap;
            const t0 = performance.now();
            for (const [id, s] of Object.entries(m.getStyle().sources)) {
              if (s.type === 'vector') m.getSource(id).setTiles([`${location.origin}/tiles/${id}/{z}/{x}/{y}.mvt?measure=${k}`]);
            }
            let done = false;
            const tick = () => {
              if (done) return;
              if (m.loaded() && !m.isMoving() && m.areTilesLoaded()) {
                done = true;
                ok(performance.now() - t0);
                return;
              }
              requestAnimationFrame(tick);
            };
            requestAnimationFrame(tick);
            setTimeout(() => {
              if (done) return;
              done = true;
              ok(NaN);
            }, 60_000);
          }),
        (i % 23) + 1,
      ),
    );
    await page.waitForTimeout(300);
  }
  await page.context().close();
  return { msMedian: median(ms), msP95: quantile(ms, 0.95) };
}
