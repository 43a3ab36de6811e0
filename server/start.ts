/**
 * Start the server: read configuration, load the dataset, serve the app and the API on one port.
 * Shared by `npm start` (server/main.ts, which may build the web app first) and the production
 * entry (server/production.ts, which only serves a build made by `npm run build`). Paths are
 * relative to `root`, the directory holding package.json.
 * Env: PORT (8787), HOST, DATA_DIR (data), STATE_DIR (state), WEB_DIR (dist/web), SKIP_WEB_BUILD=1,
 * EMBED_FRAME_ANCESTORS, APP_FRAME_ANCESTORS, BASEMAPS, TIANDITU_TOKEN, BASEMAP_STYLE, BASEMAP_PMTILES,
 * DATABASE_URL,
 * MISS_CONCURRENCY, MISS_PER_CLIENT, TRUST_PROXY, SESSION_IDLE_MINUTES, SESSION_MAX_HOURS — see
 * server/config.ts. Accounts (npm run users) live beside the data: STATE_DIR/accounts.json or the database. The server listens
 * at once and answers 503 `starting` until its store is loaded (embedded: data/ and the state
 * directory; PostGIS: reachable, migrated and loaded), then prints a line beginning "Ready:".
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { createApp } from './app';
import { checkPmtilesArchive } from './basemap/archive';
import { readConfig } from './config';
import { DatasetError, readDataset, readDatasetStamp, readDatasetVersion } from './dataset/load';
import { startingApp } from './http/starting';
import { EmbeddedStore } from './store/memory/embedded-store';
import { holdsRelease } from './store/memory/release-dir';
import { authenticator } from './auth/open';
import { FileAccountStore } from './auth/file-accounts';
import type { PostgisStore } from './store/postgis/postgis-store';

export interface StartOptions {
  /** The directory holding package.json and data/ (paths in the configuration are relative to it). */
  root: string;
  /** Called before serving with the web build's directory when it is the default one (npm start builds it there). */
  prepareWeb?: (root: string, webDir: string) => Promise<void>;
}

/** The nearest directory at or above `from` holding a package.json. */
export function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return from;
  }
}


function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function start({ root, prepareWeb }: StartOptions): Promise<void> {
  let config;
  try {
    config = readConfig();
  } catch (e) {
    fail(`Configuration error: ${(e as Error).message}`);
  }
  if (config.basemapPmtiles) {
    // Relative to the project root like DATA_DIR; checked now so a wrong file stops the start.
    config = { ...config, basemapPmtiles: resolve(root, config.basemapPmtiles) };
    try {
      checkPmtilesArchive(config.basemapPmtiles);
    } catch (e) {
      fail(`Configuration error: ${(e as Error).message}`);
    }
  }
  const webDir = resolve(root, config.webDir);
  if (config.webDirIsDefault && !config.skipWebBuild && prepareWeb) await prepareWeb(root, webDir);
  // The API works without pages (the benchmark runs it so); say so rather than refuse to start.
  if (!existsSync(join(webDir, 'index.html'))) console.warn(`No web build in ${webDir}: the pages will not be served. Run \`npm run build\` (or set WEB_DIR).`);

  const dataDir = resolve(root, config.dataDir);
  // Embedded: a release the state directory already took in (its content hash) was validated then
  // and is not checked again; any other data/ is (server/dataset/parse.ts `trusted`).
  const stateDir = resolve(root, config.stateDir);
  const trusted = config.databaseUrl ? undefined : (version: string) => holdsRelease(stateDir, version);
  const readData = async () => {
    try {
      return await readDataset(dataDir, { trusted });
    } catch (e) {
      if (e instanceof DatasetError) fail(`The data in ${config.dataDir} is invalid; the server did not start.\n${e.message}`);
      throw e;
    }
  };

  // Listen at once and answer 503 `starting` (GET /api/health too) until the store is loaded, so a
  // health check measures start-up to the first useful answer; "Ready: …" is printed then.
  // SIGTERM/SIGINT close the listener, then the store (if it was opened).
  let status = config.databaseUrl ? 'connecting to PostgreSQL.' : 'loading data/ and the state directory.';
  const starting = startingApp(() => `The server is starting: ${status} Retry shortly.`);
  let ready: ((req: Request) => Response | Promise<Response>) | undefined = undefined;
  let opened: { close(): Promise<void> } | undefined;
  const server = serve({ fetch: (req) => (ready ? ready(req) : starting.fetch(req)), port: config.port, hostname: config.host }, (info) => {
    console.log(`Shangrao Green Map listening on http://localhost:${info.port}/`);
  });
  const stop = () => server.close(() => void (opened?.close() ?? Promise.resolve()).finally(() => process.exit(0)));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  if (!config.databaseUrl) {
    let embedded: EmbeddedStore;
    try {
      embedded = await EmbeddedStore.open({ stateDir, dataset: await readData(), dataDir: resolve(root, config.dataDir) });
    } catch (e) {
      fail(`The state directory could not be opened; the server did not start.\n${(e as Error).message}`);
    }
    opened = embedded;
    const auth = authenticator(new FileAccountStore(resolve(root, config.stateDir)), config);
    const app = await createApp({ store: embedded, config, webDir, auth });
    ready = (req) => app.fetch(req);
    console.log(`Ready: embedded store, data version ${embedded.version}.`);
    // After the first start with this data: keep the prepared records for the next (off the start's path).
    void embedded.saveDerived();
    return;
  }

  // PostGIS: a database that is down at start is retried every 2 s. data/ is read only to load an
  // empty database or to take in a new release. `pg` and the migrations are loaded only here (an
  // embedded start does not pay for them).
  const [{ PostgisStore }, { createPool, isUnreachable }, { PgAccountStore }] = await Promise.all([
    import('./store/postgis/postgis-store'),
    import('./store/postgis/pool'),
    import('./auth/pg-accounts'),
  ]);
  let store: PostgisStore | undefined;
  for (let attempt = 1; !store; attempt++) {
    try {
      status = 'migrating the schema, loading data/ into an empty database or taking in a new data release.';
      store = await PostgisStore.open(config.databaseUrl, readData, { release: { stamp: () => releaseStampIn(dataDir), version: () => readDatasetVersion(dataDir) } });
      opened = store;
      const r = store.releaseTaken;
      if (r) console.log(`PostGIS: took in data release ${r.version} as change set ${r.changeSet} (${r.changes} feature changes).`);
    } catch (e) {
      if (!isUnreachable(e)) fail(`PostgreSQL: ${(e as Error).message}`);
      status = 'PostgreSQL cannot be reached yet; retrying every 2 s.';
      if (attempt === 1 || attempt % 15 === 0) console.error(`PostgreSQL cannot be reached (${(e as Error).message}); retrying every 2 s.`);
      await sleep(2000);
    }
  }
  // Accounts and sessions in the same database (migration 0010), through a small pool of their own.
  const auth = authenticator(new PgAccountStore(createPool(config.databaseUrl, 4), true), config);
  const app = await createApp({ store, config, webDir, auth });
  ready = (req) => app.fetch(req);
  console.log(`Ready: PostGIS store, data version ${store.version}.`);
}

/**
 * The stamp of the release in `dir`, or undefined (with a warning) when it holds none: a server
 * on a loaded database can run without data/ (it serves what the database holds).
 */
async function releaseStampIn(dir: string): Promise<string | undefined> {
  const stamp = await readDatasetStamp(dir);
  if (stamp === undefined) console.warn(`No data release in ${dir} (no layers.json): serving the release the database holds; a new release is taken in when DATA_DIR holds one.`);
  return stamp;
}

export function run(options: StartOptions): void {
  start(options).catch((e) => fail(`Start-up failed: ${(e as Error).message}`));
}
