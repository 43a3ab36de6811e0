/**
 * The app over a writable store of this run's kind (stores.ts) with real accounts (server/auth):
 * accounts.json in a fresh state directory, or the PostgreSQL tables of the same database; the
 * production Authenticator with a clock the test moves, and a few accounts.
 */
import type { Dataset } from '../../core/schema';
import { createApp } from '../../server/app';
import type { AccountStore } from '../../server/auth/account-store';
import { Authenticator } from '../../server/auth/authenticator';
import type { Role } from '../../server/auth/guard';
import { hashPassword } from '../../server/auth/passwords';
import { digest, newToken } from '../../server/auth/secrets';
import type { ThrottleLimits } from '../../server/auth/throttle';
import { readConfig } from '../../server/config';
import { dataset, WEST } from './factories';
import { openWritableStore } from './stores';

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
  const { store, accounts, dir } = await openWritableStore(ds);
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
