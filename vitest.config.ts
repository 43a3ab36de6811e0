import { defineConfig } from 'vitest/config';

// Three projects: `unit` (pure functions, store, API through app.request — seconds),
// `browser` (the built app in Debian Chromium via playwright-core — a couple of minutes) and
// `bench` (`npm run bench -- --quick` end to end, so the benchmark never rots — about a minute).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/browser/**', 'test/bench/**', 'node_modules/**'],
          environment: 'node',
          // PostgreSQL + PostGIS for the PostGIS store's tests: DATABASE_URL, or a throwaway cluster.
          globalSetup: ['test/pg/global-setup.ts'],
        },
      },
      {
        test: {
          name: 'browser',
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
          include: ['test/bench/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
