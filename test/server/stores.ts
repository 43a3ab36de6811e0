/**
 * The store factory of the API suite: every test that builds the app over a dataset gets its store
 * here, so the same files and assertions run against each store. Which one comes from
 * `TEST_STORE` (`memory` — the default — or `postgis`), set per vitest project in
 * vitest.config.ts: project `unit` runs them on the embedded store, `api-postgis` on PostGIS (a
 * fresh database per store, on the test server of test/pg/global-setup.ts).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Dataset } from '../../core/schema';
import type { AccountStore } from '../../server/auth/account-store';
import { FileAccountStore } from '../../server/auth/file-accounts';
import { PgAccountStore } from '../../server/auth/pg-accounts';
import { EmbeddedStore } from '../../server/store/memory/embedded-store';
import { MemoryStore } from '../../server/store/memory-store';
import { PostgisStore } from '../../server/store/postgis/postgis-store';
import type { FeatureStore, Store } from '../../server/store/types';
import { createTestDatabase } from '../pg/database';

export const STORE_KINDS = ['memory', 'postgis'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

/** The store kind of this test run. */
export function storeKind(): StoreKind {
  const kind = process.env.TEST_STORE || 'memory';
  if (!(STORE_KINDS as readonly string[]).includes(kind)) throw new Error(`TEST_STORE must be one of ${STORE_KINDS.join(', ')}, not "${kind}".`);
  return kind as StoreKind;
}

/** A store over `ds` of the given kind (default: this run's). */
export async function openStore(ds: Dataset, kind: StoreKind = storeKind()): Promise<FeatureStore> {
  if (kind === 'memory') return new MemoryStore(ds);
  const db = await createTestDatabase();
  return PostgisStore.open(db.url, ds, { poolSize: 4 });
}

export interface WritableTestStore {
  store: Store;
  /** Accounts beside the data: accounts.json in the state directory, or the database's tables. */
  accounts: AccountStore;
  /** The embedded store's state directory (undefined on PostGIS). */
  dir?: string;
  /** The PostGIS test database's URL (undefined on the embedded store). */
  url?: string;
}

/** A writable store over `ds` of the given kind: the embedded store in a fresh state directory, or PostGIS on a fresh database. */
export async function openWritableStore(ds: Dataset, kind: StoreKind = storeKind(), { now }: { now?: () => Date } = {}): Promise<WritableTestStore> {
  if (kind === 'memory') {
    const dir = mkdtempSync(join(tmpdir(), 'sgm-api-state-'));
    const store = await EmbeddedStore.open({ stateDir: dir, dataset: ds, log: () => {}, now });
    return { store, accounts: new FileAccountStore(dir), dir };
  }
  const db = await createTestDatabase();
  const store = await PostgisStore.open(db.url, ds, { poolSize: 4, now });
  return { store, accounts: new PgAccountStore(new pg.Pool({ connectionString: db.url, max: 2, allowExitOnIdle: true })), url: db.url };
}
