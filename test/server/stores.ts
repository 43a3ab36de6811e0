/**
 * The store factory of the API suite: every test that builds the app over a dataset gets its store
 * here, so the same files and assertions run against each store. Which one comes from
 * `TEST_STORE` (`memory` — the default — or `postgis`), set per vitest project in
 * vitest.config.ts: project `unit` runs them on the embedded store, `api-postgis` on PostGIS (a
 * fresh database per store, on the test server of test/pg/global-setup.ts).
 */
import type { Dataset } from '../../core/schema';
import { MemoryStore } from '../../server/store/memory-store';
import { PostgisStore } from '../../server/store/postgis/postgis-store';
import type { FeatureStore } from '../../server/store/types';
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
