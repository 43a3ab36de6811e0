/**
 * Accessibility of what signed-in users meet (issue 20): the sign-in form, the edit panel (status,
 * names, geometry, delete, history), the new-feature form and the progress report on a phone —
 * axe-core's WCAG 2.2 A/AA rule sets (test/browser/axe.ts) in Chinese and English; and the
 * editing journey by keyboard alone: sign in, change a status with its date and evidence, review,
 * save — the change served by the API afterwards.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ApiFeatureCollection, MeasuresResponse } from '../../core/api';
import { ensureAccounts, signIn as signInAs } from './accounts';
import { tabTo, wcagViolations } from './axe';
import { launch, VIEWPORTS, type AppPage, type Session } from './driver';

let session: Session;
const baseUrl = inject('baseUrl');
const PASSWORD = 'an a11y password';
const USER = 'a11y-editor';

beforeAll(async () => {
  await ensureAccounts(inject('stateDir'), PASSWORD, [{ username: USER, role: 'editor' }]);
  session = await launch(baseUrl);
});
afterAll(async () => {
  await session?.close();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON read for assertions
const api = async <T = any>(path: string): Promise<T> => (await fetch(new URL(path, baseUrl))).json() as Promise<T>;

/** A feature of one county, drawn to scale (the first such in `layers`): the edit panel shows every form for it. */
async function someFeature(layers = ['scenic-areas', 'green-parks', 'cold-chain-bases']): Promise<{ id: string; status: string }> {
  for (const layer of layers) {
    const fc = await api<ApiFeatureCollection>(`/api/layers/${layer}/features`);
    const f = fc.features.find((x) => x.properties.counties.length === 1 && x.properties.precision !== 'schematic' && x.geometry.type === 'Point');
    if (f) return { id: f.properties.id, status: f.properties.status };
  }
  throw new Error(`no point feature of one county in ${layers.join(', ')}`);
}

const signIn = (app: AppPage) => signInAs(app, USER, PASSWORD);

interface SignedInState {
  name: string;
  path: () => Promise<string>;
  viewport?: { width: number; height: number };
  signedIn?: boolean;
  then?: (app: AppPage) => Promise<void>;
}

const featurePath = async (extra = '') => `/?feature=${(await someFeature()).id}${extra}`;

const STATES: SignedInState[] = [
  {
    name: 'sign-in form open',
    path: async () => '/',
    signedIn: false,
    then: async (app) => {
      await app.page.locator('[data-testid="signin"]').click({ timeout: 60_000 });
      await app.page.locator('[data-testid="signin-form"]').waitFor();
    },
  },
  {
    name: 'sign-in refused (wrong password), the error announced',
    path: async () => '/?lang=en',
    signedIn: false,
    then: async (app) => {
      await app.page.locator('[data-testid="signin"]').click({ timeout: 60_000 });
      await app.page.locator('input[name="username"]').fill(USER);
      await app.page.locator('input[name="password"]').fill('not the password');
      await app.page.locator('[data-testid="signin-form"] button[type="submit"]').click();
      await app.page.locator('[data-testid="signin-form"] [role="alert"], [data-testid="signin-form"] [aria-live]').first().waitFor();
    },
  },
  { name: 'edit panel, zh', path: () => featurePath(), then: async (app) => void (await app.page.locator('[data-testid="status-editor"]').waitFor()) },
  { name: 'edit panel, en', path: () => featurePath('&lang=en'), then: async (app) => void (await app.page.locator('[data-testid="status-editor"]').waitFor()) },
  {
    name: 'status change reviewed (what will change)',
    path: () => featurePath(),
    then: async (app) => {
      const editor = app.page.locator('[data-testid="status-editor"]');
      await editor.waitFor();
      const current = await editor.locator('select[name="status"]').inputValue();
      await editor.locator('select[name="status"]').selectOption(current === 'completed' ? 'in_progress' : 'completed');
      await editor.locator('input[name="status_date"]').fill('2025-06-30');
      await editor.locator('input[name="evidence"]').fill('无障碍测试');
      await editor.locator('form button[type="submit"]').click();
      await app.page.locator('[data-testid="status-editor"] [data-testid="change-preview"]').waitFor();
    },
  },
  {
    name: 'history tab open',
    path: () => featurePath(),
    then: async (app) => {
      await app.page.locator('[data-history-tab] summary').click();
      await app.page.locator('[data-history-tab][open]').waitFor();
      await app.page.locator('[data-history-tab] [data-history], [data-history-tab] [data-history-empty]').first().waitFor();
    },
  },
  {
    name: 'delete confirmation open',
    path: () => featurePath(),
    then: async (app) => {
      await app.page.locator('[data-testid="delete-open"]').click();
      await app.page.locator('[data-testid="delete-confirm"]').waitFor();
    },
  },
  {
    name: 'geometry editing started',
    path: () => featurePath(),
    then: async (app) => {
      await app.page.locator('[data-testid="geometry-start"]').click();
      await app.page.locator('[data-testid="geometry-review"]').waitFor();
    },
  },
  {
    name: 'new feature form, en',
    path: async () => '/?lang=en',
    then: async (app) => {
      await app.page.locator('[data-testid="new-feature-open"]').click();
      await app.page.locator('[data-testid="new-feature"]').waitFor();
    },
  },
  {
    name: 'progress report on a phone',
    viewport: VIEWPORTS.phone,
    path: async () => `/?measure=${(await api<MeasuresResponse>('/api/measures')).measures.find((m) => m.targets.length > 0)!.id}`,
    then: async (app) => {
      const open = app.page.locator('[data-report]').first();
      await open.scrollIntoViewIfNeeded();
      await open.click();
      await app.page.locator('[data-testid="progress-form"]').waitFor();
    },
  },
];

describe('signed in: no WCAG 2.2 A/AA violation that axe-core can find', () => {
  for (const s of STATES)
    it(s.name, async () => {
      const app = await session.open(await s.path(), { viewport: s.viewport, waitForMap: false });
      try {
        if (s.signedIn !== false) await signIn(app);
        await s.then?.(app);
        expect((await wcagViolations(app)).join('\n')).toBe('');
      } finally {
        await app.close();
      }
    }, 120_000);
});

describe('editing by keyboard alone', () => {
  it('sign in → change a status with date and evidence → review → save; the API serves the change', async () => {
    const f = await someFeature(['cold-chain-bases', 'green-parks']);
    const target = f.status === 'completed' ? 'in_progress' : 'completed';
    const app = await session.open(`/?feature=${f.id}`, { waitForMap: false });
    try {
      await tabTo(app, '[data-testid="signin"]', 120);
      await app.page.keyboard.press('Enter');
      await app.page.locator('input[name="username"]').waitFor();
      await tabTo(app, 'input[name="username"]', 20);
      await app.page.keyboard.type(USER);
      await app.page.keyboard.press('Tab');
      await app.page.keyboard.type(PASSWORD);
      await app.page.keyboard.press('Enter');
      await app.page.waitForSelector(`[data-testid="account-name"]:has-text("${USER}")`);

      await tabTo(app, '[data-testid="status-editor"] select[name="status"]', 200);
      // A select takes its value from the keyboard: Home, then the arrows until it is the one.
      await app.page.keyboard.press('Home');
      for (let i = 0; i < 8 && (await app.page.locator('[data-testid="status-editor"] select[name="status"]').inputValue()) !== target; i++) await app.page.keyboard.press('ArrowDown');
      expect(await app.page.locator('[data-testid="status-editor"] select[name="status"]').inputValue()).toBe(target);
      // The date it took effect defaults to today; the evidence is typed.
      await tabTo(app, '[data-testid="status-editor"] input[name="evidence"]', 10);
      await app.page.keyboard.type('键盘测试：年度报告');
      await app.page.keyboard.press('Enter'); // submits the form: the review
      await app.page.locator('[data-testid="status-editor"] [data-testid="change-preview"]').waitFor();
      await tabTo(app, '[data-testid="status-editor"] button', 20, '保存');
      await app.page.keyboard.press('Enter');
      await expect.poll(async () => (await api(`/api/features/${f.id}`)).properties.status, { timeout: 30_000 }).toBe(target);
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  }, 120_000);
});
