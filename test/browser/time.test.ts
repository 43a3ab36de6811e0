/**
 * Time in the pages (issue 19): the planner's slider writes `asof` to the address, and the figures
 * shown are /api/stats?asof=… for that day; the "before history" notice follows the API's flag;
 * screen and embed honour `asof` from the address. Screenshots into test/artifacts/time/ (copied to docs/time/).
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { StatsResponse } from '../../core/api';
import { ARTIFACTS, launch, VIEWPORTS, type AppPage, type Session } from './driver';

let session: Session;
const baseUrl = inject('baseUrl');
/** Screenshots go to test/artifacts/time/ (never into docs/ on a test run); docs/time/ holds copies made from them. */
const DOCS = resolve(ARTIFACTS, 'time');

beforeAll(async () => {
  session = await launch(baseUrl);
  mkdirSync(DOCS, { recursive: true });
});
afterAll(async () => {
  await session?.close();
});

const stats = async (query: string): Promise<StatsResponse> => (await fetch(new URL(`/api/stats${query}`, baseUrl))).json() as Promise<StatsResponse>;
const asofInUrl = (app: AppPage) => new URL(app.page.url()).searchParams.get('asof');
const NO_MAP = { waitForMap: false };

/** A screenshot for docs/time/: with the map drawn when it manages within 20 s (not what these tests check). */
async function shot(app: AppPage, name: string) {
  await Promise.race([app.waitForMap().catch(() => {}), new Promise((r) => setTimeout(r, 20_000))]);
  await app.page.screenshot({ path: resolve(DOCS, `${name}.png`) });
}

describe('the time slider', () => {
  it('writes asof to the address from the keyboard, and the figures are those of /api/stats for that day', async () => {
    const app = await session.open('/', NO_MAP);
    try {
      const slider = app.page.locator('#sgm-time-range');
      await slider.waitFor({ timeout: 60_000 });
      expect(await slider.getAttribute('aria-valuetext')).toMatch(/今天/);
      await slider.focus();
      await app.page.keyboard.press('Home');
      await app.page.waitForFunction(() => new URL(location.href).searchParams.get('asof') === '2022-03-31');
      const first = await stats('?asof=2022-03-31');
      expect(first.asof?.date).toBe('2022-03-31');
      await app.page.waitForSelector(`[data-testid="figures"] [data-figure="total"][data-value="${first.totals.features}"]`, { timeout: 30_000 });
      expect(await slider.getAttribute('aria-valuetext')).toBe('截至 2022-03-31');
      await expect.poll(() => app.page.locator('[data-testid="asof-banner"]').textContent()).toContain('2022-03-31');
      // the notice follows the API's flag
      expect(await app.page.locator('[data-testid="before-history"]').count()).toBe(first.asof?.before_history ? 1 : 0);
      await shot(app, 'planner-asof-1440x900');

      // one month on: the URL and the figures follow
      await app.page.keyboard.press('ArrowRight');
      await app.page.waitForFunction(() => new URL(location.href).searchParams.get('asof') === '2022-04-30');
      const second = await stats('?asof=2022-04-30');
      await app.page.waitForSelector(`[data-testid="figures"] [data-figure="total"][data-value="${second.totals.features}"]`, { timeout: 30_000 });

      // End = now: no asof in the address, the current figures
      await app.page.keyboard.press('End');
      await app.page.waitForFunction(() => !new URL(location.href).searchParams.has('asof'));
      const now = await stats('');
      await app.page.waitForSelector(`[data-testid="figures"] [data-figure="total"][data-value="${now.totals.features}"]`, { timeout: 30_000 });
      expect(await app.page.locator('[data-testid="asof-banner"]').count()).toBe(0);
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('plays month by month and pauses', async () => {
    const app = await session.open('/?asof=2022-03-31', NO_MAP);
    try {
      const play = app.page.locator('[data-testid="time"] button[aria-pressed]');
      await play.click({ timeout: 60_000 });
      await app.page.waitForFunction(() => new URL(location.href).searchParams.get('asof') === '2022-04-30', undefined, { timeout: 30_000 });
      await play.click();
      expect(await play.getAttribute('aria-pressed')).toBe('false');
      const held = asofInUrl(app);
      await app.page.waitForTimeout(2500);
      expect(asofInUrl(app)).toBe(held);
    } finally {
      await app.close();
    }
  });

  it('says so when asof is not a day it can show (the page ignores it)', async () => {
    const app = await session.open('/?asof=2022-02-30', NO_MAP);
    try {
      await app.page.locator('#sgm-time-range').waitFor({ timeout: 60_000 });
      await expect.poll(() => app.page.locator('body').textContent()).toMatch(/asof/);
      expect(await app.page.locator('[data-testid="asof-banner"]').count()).toBe(0);
    } finally {
      await app.close();
    }
  });

  it('on a phone: the day over the map', async () => {
    const phone = await session.open('/?asof=2022-03-31', { ...NO_MAP, viewport: VIEWPORTS.phone });
    try {
      await phone.page.locator('[data-testid="asof-banner"]').waitFor({ timeout: 40_000 });
      await shot(phone, 'planner-asof-390x844');
    } finally {
      await phone.close();
    }
  });

  it('on the screen: the day under the title, and every data request asks for it', async () => {
    const screen = await session.open('/screen?asof=2022-03-31', { ...NO_MAP, viewport: VIEWPORTS.wide });
    try {
      await screen.page.locator('[data-testid="asof-banner"]').waitFor({ timeout: 40_000 });
      expect(await screen.page.locator('[data-testid="asof-banner"]').textContent()).toContain('2022-03-31');
      await shot(screen, 'screen-asof-1920x1080');
      // every data request the screen made carried the day (loaded at start, before listening: check the record)
      const data = screen.requests.filter((u) => /\/api\/(stats|layers\/[^/]+\/features)/.test(u));
      expect(data.length).toBeGreaterThan(0);
      for (const u of data) expect(new URL(u).searchParams.get('asof'), u).toBe('2022-03-31');
    } finally {
      await screen.close();
    }
  });
});

describe('deadlines in the planner', () => {
  it("shows each target's standing in words as /api/stats gives it, today and as of a day before the deadline", async () => {
    for (const query of ['?measure=2', '?measure=2&asof=2024-12-31']) {
      const expected = (await stats(query)).measures.find((m) => m.id === 2)!.targets[0];
      expect(expected.standing).toBeDefined();
      const app = await session.open(`/${query}`, NO_MAP);
      try {
        const el = app.page.locator(`[data-target="${expected.target.id}"] [data-standing]`);
        await el.waitFor({ timeout: 40_000 });
        expect(await el.getAttribute('data-standing')).toBe(expected.standing);
        expect((await el.textContent())!.length).toBeGreaterThan(4); // words, not colour alone
        if (query.includes('asof')) {
          expect(expected.standing).toBe('open');
          await shot(app, 'planner-deadline-open-1440x900');
        }
      } finally {
        await app.close();
      }
    }
  });
});
