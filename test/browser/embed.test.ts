/**
 * /embed end to end, as a newspaper would use it: a host page on a SECOND local origin (the
 * documented docs/example-host.html, served by a tiny node:http server) frames
 * /embed?county=361130, receives `ready`, sends `setFilter` and sees the map change, clicks a
 * feature and receives `select`. Also: framing headers of /embed, / and /screen (open and with
 * EMBED_FRAME_ANCESTORS), no non-public property in any response the embed sees (one is seeded
 * into a fixture copy of data/), the page scrolls under the map, screenshots.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startServer } from './global-setup';
import { ARTIFACTS, VIEWPORTS, afterPaint, launch, type Session } from './driver';
import { iframeSnippet } from '../../web/src/share/snippet';
import { parseConfig } from '../../web/src/lib/api';

const ROOT = resolve(import.meta.dirname, '../..');
const SECRET = 'INTERNAL-ONLY-7f3a9c';
const SEEDED_ID = 'scenic-huangling';

interface Msg {
  type: string;
  source?: string;
  feature?: Record<string, unknown>;
  filter?: { county: string[] | null; measure: number[] | null; layers: string[] | null; status: string[] | null };
  matched?: number;
  message?: string;
  request?: string;
}

/** A copy of data/ with a non-public property seeded into one feature (and one county). */
function fixtureData(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sgm-embed-data-'));
  cpSync(join(ROOT, 'data'), dir, { recursive: true });
  const file = join(dir, 'layers/scenic-areas.geojson');
  const fc = JSON.parse(readFileSync(file, 'utf8'));
  const f = fc.features.find((x: { properties: { id: string } }) => x.properties.id === SEEDED_ID);
  if (!f) throw new Error(`fixture: ${SEEDED_ID} not found in data/layers/scenic-areas.geojson`);
  f.properties.internal_note = SECRET;
  writeFileSync(file, JSON.stringify(fc));
  return dir;
}

/** The second origin: serves the documented example host page, or any HTML given to it. */
function startHost(pages: Record<string, string>): Promise<{ server: Server; origin: string }> {
  return new Promise((ok) => {
    const server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const body = pages[path];
      res.writeHead(body ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
      res.end(body ?? 'not found');
    });
    // `localhost` vs the map's `127.0.0.1`, and another port: a different origin on both counts.
    server.listen(0, '127.0.0.1', () => ok({ server, origin: `http://localhost:${(server.address() as AddressInfo).port}` }));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGTERM');
    setTimeout(() => {
      child.kill('SIGKILL');
      done();
    }, 5000).unref();
  });
}

/** Collect the map's messages in the host page (the example page re-dispatches them as `sgm-message`). */
async function collectMessages(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __msgs: unknown[] };
    w.__msgs = [];
    window.addEventListener('sgm-message', (e) => w.__msgs.push((e as CustomEvent).detail));
  });
}

async function waitForMessage(page: Page, type: string, pred: string = 'true'): Promise<Msg> {
  const handle = await page.waitForFunction(
    ([t, p]) => {
      const msgs = (window as unknown as { __msgs: Msg[] }).__msgs ?? [];
      const test = new Function('m', `return ${p}`) as (m: Msg) => boolean;
      return msgs.find((m) => m.type === t && test(m)) ?? false;
    },
    [type, pred] as const,
    { timeout: 30_000 },
  );
  return (await handle.jsonValue()) as Msg;
}

async function embedFrame(page: Page): Promise<Frame> {
  const iframe = await page.waitForSelector('iframe[src*="/embed"]', { timeout: 30_000 });
  const frame = await iframe.contentFrame();
  if (!frame) throw new Error('the /embed iframe on the host page has no frame');
  await frame.waitForURL(/\/embed/);
  return frame;
}

async function frameMapIdle(frame: Frame): Promise<void> {
  await frame.waitForSelector('[data-map-ready="true"]', { timeout: 30_000 });
  await frame.waitForFunction(() => {
    const m = (window as unknown as { __sgmMap?: { loaded(): boolean; isMoving(): boolean } }).__sgmMap;
    return !!m && m.loaded() && !m.isMoving();
  });
  await afterPaint(frame);
}

/** Ids deck.gl can pick in the frame's map: what is drawn. */
function pickableIds(frame: Frame): Promise<string[]> {
  return frame.evaluate(() => {
    type Info = { object?: { feature?: { properties: { id: string } }; properties?: { id: string } } };
    const w = window as unknown as { __sgmOverlay: { pickObjects(o: object): Info[] }; __sgmMap: { getCanvas(): HTMLCanvasElement } };
    const c = w.__sgmMap.getCanvas();
    const infos = w.__sgmOverlay.pickObjects({ x: 0, y: 0, width: c.clientWidth, height: c.clientHeight, maxObjects: 5000 });
    return [...new Set(infos.map((i) => i.object?.feature?.properties.id ?? i.object?.properties?.id).filter((x): x is string => !!x))].sort();
  });
}

describe('/embed in a host page on another origin', () => {
  let map: { url: string; child: ChildProcess };
  let mapOrigin: string;
  let host: { server: Server; origin: string };
  let session: Session;
  let dataDir: string;
  const seen: { url: string; body: string }[] = [];

  beforeAll(async () => {
    dataDir = fixtureData();
    map = await startServer({ WEB_DIR: inject('webDir'), DATA_DIR: dataDir });
    mapOrigin = new URL(map.url).origin;
    const example = readFileSync(join(ROOT, 'docs/example-host.html'), 'utf8');
    const snippet = iframeSnippet({
      origin: mapOrigin,
      search: '?county=361130&layers=scenic-areas,bird-habitats',
      layerIds: ['scenic-areas', 'bird-habitats'],
      options: { legend: true, theme: 'dark' },
      width: { value: 100, unit: '%' },
      height: { value: 420, unit: 'px' },
      lang: 'zh',
    });
    const pasted = `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>pasted</title></head><body style="margin:0">
<p style="height:300px">一篇新闻稿 A news article</p>${snippet}<div style="height:1500px"></div>
<script>window.__msgs=[];addEventListener('message',function(e){if(e.origin===${JSON.stringify(mapOrigin)})window.__msgs.push(e.data)})</script></body></html>`;
    host = await startHost({ '/example-host.html': example, '/pasted.html': pasted });
    session = await launch(map.url);
  });

  afterAll(async () => {
    await session?.close();
    host?.server.close();
    if (map) await stop(map.child);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  async function openHost(viewport: { width: number; height: number } = VIEWPORTS.desktop) {
    const context = await session.browser.newContext({ viewport, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('response', async (r) => {
      if (!r.url().startsWith(mapOrigin)) return;
      try {
        seen.push({ url: r.url(), body: (await r.body()).toString('utf8') });
      } catch {
        /* redirects and aborted requests have no body */
      }
    });
    await collectMessages(page);
    await page.goto(`${host.origin}/example-host.html?map=${encodeURIComponent(mapOrigin)}`);
    return { page, context, errors };
  }

  it('frames /embed?county=361130, gets ready, changes the filter, reports a click', async () => {
    const { page, context, errors } = await openHost();
    const ready = await waitForMessage(page, 'ready');
    expect(ready.source).toBe('shangrao-green-map');
    expect(ready.filter).toEqual({ county: ['361130'], measure: null, layers: null, status: null });
    const frame = await embedFrame(page);
    await frameMapIdle(frame);
    const before = await pickableIds(frame);
    expect(before).toContain(SEEDED_ID);
    await page.screenshot({ path: join(ARTIFACTS, 'embed-host-desktop.png') });

    // setFilter from the host page's own controls: 鄱阳县 (the Poyang Lake wetland), birds only.
    // (余干县 has no bird habitat of its own: the 江豚 reserve is a schematic, city-wide marker.)
    await page.selectOption('#county', '361128');
    await page.fill('#layers', 'bird-habitats');
    await page.click('#apply');
    const changed = await waitForMessage(page, 'filter', "m.filter.county && m.filter.county[0] === '361128'");
    expect(changed.filter).toEqual({ county: ['361128'], measure: null, layers: ['bird-habitats'], status: null });
    await frameMapIdle(frame);
    const after = await pickableIds(frame);
    expect(after).not.toEqual(before);
    expect(after.length).toBeGreaterThan(0);
    const birdIds = (JSON.parse(readFileSync(join(dataDir, 'layers/bird-habitats.geojson'), 'utf8')) as { features: { properties: { id: string } }[] }).features.map((f) => f.properties.id);
    expect(after.filter((id) => !birdIds.includes(id))).toEqual([]);
    expect(await frame.locator('.sgm-embed-filter').textContent()).toContain('鄱阳县');
    expect(await frame.locator('[data-legend-layer]').evaluateAll((els) => els.map((e) => e.getAttribute('data-legend-layer')))).toEqual(['bird-habitats']);

    // Click a drawn feature inside the frame: the host receives `select` with public fields only.
    const target = await frame.evaluate((ids) => {
      const w = window as unknown as { __sgmMap: { project(l: [number, number]): { x: number; y: number }; getCanvas(): HTMLCanvasElement }; __sgmOverlay: { pickObject(o: object): { object?: unknown } | null } };
      const c = w.__sgmMap.getCanvas();
      const r = c.getBoundingClientRect();
      for (let y = 10; y < c.clientHeight; y += 6)
        for (let x = 10; x < c.clientWidth; x += 6) {
          // Only where the map itself is on top (not the legend, card or controls).
          if (document.elementFromPoint(r.left + x, r.top + y) !== c) continue;
          const info = w.__sgmOverlay.pickObject({ x, y, radius: 0 }) as { object?: { properties?: { id: string }; feature?: { properties: { id: string } } } } | null;
          const id = info?.object?.feature?.properties.id ?? info?.object?.properties?.id;
          if (id && ids.includes(id)) return { x, y, id };
        }
      return null;
    }, after);
    expect(target).not.toBeNull();
    // Playwright gives a framed element's box in the top page's coordinates.
    const mapBox = (await frame.locator('.sgm-map').boundingBox())!;
    await page.mouse.click(mapBox.x + target!.x, mapBox.y + target!.y);
    const sel = await waitForMessage(page, 'select');
    expect(sel.feature!.id).toBe(target!.id);
    expect(Object.keys(sel.feature!).sort()).toEqual(
      expect.arrayContaining(['clause', 'counties', 'id', 'layer', 'measures', 'name', 'name_en', 'quote', 'status', 'url']),
    );
    expect(String(sel.feature!.url)).toBe(`${mapOrigin}/?layers=bird-habitats&county=361128&feature=${target!.id}`);
    await frame.waitForSelector(`[data-selected="${target!.id}"]`);

    // selectFeature from the host; an invalid message is answered with an error naming what is allowed.
    await page.fill('#feature', SEEDED_ID);
    await page.click('#select');
    await frame.waitForSelector(`[data-selected="${SEEDED_ID}"]`);
    await page.evaluate((origin) => document.querySelector('iframe')!.contentWindow!.postMessage({ type: 'setFilter', measure: '99' }, origin), mapOrigin);
    const err = await waitForMessage(page, 'error');
    expect(err.request).toBe('setFilter');
    expect(err.message).toMatch(/1 to 23/);
    // Nothing of the bad message was applied.
    expect(await frame.locator('.sgm-embed-filter').textContent()).not.toMatch(/措施/);
    expect(await page.evaluate(() => (window as unknown as { __msgs: Msg[] }).__msgs.filter((m) => m.type === 'filter').length)).toBe(1);

    expect(errors).toEqual([]);
    await context.close();
  }, 150_000);

  it('the wheel scrolls the host page, not the map, and the map says how to zoom', async () => {
    const { page, context } = await openHost(VIEWPORTS.desktop);
    await waitForMessage(page, 'ready');
    const frame = await embedFrame(page);
    await frameMapIdle(frame);
    const zoom = () => frame.evaluate(() => (window as unknown as { __sgmMap: { getZoom(): number } }).__sgmMap.getZoom());
    const z0 = await zoom();
    const box = (await page.locator('iframe').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const y0 = await page.evaluate(() => window.scrollY);
    await page.mouse.wheel(0, 300);
    await frame.waitForSelector('[data-testid="scroll-hint"]');
    await page.waitForFunction((y) => window.scrollY > y, y0);
    expect(await zoom()).toBe(z0);
    expect(await frame.locator('[data-testid="scroll-hint"]').textContent()).toMatch(/Ctrl|⌘/);
    // Ctrl + wheel zooms the map (the first event turns wheel zoom on for the gesture).
    await page.keyboard.down('Control');
    for (let i = 0; i < 4; i++) {
      await page.mouse.wheel(0, -200);
      await page.waitForTimeout(50);
    }
    await page.keyboard.up('Control');
    await frame.waitForFunction((z) => (window as unknown as { __sgmMap: { getZoom(): number } }).__sgmMap.getZoom() > z, z0);
    await context.close();
  }, 120_000);

  it('a snippet built for the share dialog, pasted into a page on another origin, shows the filtered map and reports ready', async () => {
    const context = await session.browser.newContext({ viewport: VIEWPORTS.desktop });
    const page = await context.newPage();
    await page.goto(`${host.origin}/pasted.html`);
    await page.waitForFunction(() => ((window as unknown as { __msgs: Msg[] }).__msgs ?? []).some((m) => m.type === 'ready'), undefined, { timeout: 30_000 });
    const ready = await page.evaluate(() => (window as unknown as { __msgs: Msg[] }).__msgs.find((m) => m.type === 'ready')!);
    expect(ready.filter).toEqual({ county: ['361130'], measure: null, layers: ['scenic-areas', 'bird-habitats'], status: null });
    const frame = await embedFrame(page);
    expect(await frame.locator('.sgm-embed--dark').count()).toBe(1);
    const href = await frame.locator('[data-testid="open-full"]').getAttribute('href');
    expect(href).toBe(`${mapOrigin}/?layers=scenic-areas,bird-habitats&county=361130`);
    expect(await frame.locator('[data-testid="open-full"]').getAttribute('target')).toBe('_blank');
    expect(await frame.locator('[data-testid="open-full"]').getAttribute('rel')).toContain('noopener');
    await context.close();
  }, 120_000);

  it('phone size: the host page with the embed at 390×844 fits the width, map drawn', async () => {
    const { page, context } = await openHost(VIEWPORTS.phone);
    await waitForMessage(page, 'ready');
    const frame = await embedFrame(page);
    await frameMapIdle(frame);
    await page.screenshot({ path: join(ARTIFACTS, 'embed-host-phone.png') });
    // Neither the host page nor the map inside it scrolls sideways on a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    expect(await frame.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    const box = (await page.locator('iframe').boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(VIEWPORTS.phone.width);
    expect(box.height).toBeGreaterThan(200);
    expect((await pickableIds(frame)).length).toBeGreaterThan(0);
    await context.close();
  }, 120_000);

  it('/embed on its own at 390×844 and 1440×900: fits, no console errors, nothing fetched from elsewhere', async () => {
    const direct = await session.open('/embed?county=361130&feature=scenic-huangling&lang=en', { viewport: VIEWPORTS.phone });
    await direct.screenshot('embed-phone');
    expect(await direct.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    expect(direct.consoleErrors).toEqual([]);
    expect(direct.foreignRequests()).toEqual([]);
    await direct.close();
    const desk = await session.open('/embed?county=361130&theme=dark&title=婺源县景区与鸟类栖息地', { viewport: VIEWPORTS.desktop });
    await desk.screenshot('embed-desktop-dark');
    expect(desk.consoleErrors).toEqual([]);
    await desk.close();
  }, 120_000);

  it('no response the embed saw carries a non-public property', async () => {
    expect(seen.length).toBeGreaterThan(5);
    expect(seen.some((s) => s.url.includes('/api/layers/scenic-areas/features'))).toBe(true);
    const leaks = seen.filter((s) => s.body.includes(SECRET) || s.body.includes('internal_note')).map((s) => s.url);
    expect(leaks).toEqual([]);
    // The seeded feature is served, just without the property.
    const one = await fetch(`${mapOrigin}/api/features/${SEEDED_ID}`);
    const text = await one.text();
    expect(one.status).toBe(200);
    expect(text).toContain(SEEDED_ID);
    expect(text).not.toContain(SECRET);
  });

  it('framing: /embed open to any site by default; / and /screen only to themselves; no cookies', async () => {
    const embed = await fetch(`${mapOrigin}/embed`);
    const csp = embed.headers.get('content-security-policy') ?? '';
    const fa = /frame-ancestors ([^;]*)/.exec(csp)?.[1]?.trim();
    expect(fa === undefined || fa === '*').toBe(true);
    expect(embed.headers.get('x-frame-options')).toBeNull();
    for (const path of ['/', '/screen']) {
      const res = await fetch(`${mapOrigin}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-security-policy') ?? '').toMatch(/frame-ancestors 'self'(;|$)/);
    }
    for (const path of ['/embed', '/', '/screen', '/api/layers', '/api/config']) expect((await fetch(`${mapOrigin}${path}`)).headers.get('set-cookie')).toBeNull();
  });
});

describe('/embed with EMBED_FRAME_ANCESTORS', () => {
  it('a listed host origin frames it and talks to it; the embed enforces the list', async () => {
    const example = readFileSync(join(ROOT, 'docs/example-host.html'), 'utf8');
    const host = await startHost({ '/example-host.html': example });
    const server = await startServer({ WEB_DIR: inject('webDir'), EMBED_FRAME_ANCESTORS: `${host.origin} https://news.example` });
    const mapOrigin = new URL(server.url).origin;
    const session = await launch(server.url);
    try {
      const context = await session.browser.newContext({ viewport: VIEWPORTS.desktop });
      const page = await context.newPage();
      await collectMessages(page);
      await page.goto(`${host.origin}/example-host.html?map=${encodeURIComponent(mapOrigin)}`);
      const ready = await waitForMessage(page, 'ready');
      expect(ready.filter!.county).toEqual(['361130']);
      const frame = await embedFrame(page);
      expect(await frame.locator('[data-origins-restricted="true"]').count()).toBe(1);
      await page.selectOption('#county', '361181');
      await page.click('#apply');
      expect((await waitForMessage(page, 'filter')).filter!.county).toEqual(['361181']);
      await context.close();
    } finally {
      await session.close();
      host.server.close();
      await stop(server.child);
    }
  }, 150_000);

  it('only the configured origins may frame it, and the embed is told the list', async () => {
    const allowed = 'http://localhost:9 https://*.zgsr.gov.cn';
    const server = await startServer({ WEB_DIR: inject('webDir'), EMBED_FRAME_ANCESTORS: allowed });
    try {
      const origin = new URL(server.url).origin;
      const csp = (await fetch(`${origin}/embed`)).headers.get('content-security-policy') ?? '';
      const fa = /frame-ancestors ([^;]*)/.exec(csp)?.[1]?.trim().split(/\s+/) ?? [];
      expect(fa).toEqual(expect.arrayContaining(['http://localhost:9', 'https://*.zgsr.gov.cn']));
      expect(fa).not.toContain('*');
      expect((await fetch(`${origin}/`)).headers.get('content-security-policy') ?? '').toMatch(/frame-ancestors 'self'/);
      // What the embed reads to enforce the same list for postMessage (web/src/lib/api.ts parseConfig).
      expect(parseConfig(await (await fetch(`${origin}/api/config`)).json()).embedOrigins).toEqual(['http://localhost:9', 'https://*.zgsr.gov.cn']);
    } finally {
      await stop(server.child);
    }
  });
});
