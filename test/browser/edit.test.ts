/**
 * Editing in the planner (issue 15) in Chromium against the real server: sign in from the header,
 * change a status with evidence (preview, If-Match), two browsers → the second sees the conflict,
 * an editor limited to 婺源 cannot save in 德兴, and the status form on a phone. Accounts are added
 * to the server's accounts.json, which it re-reads when it changes.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ApiFeatureCollection } from '../../core/api';
import { FileAccountStore } from '../../server/auth/file-accounts';
import { hashPassword } from '../../server/auth/passwords';
import { launch, VIEWPORTS, type AppPage, type Session } from './driver';

let session: Session;
const baseUrl = inject('baseUrl');
const PASSWORD = 'a planner password';

beforeAll(async () => {
  const accounts = new FileAccountStore(inject('stateDir'));
  const passwordHash = await hashPassword(PASSWORD);
  const created = new Date().toISOString();
  for (const [username, counties] of [['planner', undefined], ['wuyuan', ['361130']]] as const)
    if (!(await accounts.account(username))) await accounts.addAccount({ username, role: 'editor', ...(counties ? { counties: [...counties] } : {}), passwordHash, disabled: false, created });
  session = await launch(baseUrl);
});
afterAll(async () => {
  await session?.close();
});

/** Features lying in exactly one county, not schematic: [id, status]. */
async function featuresIn(county: string): Promise<{ id: string; status: string }[]> {
  const layers = (await (await fetch(new URL('/api/layers', baseUrl))).json()).layers as { id: string }[];
  const fcs = await Promise.all(layers.map(async (l) => (await (await fetch(new URL(`/api/layers/${l.id}/features?county=${county}`, baseUrl))).json()) as ApiFeatureCollection));
  return fcs
    .flatMap((fc) => fc.features).filter((f) => f.properties.counties.length === 1 && f.properties.precision !== 'schematic').map((f) => ({ id: f.properties.id, status: f.properties.status }));
}

async function signIn(app: AppPage, username: string) {
  await app.page.locator('[data-testid="signin"]').click();
  await app.page.locator('input[name="username"]').fill(username);
  await app.page.locator('input[name="password"]').fill(PASSWORD);
  await app.page.locator('[data-testid="signin-form"] button[type="submit"]').click();
  await app.page.waitForSelector(`[data-testid="account-name"]:has-text("${username}")`);
}

/** Fill the status form and go to the preview. */
async function changeStatus(app: AppPage, status: string, evidence: string, date = '2025-06-30') {
  const editor = app.page.locator('[data-testid="status-editor"]');
  await editor.waitFor();
  await editor.locator('select[name="status"]').selectOption(status);
  await editor.locator('input[name="status_date"]').fill(date);
  await editor.locator('input[name="evidence"]').fill(evidence);
  await editor.locator('input[name="note"]').fill('浏览器测试');
  await editor.locator('form button[type="submit"]').click();
  await app.page.waitForSelector('[data-testid="change-preview"]');
}

const save = (app: AppPage) => app.page.locator('[data-testid="status-editor"] button:has-text("保存")').click();
const other = (status: string) => (status === 'completed' ? 'in_progress' : 'completed');

describe('editing in the planner', () => {
  it('a planner signs in, changes a status with evidence, and the change is in the feature and its history', async () => {
    const [f] = await featuresIn('361181');
    const app = await session.open(`/?feature=${f.id}`);
    try {
      await expect(app.page.locator('[data-testid="status-editor"]').count()).resolves.toBe(0); // anonymous: no editing
      await signIn(app, 'planner');
      await expect(app.page.locator('[data-testid="account-name"]').textContent()).resolves.toBe('planner · 编辑者');
      await changeStatus(app, other(f.status), '德兴市2025年政府工作报告');
      const preview = await app.page.locator('[data-testid="change-preview"]').textContent();
      expect(preview).toContain('德兴市2025年政府工作报告');
      await app.screenshot('edit-preview-1440x900');
      await save(app);
      await app.page.waitForSelector('[data-testid="saved"]');
      const after = await (await fetch(new URL(`/api/features/${f.id}`, baseUrl))).json();
      expect(after.properties).toMatchObject({ status: other(f.status), status_date: '2025-06-30', status_evidence: { title: '德兴市2025年政府工作报告' } });
      const history = await app.context.request.get(new URL(`/api/features/${f.id}/history`, baseUrl).href);
      const sets = (await history.json()).change_sets;
      expect(sets[0].author.username).toBe('planner');
      expect(sets[0].note).toBe('浏览器测试');
      await app.screenshot('edit-saved-1440x900');
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('two browsers edit the same feature: the second sees the conflict, and can re-apply', async () => {
    const f = (await featuresIn('361130')).at(-1)!;
    const a = await session.open(`/?feature=${f.id}`);
    const b = await session.open(`/?feature=${f.id}`);
    try {
      await signIn(a, 'planner');
      await signIn(b, 'planner');
      await changeStatus(a, 'completed', '验收报告 A');
      await changeStatus(b, 'in_progress', '进度通报 B', '2025-07-01');
      await save(a);
      await a.page.waitForSelector('[data-testid="saved"]');
      await save(b);
      const conflict = b.page.locator('[data-testid="conflict"]');
      await conflict.waitFor();
      expect(await conflict.textContent()).toContain('验收报告 A');
      expect(await conflict.textContent()).toContain('进度通报 B');
      await b.screenshot('edit-conflict-1440x900');
      await conflict.locator('button', { hasText: '重新应用' }).click();
      await b.page.waitForSelector('[data-testid="change-preview"]');
      await save(b);
      await b.page.waitForSelector('[data-testid="saved"]');
      const after = await (await fetch(new URL(`/api/features/${f.id}`, baseUrl))).json();
      expect(after.properties.status_evidence.title).toBe('进度通报 B');
    } finally {
      await a.close();
      await b.close();
    }
  }, 180_000);

  it('an editor limited to 婺源 cannot save a feature in 德兴', async () => {
    const [f] = await featuresIn('361181'); // its status as it is now (the first test changed it)
    const app = await session.open(`/?feature=${f.id}`);
    try {
      await signIn(app, 'wuyuan');
      await changeStatus(app, other(f.status), '婺源县文件', '2025-07-15'); // a new date: the check for evidence comes first
      await save(app);
      const alert = app.page.locator('[data-testid="status-editor"] [role="alert"]');
      await alert.waitFor();
      expect(await alert.textContent()).toMatch(/无权修改.*361130/);
      expect((await (await fetch(new URL(`/api/features/${f.id}`, baseUrl))).json()).properties.status).toBe(f.status);
      await app.screenshot('edit-forbidden-1440x900');
    } finally {
      await app.close();
    }
  });

  it('on a phone (390×844) a field officer can sign in and change a status', async () => {
    const [f] = await featuresIn('361130');
    const app = await session.open(`/?feature=${f.id}`, { viewport: VIEWPORTS.phone });
    try {
      await signIn(app, 'wuyuan');
      await changeStatus(app, other(f.status), '婺源县现场核查记录');
      await app.page.locator('[data-testid="change-preview"]').scrollIntoViewIfNeeded();
      await app.screenshot('edit-preview-390x844');
      await save(app);
      await app.page.waitForSelector('[data-testid="saved"]');
      expect((await (await fetch(new URL(`/api/features/${f.id}`, baseUrl))).json()).properties.status).toBe(other(f.status));
    } finally {
      await app.close();
    }
  });
});
