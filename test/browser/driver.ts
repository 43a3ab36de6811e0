/**
 * A small driver over playwright-core for the browser tests: launches Debian Chromium headless
 * with a fresh profile, records console errors and every request URL, and offers app-level verbs
 * (open, selectCounty, toggleLayer, selectFeature, …) so tests read like what a user does.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const ARTIFACTS = resolve(import.meta.dirname, '../artifacts');

export const VIEWPORTS = {
  desktop: { width: 1440, height: 900 },
  wide: { width: 1920, height: 1080 },
  phone: { width: 390, height: 844 },
} as const;

export interface Session {
  browser: Browser;
  close(): Promise<void>;
  /** A new page (own context) at `path` under the base URL. */
  open(path: string, opts?: { viewport?: { width: number; height: number }; waitForMap?: boolean; deviceScaleFactor?: number }): Promise<AppPage>;
}

/** Launch Chromium; fails with a clear message when it is not installed. */
export async function launch(baseUrl: string): Promise<Session> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`Debian Chromium is missing at ${CHROMIUM_PATH}; install it (apt-get install chromium) to run the browser tests.`);
  const profile = mkdtempSync(join(tmpdir(), 'sgm-chromium-'));
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    // Playwright gives each launch its own temporary profile; it refuses a --user-data-dir argument.
  });
  return {
    browser,
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
    async open(path, opts = {}) {
      const context = await browser.newContext({ viewport: opts.viewport ?? VIEWPORTS.desktop, deviceScaleFactor: opts.deviceScaleFactor ?? 1 });
      const page = await context.newPage();
      const app = new AppPage(baseUrl, context, page);
      await app.goto(path, opts.waitForMap ?? true);
      return app;
    },
  };
}

export class AppPage {
  readonly consoleErrors: string[] = [];
  readonly requests: string[] = [];

  constructor(
    readonly baseUrl: string,
    readonly context: BrowserContext,
    readonly page: Page,
  ) {
    page.on('console', (m) => {
      if (m.type() === 'error') this.consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => this.consoleErrors.push(`pageerror: ${e.message}`));
    page.on('request', (r) => this.requests.push(r.url()));
  }

  get origin(): string {
    return new URL(this.baseUrl).origin;
  }

  /** Request URLs that went anywhere but our own server (data:/blob: URLs are local). */
  foreignRequests(): string[] {
    return this.requests.filter((u) => !u.startsWith(this.origin) && !u.startsWith('data:') && !u.startsWith('blob:'));
  }

  async goto(path: string, waitForMap = true): Promise<void> {
    await this.page.goto(new URL(path, this.baseUrl).href);
    if (waitForMap) await this.waitForMap();
  }

  async reload(): Promise<void> {
    await this.page.reload();
    await this.waitForMap();
  }

  /** Wait until the map has loaded, is not moving and has drawn. */
  async waitForMap(): Promise<void> {
    await this.page.waitForSelector('[data-map-ready="true"]', { timeout: 30_000 });
    await this.page.waitForFunction(
      () => {
        const m = (window as unknown as { __sgmMap?: { loaded(): boolean; isMoving(): boolean; areTilesLoaded(): boolean } }).__sgmMap;
        return !!m && m.loaded() && !m.isMoving() && m.areTilesLoaded();
      },
      undefined,
      { timeout: 30_000 },
    );
    await afterPaint(this.page);
  }

  /** The current query parameters of the page. */
  params(): URLSearchParams {
    return new URL(this.page.url()).searchParams;
  }

  /** Toggle a county in the filter list. */
  async selectCounty(code: string): Promise<void> {
    await this.page.locator(`[data-county="${code}"] input`).click();
    await this.waitForMap();
  }

  /** Click on the map at a lon/lat (e.g. inside a county). */
  async clickMapAt(lngLat: [number, number], modifiers: ('Shift' | 'Control')[] = []): Promise<void> {
    const box = (await this.page.locator('.sgm-map').boundingBox())!;
    const pt = await this.page.evaluate(([lng, lat]) => {
      const m = (window as unknown as { __sgmMap: { project(l: [number, number]): { x: number; y: number } } }).__sgmMap;
      return m.project([lng, lat]);
    }, lngLat);
    for (const k of modifiers) await this.page.keyboard.down(k);
    await this.page.mouse.click(box.x + pt.x, box.y + pt.y);
    for (const k of modifiers) await this.page.keyboard.up(k);
    await this.waitForMap();
  }

  /** Show or hide a layer with its toggle in the layer panel. */
  async toggleLayer(id: string): Promise<void> {
    await this.page.locator(`[data-layer-toggle="${id}"]`).click();
    await this.waitForMap();
  }

  /** Pick a measure in the measure filter (0 = all). */
  async selectMeasure(id: number): Promise<void> {
    await this.page.locator('#sgm-measure').selectOption(id ? String(id) : '');
    await this.waitForMap();
  }

  /** Open a feature's detail from the results list. */
  async selectFeature(id: string): Promise<void> {
    await this.page.locator(`[data-feature-item="${id}"]`).click();
    await this.page.waitForSelector(`[data-detail="${id}"]`);
    await this.waitForMap();
  }

  /**
   * Ids of the features listed as matching the current filter — once the list is current (the
   * planner renders the list's rows a moment after the map and marks it aria-busy meanwhile).
   */
  async listedFeatureIds(): Promise<string[]> {
    await this.page.waitForFunction(() => !document.querySelector('.sgm-results-wrap[aria-busy="true"]'));
    return this.page.locator('[data-feature-item]').evaluateAll((els) => els.map((e) => e.getAttribute('data-feature-item')!));
  }

  /**
   * Ids of the features drawn and pickable anywhere in the map view: deck.gl's layers (GeoJSON
   * mode) and MapLibre's tile layers `tiles/…` (tile mode, web/src/map/tile-style.ts) — hidden
   * layers and filtered-out features are not. Occluded features may be missing.
   */
  async mapPickableFeatureIds(): Promise<string[]> {
    return this.page.evaluate(() => {
      type Info = { object?: { feature?: { properties: { id: string } }; properties?: { id: string } } };
      const w = window as unknown as {
        __sgmOverlay: { pickObjects(o: object): Info[] };
        __sgmMap: { getCanvas(): HTMLCanvasElement; getStyle(): { layers: { id: string }[] }; queryRenderedFeatures(o: object): { properties: { id?: string } }[] };
      };
      const c = w.__sgmMap.getCanvas();
      const infos = w.__sgmOverlay.pickObjects({ x: 0, y: 0, width: c.clientWidth, height: c.clientHeight, maxObjects: 5000 });
      const ids = infos.map((i) => i.object?.feature?.properties.id ?? i.object?.properties?.id).filter((x): x is string => !!x);
      const tileLayers = w.__sgmMap.getStyle().layers.filter((l) => l.id.startsWith('tiles/')).map((l) => l.id);
      if (tileLayers.length) for (const f of w.__sgmMap.queryRenderedFeatures({ layers: tileLayers })) if (f.properties.id) ids.push(f.properties.id);
      return [...new Set(ids)].sort();
    });
  }

  async screenshot(name: string): Promise<string> {
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = join(ARTIFACTS, `${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}

/**
 * Resolves once the page has painted twice more: what the map (and deck.gl's overlay, drawn in the
 * map's render) shows is on screen. A condition, not a fixed sleep.
 */
export function afterPaint(page: Pick<Page, 'evaluate'>): Promise<void> {
  return page.evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))));
}
