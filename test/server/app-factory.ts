/** Builds the real app over a factory dataset for tests, on this run's store (see stores.ts). */
import { createApp } from '../../server/app';
import { readConfig } from '../../server/config';
import { dataset } from './factories';
import { openStore } from './stores';
import type { Dataset } from '../../core/schema';

export async function testApp(ds: Dataset = dataset(), env: NodeJS.ProcessEnv = {}) {
  const config = readConfig({ WEB_DIR: '/nonexistent-web-dir', ...env });
  return createApp({ store: await openStore(ds), config });
}
