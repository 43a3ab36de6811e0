/**
 * The app over an embedded store with real accounts (server/auth): accounts.json in a fresh state
 * directory, the production Authenticator with a clock the test moves, and a few accounts.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dataset } from '../../core/schema';
import { createApp } from '../../server/app';
import type { AccountStore } from '../../server/auth/account-store';
import { Authenticator } from '../../server/auth/authenticator';
import { FileAccountStore } from '../../server/auth/file-accounts';
import type { Role } from '../../server/auth/guard';
import { hashPassword } from '../../server/auth/passwords';
import { digest, newToken } from '../../server/auth/secrets';
import type { ThrottleLimits } from '../../server/auth/throttle';
import { readConfig } from '../../server/config';
import { EmbeddedStore } from '../../server/store/memory/embedded-store';
import { dataset, WEST } from './factories';

export const PASSWORD = 'grüne-karte-2025';
export const IDLE_MS = 30 * 60_000;

let hashed: Promise<string> | undefined;

export async function addAccount(accounts: AccountStore, username: string, role: Role, counties?: string[]) {
  hashed ??= hashPassword(PASSWORD);
  await accounts.addAccount({ username, role, ...(counties ? { counties } : {}), passwordHash: await hashed, disabled: false, created: new Date().toISOString() });
}

export async function addToken(accounts: AccountStore, username: string): Promise<string> {
  const token = newToken();
  await accounts.addToken({ hash: digest(token), username, created: new Date().toISOString(), revoked: false });
  return token;
}

export async function authApp(ds: Dataset = dataset(), env: NodeJS.ProcessEnv = {}, throttle?: ThrottleLimits) {
  const dir = mkdtempSync(join(tmpdir(), 'sgm-auth-state-'));
  const store = await EmbeddedStore.open({ stateDir: dir, dataset: ds, log: () => {} });
  const accounts = new FileAccountStore(dir);
  const clock = { now: Date.now() };
  const config = readConfig({ WEB_DIR: '/nonexistent-web-dir', ...env });
  const auth = new Authenticator(accounts, { idleMs: IDLE_MS, maxMs: 24 * 3_600_000, trustProxy: config.trustProxy, throttle, now: () => clock.now });
  const app = await createApp({ store, config, auth });
  await addAccount(accounts, 'admin', 'admin');
  await addAccount(accounts, 'wang', 'viewer');
  await addAccount(accounts, 'li', 'editor');
  await addAccount(accounts, 'zhao', 'editor', [WEST]);
  /** Sign in and return the Cookie header value. */
  const signIn = async (username: string, password = PASSWORD) => {
    const res = await app.request('/api/session', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }) });
    if (res.status !== 200) throw new Error(`sign-in of ${username}: ${res.status} ${await res.text()}`);
    return res.headers.get('set-cookie')!.split(';')[0];
  };
  return { app, store, accounts, auth, clock, dir, signIn };
}
