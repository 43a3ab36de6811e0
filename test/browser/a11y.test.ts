/**
 * Accessibility (issue 20): axe-core's WCAG 2.0/2.1/2.2 A and AA rule sets run in Chromium against
 * each view in each state a user reaches — Chinese and English, desktop and phone, with a feature
 * selected, with a dialog open. Any violation fails the test and is printed with the rule, the
 * elements and how to fix it. The map canvas itself is checked by other means (its text
 * alternative and the keyboard tests), so only the page around it is in axe's scope here.
 */
import AxeBuilder from '@axe-core/playwright';
import { wcagViolations } from './axe';
import { describe, expect, inject, it } from 'vitest';
import { VIEWPORTS, type AppPage } from './driver';
import { sessionPerFile } from './session';

const baseUrl = inject('baseUrl');
const session = sessionPerFile(baseUrl);

interface PageState {
  name: string;
  path: string;
  viewport?: { width: number; height: number };
  waitForMap?: boolean;
  /** Bring the page into the state to check (open a dialog, …). */
  then?: (app: AppPage) => Promise<void>;
}

const STATES: PageState[] = [
  { name: 'planner, zh, desktop', path: '/' },
  { name: 'planner, en, desktop', path: '/?lang=en' },
  { name: 'planner, feature selected', path: '/?feature=scenic-sanqingshan' },
  { name: 'planner, measure selected, en', path: '/?measure=13&lang=en' },
  { name: 'planner, phone', path: '/', viewport: VIEWPORTS.phone },
  {
    name: 'planner, share dialog open',
    path: '/?county=361130',
    then: async (app) => {
      await app.page.getByTestId('share').click();
      await app.page.getByRole('dialog').waitFor({ state: 'visible' });
    },
  },
  { name: 'screen, zh, wall display', path: '/screen?tour=off', viewport: VIEWPORTS.wide, waitForMap: false },
  { name: 'screen, en, wall display', path: '/screen?tour=off&lang=en', viewport: VIEWPORTS.wide, waitForMap: false },
  { name: 'embed, zh', path: '/embed' },
  { name: 'embed, en, filtered, feature selected', path: '/embed?county=361130&feature=scenic-huangling&lang=en' },
  { name: 'embed, phone', path: '/embed?legend=1', viewport: VIEWPORTS.phone },
];

describe('no WCAG 2.2 A/AA violation that axe-core can find', () => {
  for (const s of STATES)
    it(s.name, async () => {
      const app = await session().open(s.path, { viewport: s.viewport, waitForMap: s.waitForMap });
      try {
        if (s.waitForMap === false) await app.page.waitForSelector('[data-figure="total"]', { timeout: 60_000 });
        await s.then?.(app);
        expect((await wcagViolations(app)).join('\n')).toBe('');
      } finally {
        await app.close();
      }
    }, 120_000);
});

describe('the briefing screen, read across a room: text contrast at least 7:1 (WCAG AAA 1.4.6)', () => {
  for (const lang of ['zh', 'en'])
    it(lang, async () => {
      const app = await session().open(`/screen?tour=off&lang=${lang}`, { viewport: VIEWPORTS.wide, waitForMap: false });
      try {
        await app.page.waitForSelector('[data-figure="total"]', { timeout: 60_000 });
        const result = await new AxeBuilder({ page: app.page }).withRules(['color-contrast-enhanced']).analyze();
        const found = result.violations.flatMap((v) => v.nodes.map((n) => `${n.target.join(' ')} — ${n.failureSummary?.replace(/\s+/g, ' ')}`));
        expect(found.join('\n')).toBe('');
      } finally {
        await app.close();
      }
    }, 120_000);
});
