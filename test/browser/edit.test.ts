/**
 * Editing in the planner (issue 15) in Chromium against the real server: sign in from the header,
 * change a status with evidence (preview, If-Match), see it in the history tab and on /screen's
 * since-panel (names only when signed in), /embed shows the new status and no name; two browsers →
 * the second sees the conflict; an editor limited to 婺源 cannot save in 德兴; names, delete and
 * restore; a bulk status change as one change set; a field officer on a phone reports progress,
 * by keyboard. Accounts are added to the server's accounts.json, which it re-reads when it changes.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ApiFeatureCollection, MeasuresResponse } from '../../core/api';
import { ensureAccounts, signIn as signInAs } from './accounts';
import { launch, VIEWPORTS, type AppPage, type Session } from './driver';

let session: Session;
const baseUrl = inject('baseUrl');
const PASSWORD = 'a planner password';

beforeAll(async () => {
  await ensureAccounts(inject('stateDir'), PASSWORD, [
    { username: 'planner', role: 'editor' },
    { username: 'wuyuan', role: 'editor', counties: ['361130'] },
    { username: 'officer', role: 'editor' },
  ]);
  session = await launch(baseUrl);
});
afterAll(async () => {
  await session?.close();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON read for assertions
const api = async <T = any>(path: string): Promise<T> => (await fetch(new URL(path, baseUrl))).json() as Promise<T>;

/** Features lying in exactly one county, not schematic: [id, status, name]. */
async function featuresIn(county: string): Promise<{ id: string; status: string; name: string }[]> {
  const layers = (await api('/api/layers')).layers as { id: string }[];
  const fcs = await Promise.all(layers.map((l) => api<ApiFeatureCollection>(`/api/layers/${l.id}/features?county=${county}`)));
  return fcs
    .flatMap((fc) => fc.features)
    .filter((f) => f.properties.counties.length === 1 && f.properties.precision !== 'schematic')
    .map((f) => ({ id: f.properties.id, status: f.properties.status, name: f.properties.name }));
}

const signIn = (app: AppPage, username: string) => signInAs(app, username, PASSWORD);

/** Fill the status form and go to the preview. */
async function changeStatus(app: AppPage, status: string, evidence: string, date = '2025-06-30') {
  const editor = app.page.locator('[data-testid="status-editor"]');
  await editor.waitFor();
  await editor.locator('select[name="status"]').selectOption(status);
  await editor.locator('input[name="status_date"]').fill(date);
  await editor.locator('input[name="evidence"]').fill(evidence);
  await editor.locator('input[name="note"]').fill('浏览器测试');
  await editor.locator('form button[type="submit"]').click();
  await app.page.waitForSelector('[data-testid="status-editor"] [data-testid="change-preview"]');
}

/** The editing tests look at the panels, not the map: they do not wait for it to draw (a loaded machine). */
const NO_MAP = { waitForMap: false };

/** A screenshot for docs/edit/: with the map drawn when it manages within 30 s (not what these tests check). */
async function shot(app: AppPage, name: string) {
  await app.waitForMap().catch(() => {});
  await app.screenshot(name);
}

const save = (app: AppPage, form = 'status-editor') => app.page.locator(`[data-testid="${form}"] button:has-text("保存")`).click();
const other = (status: string) => (status === 'completed' ? 'in_progress' : 'completed');

describe('editing in the planner', () => {
  /** The feature the first test changes, for the screen and embed tests after it. */
  let changed: { id: string; status: string; name: string } | undefined;

  it('a planner changes a status with evidence, and sees it in the details and the history tab; /screen (signed in) names who', async () => {
    const [f] = await featuresIn('361181');
    const app = await session.open(`/?feature=${f.id}`, NO_MAP);
    try {
      await expect(app.page.locator('[data-testid="status-editor"]').count()).resolves.toBe(0); // anonymous: no editing
      await signIn(app, 'planner');
      await expect(app.page.locator('[data-testid="account-name"]').textContent()).resolves.toBe('planner · 编辑者');
      await changeStatus(app, other(f.status), '德兴市2025年政府工作报告');
      const preview = await app.page.locator('[data-testid="change-preview"]').textContent();
      expect(preview).toContain('德兴市2025年政府工作报告');
      expect(preview).toContain('2025-06-30');
      await shot(app, 'edit-preview-1440x900');
      await save(app);
      await app.page.waitForSelector('[data-testid="saved"]');
      changed = f;
      const after = await api(`/api/features/${f.id}`);
      expect(after.properties).toMatchObject({ status: other(f.status), status_date: '2025-06-30', status_evidence: { title: '德兴市2025年政府工作报告' } });
      // The details panel shows the new status and evidence (the data was read again), and its history tab the change.
      await app.page.waitForSelector('[data-status-date="2025-06-30"]');
      await app.page.locator('[data-history-tab] summary').click();
      const entry = app.page.locator('[data-history] li').first();
      await entry.waitFor();
      const text = await entry.textContent();
      expect(text).toContain('planner');
      expect(text).toContain('德兴市2025年政府工作报告');
      expect(text).toContain('浏览器测试');
      await shot(app, 'edit-saved-1440x900');
      expect(app.consoleErrors).toEqual([]);

      // The same browser (signed in) on /screen: the since-panel says who.
      await app.page.setViewportSize({ width: 1920, height: 1080 });
      await app.page.goto(new URL('/screen?tour=off', baseUrl).href);
      const first = app.page.locator('[data-since-change]').first();
      await first.waitFor({ timeout: 30_000 });
      expect(await first.textContent()).toContain(f.id);
      expect(await first.locator('[data-since-author]').textContent()).toContain('planner');
      await app.screenshot('screen-since-signed-in-1920x1080');
    } finally {
      await app.close();
    }
  }, 120_000);

  it('anonymous /screen lists the change without a name', async () => {
    expect(changed, 'the first test changed a feature').toBeDefined();
    const screen = await session.open('/screen?tour=off', { viewport: { width: 1920, height: 1080 }, waitForMap: false });
    try {
      const first = screen.page.locator('[data-since-change]').first();
      await first.waitFor({ timeout: 30_000 });
      expect(await first.textContent()).toContain(changed!.id);
      expect(await screen.page.locator('[data-since-author]').count()).toBe(0);
      expect(await screen.page.locator('.scr-since').textContent()).not.toContain('planner');
    } finally {
      await screen.close();
    }
  });

  it('/embed draws the feature under its new status, not the old one, and nothing it loads names the account', async () => {
    const f = changed!;
    const bodies: string[] = [];
    for (const [status, drawn] of [
      [other(f.status), true],
      [f.status, false],
    ] as const) {
      const path = `/embed?feature=${f.id}&status=${status}`;
      const embed = await session.open(path, { waitForMap: false });
      embed.page.on('response', (r) => void r.text().then((b) => bodies.push(b), () => {}));
      try {
        await embed.goto(path); // again, with every response recorded
        expect((await embed.mapPickableFeatureIds()).includes(f.id), `drawn with status=${status}`).toBe(drawn);
        bodies.push(await embed.page.content());
      } finally {
        await embed.close();
      }
    }
    expect(bodies.length).toBeGreaterThan(2);
    for (const b of bodies) expect(b).not.toContain('planner');
  }, 120_000);

  it('two browsers edit the same feature: the second sees the conflict, and can re-apply', async () => {
    const f = (await featuresIn('361130')).at(-1)!;
    // One browser after the other (two pages loading at once are slow on a busy 2-core machine).
    const a = await session.open(`/?feature=${f.id}`, NO_MAP);
    let b: AppPage | undefined;
    try {
      await signIn(a, 'planner');
      b = await session.open(`/?feature=${f.id}`, NO_MAP);
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
      await shot(b, 'edit-conflict-1440x900');
      await conflict.locator('button', { hasText: '重新应用' }).click();
      await b.page.waitForSelector('[data-testid="change-preview"]');
      await save(b);
      await b.page.waitForSelector('[data-testid="saved"]');
      const after = await api(`/api/features/${f.id}`);
      expect(after.properties.status_evidence.title).toBe('进度通报 B');
    } finally {
      await a.close();
      await b?.close();
    }
  }, 180_000);

  it('an editor limited to 婺源 cannot save a feature in 德兴', async () => {
    const [f] = await featuresIn('361181'); // its status as it is now (the first test changed it)
    const app = await session.open(`/?feature=${f.id}`, NO_MAP);
    try {
      await signIn(app, 'wuyuan');
      await changeStatus(app, other(f.status), '婺源县文件', '2025-07-15');
      await save(app);
      const alert = app.page.locator('[data-testid="status-editor"] [role="alert"]');
      await alert.waitFor();
      expect(await alert.textContent()).toMatch(/无权修改.*361130/);
      expect((await api(`/api/features/${f.id}`)).properties.status).toBe(f.status);
      await shot(app, 'edit-forbidden-1440x900');
    } finally {
      await app.close();
    }
  });

  it('names are edited with the same preview and history; delete asks for a note, lists the feature as deleted, and restore brings it back', async () => {
    const f = (await featuresIn('361130'))[1];
    const app = await session.open(`/?feature=${f.id}`, NO_MAP);
    try {
      await signIn(app, 'planner');
      const names = app.page.locator('[data-testid="names-editor"]');
      await app.page.locator('details.sgm-edit-fold summary', { hasText: '名称' }).click();
      const nameEn = `${(await names.locator('input[name="name_en"]').inputValue()).trim()} (checked)`;
      await names.locator('input[name="name_en"]').fill(nameEn);
      await names.locator('form button[type="submit"]').click();
      expect(await names.locator('[data-testid="change-preview"]').textContent()).toContain(nameEn);
      await save(app, 'names-editor');
      await names.locator('[data-testid="saved"]').waitFor();
      expect((await api(`/api/features/${f.id}`)).properties.name_en).toBe(nameEn);

      await app.page.locator('[data-testid="delete-open"]').click();
      const confirm = app.page.locator('[data-testid="delete-confirm"]');
      await confirm.locator('button[type="submit"]').click(); // no note yet: the form asks for one
      expect(await confirm.locator('input[name="delete_note"]').evaluate((i: HTMLInputElement) => i.validity.valueMissing)).toBe(true);
      expect((await fetch(new URL(`/api/features/${f.id}`, baseUrl))).status).toBe(200);
      await confirm.locator('input[name="delete_note"]').fill('与另一要素重复');
      await shot(app, 'edit-delete-1440x900');
      await confirm.locator('button[type="submit"]').click();
      const listed = app.page.locator(`[data-deleted="${f.id}"]`);
      await listed.waitFor();
      expect(await listed.textContent()).toContain('与另一要素重复');
      expect((await fetch(new URL(`/api/features/${f.id}`, baseUrl))).status).toBe(404);
      await shot(app, 'edit-deleted-1440x900');
      await listed.locator(`[data-restore="${f.id}"]`).click();
      await app.page.waitForSelector(`[data-detail="${f.id}"]`);
      expect((await api(`/api/features/${f.id}`)).properties.name_en).toBe(nameEn);
      const ops = (await (await app.context.request.get(new URL(`/api/features/${f.id}/history`, baseUrl).href)).json()).change_sets.map((cs: { changes: { op: string }[] }) => cs.changes[0].op);
      expect(ops.slice(0, 3)).toEqual(['restore', 'delete', 'update']);
    } finally {
      await app.close();
    }
  }, 120_000);

  it('bulk: select features in the results list and set their status as one change set', async () => {
    const picks = (await featuresIn('361130')).slice(2, 4); // 婺源县 (the other tests use its first, second and last)
    expect(picks).toHaveLength(2);
    const status = ['in_progress', 'completed', 'planned'].find((s) => picks.every((p) => p.status !== s))!;
    const app = await session.open('/?county=361130', NO_MAP);
    try {
      await signIn(app, 'planner');
      for (const p of picks) await app.page.locator(`[data-pick="${p.id}"]`).check();
      const bulk = app.page.locator('[data-testid="bulk-status"]');
      await bulk.waitFor();
      await bulk.locator('select[name="status"]').selectOption(status);
      await bulk.locator('input[name="evidence"]').fill('婺源县2025年核查清单');
      await bulk.locator('input[name="note"]').fill('批量验收');
      await bulk.locator('form button[type="submit"]').click();
      const preview = bulk.locator('[data-testid="bulk-preview"]');
      await preview.waitFor();
      for (const p of picks) expect(await preview.textContent()).toContain(p.name);
      await bulk.scrollIntoViewIfNeeded();
      await shot(app, 'edit-bulk-1440x900');
      await bulk.locator('button', { hasText: '保存 2 项' }).click();
      await bulk.locator('[data-testid="bulk-message"]').waitFor();
      for (const p of picks) expect((await api(`/api/features/${p.id}`)).properties).toMatchObject({ status, status_evidence: { title: '婺源县2025年核查清单' } });
      const newest = (await (await app.context.request.get(new URL('/api/changes?limit=1', baseUrl).href)).json()).change_sets[0];
      expect(newest.note).toBe('批量验收');
      expect(newest.changes.map((c: { feature: string }) => c.feature).sort()).toEqual(picks.map((p) => p.id).sort());
    } finally {
      await app.close();
    }
  }, 120_000);

  it('on a phone (390×844) a field officer changes a status, and reports progress on a target by keyboard', async () => {
    const [f] = await featuresIn('361130');
    const app = await session.open(`/?feature=${f.id}`, { ...NO_MAP, viewport: VIEWPORTS.phone });
    try {
      await signIn(app, 'wuyuan');
      await changeStatus(app, other(f.status), '婺源县现场核查记录');
      await app.page.locator('[data-testid="change-preview"]').scrollIntoViewIfNeeded();
      await shot(app, 'edit-preview-390x844');
      await save(app);
      await app.page.waitForSelector('[data-testid="saved"]');
      expect((await api(`/api/features/${f.id}`)).properties.status).toBe(other(f.status));
    } finally {
      await app.close();
    }

    const measure = (await api<MeasuresResponse>('/api/measures')).measures.find((m) => m.targets.length > 0)!;
    const target = measure.targets[0];
    const phone = await session.open(`/?measure=${measure.id}`, { ...NO_MAP, viewport: VIEWPORTS.phone });
    try {
      await signIn(phone, 'officer');
      const open = phone.page.locator(`[data-report="${target.id}"]`);
      await open.scrollIntoViewIfNeeded();
      await open.focus();
      await phone.page.keyboard.press('Enter');
      const form = phone.page.locator('[data-testid="progress-form"]');
      await form.waitFor();
      // The value field has the focus: type, Tab to the source, Enter to review, Enter to send.
      await phone.page.keyboard.type('17');
      await phone.page.keyboard.press('Tab');
      await phone.page.keyboard.type('上饶市2025年统计公报');
      await phone.page.keyboard.press('Enter');
      await form.locator('[data-testid="progress-preview"]').waitFor();
      expect(await form.locator('[data-testid="progress-preview"]').textContent()).toContain('17');
      await form.scrollIntoViewIfNeeded();
      await shot(phone, 'edit-progress-390x844');
      await phone.page.keyboard.press('Enter');
      const reported = phone.page.locator(`[data-target="${target.id}"] [data-reported="17"]`);
      await reported.waitFor();
      expect(await reported.textContent()).toContain('上饶市2025年统计公报');
      const fits = await phone.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
      expect(fits).toBe(true);
    } finally {
      await phone.close();
    }
  }, 120_000);
});
