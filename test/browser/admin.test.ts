/**
 * /admin in Chromium against a server of its own (its own state directory, with a first admin
 * added as `npm run users -- add` would): the admin signs in with the keyboard, adds an editor
 * limited to 婺源 and an account with a generated password (shown once); the editor then signs
 * in and gets the 403 page, with the session the API reports; anonymous visitors get the sign-in
 * form and no account data; the page fits a phone.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { addAccount } from '../../server/auth/account-admin';
import { FileAccountStore } from '../../server/auth/file-accounts';
import { wcagViolations } from './axe';
import { launch, VIEWPORTS, type AppPage, type Session } from './driver';
import { startServer } from './global-setup';

const ADMIN_PASSWORD = 'admin-password-2026';
let server: { url: string; child: ChildProcess };
let session: Session;

beforeAll(async () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'sgm-admin-state-'));
  const accounts = new FileAccountStore(stateDir);
  await addAccount(accounts, { username: 'chief', role: 'admin', password: ADMIN_PASSWORD });
  await accounts.close();
  server = await startServer({ WEB_DIR: inject('webDir'), STATE_DIR: stateDir });
  session = await launch(server.url);
});

afterAll(async () => {
  await session?.close();
  server?.child.kill('SIGTERM');
});

/** Sign in on /admin with the keyboard alone: the name field has focus, Tab to the password, Enter. */
async function signIn(app: AppPage, username: string, password: string) {
  const form = app.page.getByTestId('signin-form');
  await form.waitFor();
  await app.page.keyboard.type(username);
  await app.page.keyboard.press('Tab');
  await app.page.keyboard.type(password);
  await app.page.keyboard.press('Enter');
}

/** Responses the page received that carry account data (anything but the sign-in answer and 401s). */
function watchAccountData(app: AppPage): string[] {
  const seen: string[] = [];
  app.page.on('response', (r) => {
    if (/\/api\/admin\//.test(r.url()) && r.status() === 200) seen.push(r.url());
  });
  return seen;
}

describe('/admin', () => {
  it('anonymous: the sign-in form, no account data', async () => {
    const app = await session.open('/admin', { waitForMap: false });
    const seen = watchAccountData(app);
    await app.page.getByTestId('signin-form').waitFor();
    expect(await app.page.locator('[data-testid="accounts"]').count()).toBe(0);
    expect(seen).toEqual([]);
    const direct = await app.page.evaluate(async () => (await fetch('/api/admin/accounts')).status);
    expect(direct).toBe(401);
    // Only the expected "who am I" 401s in the console, nothing else.
    expect(app.consoleErrors.filter((e) => !/401/.test(e))).toEqual([]);
    expect(await wcagViolations(app)).toEqual([]);
    await app.close();
  });

  it('the admin adds an editor limited to 婺源, who then signs in; a generated password is shown once', async () => {
    const app = await session.open('/admin', { waitForMap: false });
    await signIn(app, 'chief', ADMIN_PASSWORD);
    await app.page.getByTestId('accounts').waitFor();
    await expect.poll(() => app.page.getByTestId('who').textContent()).toContain('chief');

    const add = app.page.getByTestId('add-form');
    await add.locator('input[name="new-username"]').fill('wuyuan-editor');
    await add.locator('select[name="role"]').selectOption('editor');
    await add.locator('input[name="new-password"]').fill('wuyuan-password-1');
    await add.getByLabel('婺源县').check();
    await app.screenshot('admin-add-1440x900');
    await add.getByRole('button', { name: '新增' }).click();
    const row = app.page.locator('tr[data-account="wuyuan-editor"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('婺源县');
    expect(await row.textContent()).toContain('编辑者');
    expect(await app.page.getByTestId('notice').textContent()).toContain('wuyuan-editor');
    expect(await app.page.getByTestId('secret').count()).toBe(0); // a typed password is not shown back

    await add.locator('input[name="new-username"]').fill('screen-viewer');
    await add.locator('select[name="role"]').selectOption('viewer');
    await add.getByRole('button', { name: '新增' }).click();
    const secret = app.page.getByTestId('secret-value');
    await secret.waitFor();
    const generated = (await secret.textContent())!;
    expect(generated).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    await app.screenshot('admin-secret-1440x900');
    expect(await wcagViolations(app)).toEqual([]);
    await app.page.getByRole('button', { name: '我已妥善保存' }).click();
    expect(await app.page.getByTestId('secret').count()).toBe(0);
    expect(await app.page.content()).not.toContain(generated);

    // A token for the editor: shown once, listed by id afterwards.
    await row.locator('button[data-action="token"]').click();
    const token = (await app.page.getByTestId('secret-value').textContent())!;
    expect(token).toMatch(/^sgm_/);
    await app.page.getByRole('button', { name: '我已妥善保存' }).click();
    await expect.poll(() => row.locator('.sgm-admin-tokens li').count()).toBe(1);

    // English.
    await app.page.getByTestId('lang-switch').click();
    await app.page.getByRole('heading', { name: /^Accounts \(3\)$/ }).waitFor();
    expect(await row.textContent()).toContain('Wuyuan County');
    await app.screenshot('admin-list-en-1440x900');
    await app.page.setViewportSize(VIEWPORTS.wide);
    await app.screenshot('admin-list-en-1920x1080');
    await app.close();

    // The editor signs in: the 403 page, and the session is an editor's limited to 婺源.
    const ed = await session.open('/admin', { waitForMap: false });
    const seen = watchAccountData(ed);
    await signIn(ed, 'wuyuan-editor', 'wuyuan-password-1');
    await ed.page.getByTestId('forbidden').waitFor();
    expect(await ed.page.getByTestId('forbidden').textContent()).toContain('wuyuan-editor');
    expect(await wcagViolations(ed)).toEqual([]);
    const me = await ed.page.evaluate(async () => (await fetch('/api/session')).json());
    expect(me).toEqual({ username: 'wuyuan-editor', role: 'editor', counties: ['361130'] });
    expect(seen).toEqual([]);
    await ed.close();

    // The viewer signs in with the generated password.
    const viewer = await session.open('/admin?lang=en', { waitForMap: false });
    await signIn(viewer, 'screen-viewer', generated);
    await viewer.page.getByTestId('forbidden').waitFor();
    expect(await viewer.page.getByTestId('forbidden').textContent()).toContain('Not allowed (403)');
    expect(await wcagViolations(viewer)).toEqual([]);
    await viewer.close();
  });

  it('is readable on a phone: no sideways scrolling, every action reachable', async () => {
    const app = await session.open('/admin', { waitForMap: false, viewport: VIEWPORTS.phone });
    await signIn(app, 'chief', ADMIN_PASSWORD);
    await app.page.getByTestId('accounts').waitFor();
    const width = await app.page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(VIEWPORTS.phone.width);
    const row = app.page.locator('tr[data-account="wuyuan-editor"]');
    await row.scrollIntoViewIfNeeded();
    await app.screenshot('admin-list-390x844');
    expect(await wcagViolations(app)).toEqual([]);
    await row.locator('button[data-action="edit"]').click();
    await row.getByLabel('德兴市').check();
    await row.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => row.textContent()).toContain('婺源县、德兴市');
    await app.page.getByTestId('add-form').scrollIntoViewIfNeeded();
    await app.screenshot('admin-add-390x844');
    await app.close();
  });

  it('the other states pass the same WCAG A/AA rules: a row being edited, a new password, a refused add, a disabled account', async () => {
    const app = await session.open('/admin', { waitForMap: false });
    await signIn(app, 'chief', ADMIN_PASSWORD);
    await app.page.getByTestId('accounts').waitFor();
    const row = app.page.locator('tr[data-account="wuyuan-editor"]');
    await row.locator('button[data-action="edit"]').click();
    await row.getByLabel('德兴市').waitFor();
    expect(await wcagViolations(app)).toEqual([]);
    await row.getByRole('button', { name: '取消' }).click();

    await row.locator('button[data-action="password"]').click();
    await row.locator('input[autocomplete="new-password"]').waitFor();
    expect(await wcagViolations(app)).toEqual([]);
    await row.getByRole('button', { name: '取消' }).click();

    // A name that is taken: the error is announced in the live region and the page stays usable.
    const add = app.page.getByTestId('add-form');
    await add.locator('input[name="new-username"]').fill('wuyuan-editor');
    await add.locator('input[name="new-password"]').fill('another-password-1');
    await add.getByRole('button', { name: '新增' }).click();
    await expect.poll(() => app.page.getByTestId('notice').getAttribute('class')).toContain('sgm-admin-error');
    expect(await app.page.getByTestId('notice').textContent()).toContain('wuyuan-editor');
    expect(await wcagViolations(app)).toEqual([]);

    // A disabled account's row is dimmed: its text must still reach 4.5:1.
    app.page.once('dialog', (d) => void d.accept());
    const viewer = app.page.locator('tr[data-account="screen-viewer"]');
    await viewer.locator('button[data-action="toggle"]').click();
    await expect.poll(() => viewer.getAttribute('class')).toContain('sgm-admin-off');
    await app.screenshot('admin-states-1440x900');
    expect(await wcagViolations(app)).toEqual([]);
    await app.close();
  });
});
