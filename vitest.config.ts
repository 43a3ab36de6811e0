import { defineConfig } from 'vitest/config';

// Five projects: `unit` (pure functions, store, API through app.request — seconds),
// `api-postgis` (the API suite again on the PostGIS store),
// `browser` (the built app in Debian Chromium via playwright-core — a couple of minutes),
// `bench` (`npm run bench -- --quick` end to end, so the benchmark never rots — about a minute) and
// `deploy` (the production build installed with `npm ci --omit=dev` starts and answers).
// Groups run one after the other (sequence.groupOrder): unit and api-postgis, then browser, then
// bench, then deploy — never together: the bench's 64-connection load, nginx, its own Chromium
// and Vite build must not slow the browser tests down.

/** Tests that build the app over a store from test/server/stores.ts: run once per store. */
const API_SUITE = ['test/server/api.test.ts', 'test/server/errors.test.ts', 'test/server/query-hygiene.test.ts', 'test/parity/filter-parity.test.ts', 'test/server/ogc/routes.test.ts', 'test/server/tiles/tiles.test.ts', 'test/server/figure-meaning.test.ts',
  // Writes, history, progress, accounts and sessions over a writable store (stores.ts openWritableStore).
  'test/server/writes.test.ts', 'test/server/security.test.ts', 'test/server/session.test.ts', 'test/server/admin.test.ts', 'test/server/bulk.test.ts',
  // Import: preview, apply as one change set, revert (server/import, server/api/imports.ts).
  'test/server/import-api.test.ts', 'test/server/import-roundtrip.test.ts', 'test/server/import-security.test.ts',
  // GDAL (ogrinfo, ogr2ogr) reading our OGC API and tiles, on each store.
  'test/interop/ogc-gdal.test.ts', 'test/interop/mvt-gdal.test.ts',
  // asof: the data as it stood at the end of a day, on each store.
  'test/server/asof.test.ts', 'test/server/timeline.test.ts'];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          sequence: { groupOrder: 0 },
          include: ['test/**/*.test.ts'],
          exclude: ['test/browser/**', 'test/bench/**', 'test/deploy/**', 'node_modules/**'],
          environment: 'node',
          // PostgreSQL + PostGIS for the PostGIS store's tests: DATABASE_URL, or a throwaway cluster.
          globalSetup: ['test/pg/global-setup.ts'],
          // Some tests start import worker threads or a store from files: vitest's 5 s default failed
          // them on a loaded 2-core machine (load 12). A bound against hangs, not a speed check.
          testTimeout: 20_000,
        },
      },
      {
        // The API suite again, the same files and assertions, on the PostGIS store (test/server/stores.ts).
        test: {
          name: 'api-postgis',
          sequence: { groupOrder: 0 },
          include: API_SUITE,
          environment: 'node',
          env: { TEST_STORE: 'postgis' },
          globalSetup: ['test/pg/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'browser',
          sequence: { groupOrder: 1 },
          include: ['test/browser/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/browser/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'bench',
          sequence: { groupOrder: 2 },
          include: ['test/bench/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 300_000,
        },
      },
      {
        test: {
          name: 'deploy',
          sequence: { groupOrder: 3 },
          include: ['test/deploy/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 900_000,
        },
      },
    ],
  },
});
