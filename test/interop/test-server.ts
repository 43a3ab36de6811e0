/**
 * The real app over the shipped data/, listening on a free port, for clients outside the process —
 * on this run's store (test/server/stores.ts: the embedded store, or PostGIS in the api-postgis project).
 */
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { createApp } from '../../server/app';
import { readConfig } from '../../server/config';
import { readDataset } from '../../server/dataset/load';
import { openStore } from '../server/stores';

export async function startServer(dataDir = resolve(import.meta.dirname, '../../data')) {
  const store = await openStore(await readDataset(dataDir));
  const app = await createApp({ store, config: readConfig({ WEB_DIR: '/nonexistent-web-dir' }) });
  const server = await new Promise<ReturnType<typeof serve>>((ok) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => ok(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, store, close: () => new Promise<void>((ok) => server.close(() => ok())) };
}
