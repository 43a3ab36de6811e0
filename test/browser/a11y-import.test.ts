/**
 * Importing with the keyboard alone (issue 20): an editor signs in, opens the import panel, picks
 * the layer, chooses a file through the file control (Enter opens the system's chooser), gives the
 * statuses' date, writes a note and applies — every step by keys. The API then serves the rows.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { ensureAccounts } from './accounts';
import { tabTo } from './axe';
import { sessionPerFile } from './session';

const baseUrl = inject('baseUrl');
const browser = sessionPerFile(baseUrl);
const PASSWORD = 'a keyboard importer password';
const focused = (page: import('playwright-core').Page) => page.evaluate(() => document.activeElement?.getAttribute('name') ?? document.activeElement?.getAttribute('data-testid'));

describe('import by keyboard', () => {
  it('sign in → open the panel → layer → file → date → note → apply; the API serves the rows', async () => {
    await ensureAccounts(inject('stateDir'), PASSWORD, [{ username: 'keyimporter', role: 'editor' }]);
    const tag = `键盘导入${Date.now() % 100000}`;
    const file = join(mkdtempSync(join(tmpdir(), 'sgm-keyimport-')), 'places.csv');
    writeFileSync(file, ['名称,经度,纬度,状态,所属措施', `${tag}甲,117.9712,28.4551,已完成,4`, `${tag}乙,117.9420,28.4630,规划,4`].join('\r\n'));
    const app = await browser().open('/', { waitForMap: false });
    let changeSet: string | undefined;
    try {
      const { page } = app;
      await page.locator('[data-testid="signin"]').waitFor({ timeout: 60_000 });
      await tabTo(app, '[data-testid="signin"]', 120);
      await page.keyboard.press('Enter');
      await page.locator('input[name="username"]').waitFor();
      expect(await focused(page)).toBe('username');
      await page.keyboard.type('keyimporter');
      await page.keyboard.press('Tab');
      await page.keyboard.type(PASSWORD);
      await page.keyboard.press('Enter');
      await page.waitForSelector('[data-testid="account-name"]:has-text("keyimporter")');

      await tabTo(app, '[data-testid="import-open"]', 200);
      await page.keyboard.press('Enter');
      const panel = page.locator('[data-testid="import-panel"]');
      await panel.waitFor();
      await tabTo(app, 'select[name="layer"]', 60);
      for (let i = 0; i < 20 && (await panel.locator('select[name="layer"]').inputValue()) !== 'scenic-areas'; i++) await page.keyboard.press('ArrowDown');
      expect(await panel.locator('select[name="layer"]').inputValue()).toBe('scenic-areas');
      // The file control comes just before the layer select (import.test checks the order): Shift+Tab.
      await page.keyboard.press('Shift+Tab');
      expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).toBe('file');
      // Enter on the file control opens the chooser (as a dialog would for a person). Under load the
      // panel may still be re-rendering after the layer change: a press lost then is pressed again.
      let chooser: import('playwright-core').FileChooser | undefined;
      for (let i = 0; i < 3 && !chooser; i++) {
        [chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout: 10_000 }).catch(() => undefined), page.keyboard.press('Enter')]);
        if (!chooser) expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).toBe('file');
      }
      expect(chooser, 'Enter on the file control opened no chooser').toBeDefined();
      await chooser!.setFiles(file);
      await panel.locator('[data-testid="import-preview"]').waitFor({ timeout: 60_000 });

      // 已完成 needs a date: given for all rows by keyboard, then the preview counts the rows as new.
      await tabTo(app, 'input[name="default-status_date"]', 120);
      // a date control takes its segments in the browser's locale order (en-US here: month, day, year)
      await page.keyboard.type('06302025');
      expect(await page.locator('input[name="default-status_date"]').inputValue()).toBe('2025-06-30');
      await page.keyboard.press('Tab');
      await panel.locator('[data-testid="import-preview"][data-created="2"]').waitFor({ timeout: 60_000 });
      await tabTo(app, 'input[name="note"]', 200);
      await page.keyboard.type('键盘导入测试');
      await tabTo(app, '[data-testid="import-apply"]', 40);
      await page.keyboard.press('Enter');
      const done = panel.locator('[data-testid="import-done"]');
      await done.waitFor({ timeout: 60_000 });
      changeSet = (await done.getAttribute('data-change-set')) ?? undefined;

      const fc = (await (await fetch(new URL(`/api/layers/scenic-areas/features?q=${encodeURIComponent(tag)}`, baseUrl))).json()) as { features: { properties: { name: string; status: string } }[] };
      expect(fc.features.map((f) => [f.properties.name, f.properties.status]).sort()).toEqual([
        [`${tag}乙`, 'planned'],
        [`${tag}甲`, 'completed'],
      ]);
      // Put the data back as shipped for the tests after this one: revert the import as the importer.
      const reverted = await page.evaluate(async (id) => (await fetch(`/api/change-sets/${id}/revert`, { method: 'POST' })).status, changeSet!);
      expect(reverted).toBe(201); // a revert is a new change set
      changeSet = undefined;
    } finally {
      // A failure on the way: still try to put the data back.
      if (changeSet) await app.page.evaluate(async (id) => (await fetch(`/api/change-sets/${id}/revert`, { method: 'POST' })).status, changeSet);
      await app.close();
    }
  }, 240_000);
});
