/**
 * The account store of a deployment, chosen as the data store is: PostgreSQL when DATABASE_URL is
 * set (migrated first: the CLI works on a fresh database), else `accounts.json` in STATE_DIR.
 * The PostgreSQL modules are imported on that path only.
 */
import { resolve } from 'node:path';
import type { ServerConfig } from '../config';
import type { AccountStore } from './account-store';
import { Authenticator } from './authenticator';
import { FileAccountStore } from './file-accounts';

export async function openAccountStore(config: Pick<ServerConfig, 'databaseUrl' | 'stateDir'>, root = process.cwd()): Promise<AccountStore> {
  if (!config.databaseUrl) return new FileAccountStore(resolve(root, config.stateDir));
  // Loaded only with a database: `pg` and node-pg-migrate cost a server without one ~0.25 s CPU at start.
  const [{ migrate }, { createPool }, { PgAccountStore }] = await Promise.all([import('../store/postgis/migrate'), import('../store/postgis/pool'), import('./pg-accounts')]);
  const pool = createPool(config.databaseUrl, 2);
  try {
    const client = await pool.connect();
    try {
      await migrate(client);
    } finally {
      client.release();
    }
  } catch (e) {
    await pool.end().catch(() => {});
    throw e;
  }
  return new PgAccountStore(pool, true);
}

export function authenticator(accounts: AccountStore, config: Pick<ServerConfig, 'trustProxy' | 'session'>): Authenticator {
  return new Authenticator(accounts, { idleMs: config.session.idleMinutes * 60_000, maxMs: config.session.maxHours * 3_600_000, trustProxy: config.trustProxy });
}
