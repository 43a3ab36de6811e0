/**
 * Accounts for the browser tests: added straight to the test server's state directory (as
 * `npm run users -- add` would), and signed in through the planner's header form.
 */
import { FileAccountStore } from '../../server/auth/file-accounts';
import { hashPassword } from '../../server/auth/passwords';
import type { AppPage } from './driver';

export interface TestAccount {
  username: string;
  role: 'viewer' | 'editor' | 'admin';
  /** County codes the account is limited to; absent = the whole city. */
  counties?: string[];
}

/** Add each account that is not there yet, all with `password`. */
export async function ensureAccounts(stateDir: string, password: string, accounts: TestAccount[]): Promise<void> {
  const store = new FileAccountStore(stateDir);
  const passwordHash = await hashPassword(password);
  const created = new Date().toISOString();
  for (const a of accounts)
    if (!(await store.account(a.username))) await store.addAccount({ username: a.username, role: a.role, ...(a.counties ? { counties: [...a.counties] } : {}), passwordHash, disabled: false, created });
}

/** Sign in from the planner's header and wait until the header names the account. */
export async function signIn(app: AppPage, username: string, password: string): Promise<void> {
  await app.page.locator('[data-testid="signin"]').click({ timeout: 60_000 });
  await app.page.locator('input[name="username"]').fill(username);
  await app.page.locator('input[name="password"]').fill(password);
  await app.page.locator('[data-testid="signin-form"] button[type="submit"]').click();
  await app.page.waitForSelector(`[data-testid="account-name"]:has-text("${username}")`);
}
