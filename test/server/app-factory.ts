/** Builds the real app over a factory dataset for tests, on this run's store (see stores.ts). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../server/app';
import type { Guard, Role } from '../../server/auth/guard';
import { EmbeddedStore } from '../../server/store/memory/embedded-store';
import { readConfig } from '../../server/config';
import { dataset } from './factories';
import { openStore } from './stores';
import type { Dataset } from '../../core/schema';

export async function testApp(ds: Dataset = dataset(), env: NodeJS.ProcessEnv = {}) {
  const config = readConfig({ WEB_DIR: '/nonexistent-web-dir', ...env });
  return createApp({ store: await openStore(ds), config });
}

/**
 * The app over an embedded store in a fresh state directory, with a test-only guard: the header
 * `x-test-user: NAME:ROLE[:COUNTIES]` identifies the caller. Production never has such a guard.
 */
export async function writableTestApp(ds: Dataset = dataset(), { testGuard = true } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'sgm-api-state-'));
  const store = await EmbeddedStore.open({ stateDir: dir, dataset: ds, log: () => {} });
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
