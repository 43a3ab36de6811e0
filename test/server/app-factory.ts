/** Builds the real app over a factory dataset for tests. */
import { createApp } from '../../server/app';
import { readConfig } from '../../server/config';
import { MemoryStore } from '../../server/store/memory-store';
import { dataset } from './factories';
import type { Dataset } from '../../core/schema';

export async function testApp(ds: Dataset = dataset(), env: NodeJS.ProcessEnv = {}) {
  const config = readConfig({ WEB_DIR: '/nonexistent-web-dir', ...env });
  return createApp({ store: new MemoryStore(ds), config });
}
