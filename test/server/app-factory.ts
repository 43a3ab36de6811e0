/** Builds the real app over a factory dataset for tests, on this run's store (see stores.ts). */
import { createApp } from '../../server/app';
import type { Guard, Role } from '../../server/auth/guard';
import { readConfig } from '../../server/config';
import { dataset } from './factories';
import { openStore, openWritableStore, storeKind, type StoreKind } from './stores';
import type { Dataset } from '../../core/schema';

export async function testApp(ds: Dataset = dataset(), env: NodeJS.ProcessEnv = {}, kind: StoreKind = storeKind()) {
  const config = readConfig({ WEB_DIR: '/nonexistent-web-dir', ...env });
  return createApp({ store: await openStore(ds, kind), config });
}

/**
 * The app over a writable store of this run's kind (an embedded store in a fresh state directory,
 * or PostGIS on a fresh database — stores.ts), with a test-only guard: the header
 * `x-test-user: NAME:ROLE[:COUNTIES]` identifies the caller. Production never has such a guard.
 * `now`: the store's clock (when change sets are recorded), for tests of "as of".
 */
export async function writableTestApp(ds: Dataset = dataset(), { testGuard = true, now }: { testGuard?: boolean; now?: () => Date } = {}) {
  const { store, dir } = await openWritableStore(ds, undefined, { now });
  const guard: Guard = {
    identify: async (c) => {
      const h = c.req.header('x-test-user');
      if (!h) return null;
      const [username, role, counties] = h.split(':');
      return { username, role: role as Role, ...(counties ? { counties: counties.split(',') } : {}) };
    },
  };
  const app = await createApp({ store, config: readConfig({ WEB_DIR: '/nonexistent-web-dir' }), ...(testGuard ? { guard } : {}) });
  return { app, store, dir };
}
