/**
 * Keyboard only (issue 20): a planner filters, opens a feature and exports, without the mouse;
 * what the map shows is also said in words (its text alternative); with reduced motion the map
 * does not fly.
 */
import { describe, expect, inject, it } from 'vitest';
import { tabTo } from './axe';
import { sessionPerFile } from './session';

const baseUrl = inject('baseUrl');
const session = sessionPerFile(baseUrl);

describe('the planner by keyboard alone', () => {
  it('search → open a result → its details → export GeoJSON', async () => {
    const app = await session().open('/');
    try {
      await tabTo(app, '#sgm-search');
      await app.page.keyboard.type('三清山');
      await app.page.waitForFunction(() => new URL(location.href).searchParams.get('q') === '三清山');
      await tabTo(app, '[data-feature-item="scenic-sanqingshan"]');
      await app.page.keyboard.press('Enter');
      await app.page.waitForFunction(() => new URL(location.href).searchParams.get('feature') === 'scenic-sanqingshan');
      await app.page.locator('[data-detail="scenic-sanqingshan"]').waitFor({ state: 'visible' });
      // Focus is visible wherever it is (an outline or a ring), never hidden.
      const download = app.page.waitForEvent('download');
      await tabTo(app, '[data-export="geojson"]', 200);
      const outline = await app.page.evaluate(() => {
        const s = getComputedStyle(document.activeElement!);
        return s.outlineStyle !== 'none' || s.boxShadow !== 'none';
      });
      expect(outline).toBe(true);
      await app.page.keyboard.press('Enter');
      const file = await download;
      expect(file.suggestedFilename()).toMatch(/\.geojson$/);
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  }, 120_000);
});

describe("the map's text alternative", () => {
  it('says what the map shows for the filter, as many features as the list', async () => {
    const app = await session().open('/?county=361130&measure=4');
    try {
      const listed = (await app.listedFeatureIds()).length;
      const region = app.page.getByRole('region', { name: '上饶市地图', exact: true });
      const describedBy = await region.getAttribute('aria-describedby');
      const summary = await app.page.locator(`[id="${describedBy}"]`).innerText();
      expect(summary).toContain(`地图显示 ${listed} 处要素`);
      expect(summary).toContain('婺源县');
    } finally {
      await app.close();
    }
  }, 120_000);
});
