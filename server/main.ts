/**
 * `npm start`: build the web app if needed, load data/, serve the app and the API on one port.
 * Env: PORT (8787), HOST, DATA_DIR (data), WEB_DIR (dist/web), SKIP_WEB_BUILD=1,
 * EMBED_FRAME_ANCESTORS, APP_FRAME_ANCESTORS, BASEMAPS, TIANDITU_TOKEN — see server/config.ts.
 */
import { resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { createApp } from './app';
import { buildWeb, webBuildIsStale } from './build-web';
import { readConfig } from './config';
import { DatasetError, readDataset } from './dataset/load';
import { MemoryStore } from './store/memory-store';

const root = resolve(import.meta.dirname, '..');

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

async function main() {
  let config;
  try {
    config = readConfig();
  } catch (e) {
    fail(`Configuration error: ${(e as Error).message}`);
  }
  const webDir = resolve(root, config.webDir);
  if (config.webDirIsDefault && !config.skipWebBuild && webBuildIsStale(root, webDir)) {
    console.log('Building the web app (first start or sources changed)…');
    await buildWeb(root, webDir);
  }

  let dataset;
  try {
    dataset = await readDataset(resolve(root, config.dataDir));
  } catch (e) {
    if (e instanceof DatasetError) fail(`The data in ${config.dataDir} is invalid; the server did not start.\n${e.message}`);
    throw e;
  }
  const store = new MemoryStore(dataset);
  const app = await createApp({ store, config, webDir });

  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    console.log(`Shangrao Green Map listening on http://localhost:${info.port}/`);
  });
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((e) => fail(`Start-up failed: ${(e as Error).message}`));
