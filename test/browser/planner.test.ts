/**
 * The planner view `/` in Chromium against the real server and the shipped data: filters from the
 * URL, clicking a county, toggling a layer, selecting and reloading, English, exports, sharing, no
 * console errors, no request leaving our server, and screenshots at three sizes.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ApiFeatureCollection } from '../../core/api';
import { launch, VIEWPORTS, type AppPage, type Session } from './driver';

let session: Session;
const baseUrl = inject('baseUrl');

beforeAll(async () => {
  session = await launch(baseUrl);
});
afterAll(async () => {
  await session?.close();
});

async function apiIds(path: string): Promise<string[]> {
  const fc = (await (await fetch(new URL(path, baseUrl))).json()) as ApiFeatureCollection;
  return fc.features.map((f) => f.properties.id).sort();
}

/** No console errors and no request to any host but ours: checked at the end of every test. */
function expectClean(app: AppPage) {
  expect(app.consoleErrors).toEqual([]);
  expect(app.foreignRequests()).toEqual([]);
}

describe('planner view /', () => {
  it("shows Wuyuan's measure-4 features (篁岭 among them) and not others", async () => {
    const app = await session.open('/?county=361130&measure=4');
    try {
      const listed = (await app.listedFeatureIds()).sort();
      const expected = (
        await Promise.all(
          ['green-parks', 'scenic-areas', 'gas-pipelines', 'bird-habitats', 'cold-chain-bases', 'agricultural-zones', 'waterways'].map((l) =>
            apiIds(`/api/layers/${l}/features?county=361130&measure=4`),
          ),
        )
      )
        .flat()
        .sort();
      expect(listed).toEqual(expected);
      expect(listed).toContain('scenic-huangling');
      expect(listed).not.toContain('scenic-sanqingshan');
      const drawn = await app.mapPickableFeatureIds();
      expect(drawn).toContain('scenic-huangling');
      expect(drawn).not.toContain('scenic-guifeng');
      const info = app.page.locator('[data-measure-info="4"]');
      await info.waitFor({ state: 'visible' });
      const infoText = await info.innerText();
      expect(infoText).toContain('推动旅游业绿色发展');
      // The titles measure 4 asks places to pursue, counted for Wuyuan (篁岭: 5A).
      expect(infoText).toContain('国家5A级景区：地图上 1 处');
      // The measure's features by county, drawn by the shared ECharts code (loaded on demand).
      await app.page.locator('[data-chart="measure-by-county"] canvas').waitFor({ state: 'visible' });
      await app.screenshot('planner-wuyuan-measure4-desktop');
      expectClean(app);
    } finally {
      await app.close();
    }
  });

  it('filters by a county clicked on the map and writes it to the address', async () => {
    const app = await session.open('/');
    try {
      // A point inside 玉山县 (Yushan) away from any feature (鄱阳's whole area lies under the
      // 滨湖三县 polygon, where a click selects that feature instead).
      await app.clickMapAt([118.35, 28.55]);
      await app.page.waitForFunction(() => new URL(location.href).searchParams.get('county') === '361123');
      const listed = await app.listedFeatureIds();
      expect(listed).toContain('gas-yushan-provincial-connection');
      expect(listed).not.toContain('scenic-huangling');
      expectClean(app);
    } finally {
      await app.close();
    }
  });

  it('hides a layer with its toggle and shows it again', async () => {
    const app = await session.open('/');
    try {
      expect(await app.mapPickableFeatureIds()).toEqual(expect.arrayContaining(['scenic-huangling']));
      await app.toggleLayer('scenic-areas');
      expect(app.params().get('layers')).not.toContain('scenic-areas');
      const drawn = await app.mapPickableFeatureIds();
      expect(drawn.filter((id) => id.startsWith('scenic-'))).toEqual([]);
      expect(drawn.length).toBeGreaterThan(0);
      await app.toggleLayer('scenic-areas');
      expect(await app.mapPickableFeatureIds()).toEqual(expect.arrayContaining(['scenic-huangling']));
      expectClean(app);
    } finally {
      await app.close();
    }
  });

  it('keeps a selected feature across a reload, with where it comes from in the plan', async () => {
    const app = await session.open('/');
    try {
      await app.selectFeature('scenic-guifeng');
      expect(app.params().get('feature')).toBe('scenic-guifeng');
      await app.reload();
      const detail = app.page.locator('[data-detail="scenic-guifeng"]');
      await detail.waitFor({ state: 'visible' });
      const text = await detail.innerText();
      expect(text).toContain('龟峰');
      expect(text).toContain('（四）');
      expect(text).toContain('弋阳县');
      expectClean(app);
    } finally {
      await app.close();
    }
  });

  it('goes back and forward through filter changes', async () => {
    const app = await session.open('/');
    try {
      await app.selectCounty('361130');
      await app.selectMeasure(4);
      expect(app.params().get('measure')).toBe('4');
      await app.page.goBack();
      await app.page.waitForFunction(() => !new URL(location.href).searchParams.has('measure'));
      expect(app.params().get('county')).toBe('361130');
      await app.page.goForward();
      await app.page.waitForFunction(() => new URL(location.href).searchParams.get('measure') === '4');
      expectClean(app);
    } finally {
      await app.close();
    }
  });

  it('reports unknown URL values on the page instead of breaking', async () => {
    const app = await session.open('/?county=999999&measure=24&status=done');
    try {
      const banner = app.page.getByTestId('url-problems');
      await banner.waitFor({ state: 'visible' });
      const text = await banner.innerText();
      expect(text).toContain('999999');
      expect(text).toContain('24');
      expect((await app.listedFeatureIds()).length).toBeGreaterThan(30);
      expect(app.foreignRequests()).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('speaks English with lang=en, names in both languages', async () => {
    const app = await session.open('/?lang=en&feature=scenic-huangling');
    try {
      expect(await app.page.locator('html').getAttribute('lang')).toBe('en');
      const body = await app.page.locator('body').innerText();
      expect(body).toMatch(/Filters|Layers/);
      expect(body).toContain('Huangling');
      expectClean(app);
    } finally {
      await app.close();
    }
  });

  it('exports the selection as CSV with a BOM so Excel keeps Chinese intact', async () => {
    const app = await session.open('/?county=361130&measure=4');
    try {
      const [download] = await Promise.all([app.page.waitForEvent('download'), app.page.getByRole('button', { name: /CSV/ }).click()]);
      const bytes = readFileSync((await download.path())!);
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = bytes.toString('utf8');
      expect(text).toContain('婺源篁岭');
      expect(text).toContain('scenic-huangling');
      expect(text).not.toContain('scenic-sanqingshan');
      expectClean(app);
    } finally {
      await app.close();
    }
  });

  it('opens the share dialog with the current link and an iframe snippet', async () => {
    const app = await session.open('/?county=361130&measure=4');
    try {
      await app.page.getByTestId('share').click();
      const dialog = app.page.getByRole('dialog');
      await dialog.waitFor({ state: 'visible' });
      const html = await dialog.innerHTML();
      expect(html).toContain('county=361130');
      expect(html).toMatch(/&lt;iframe|<iframe/);
      expectClean(app);
    } finally {
      await app.close();
    }
  });

  it.each(Object.entries(VIEWPORTS))('lays out at %s size without horizontal scrolling', async (name, viewport) => {
    const app = await session.open('/?county=361130&measure=4&feature=scenic-huangling', { viewport });
    try {
      const { scrollWidth, clientWidth } = await app.page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
      }));
      expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
      await app.screenshot(`planner-${name}`);
      expectClean(app);
    } finally {
      await app.close();
    }
  });
});
