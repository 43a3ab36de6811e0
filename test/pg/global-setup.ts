/**
 * Unit-project setup: a PostgreSQL + PostGIS server for the tests that need one. With
 * DATABASE_URL set (a superuser URL, e.g. from `.ci/run` or a developer's own server) that one is
 * used; otherwise a throwaway cluster is started from the Debian packages in a temporary directory
 * and removed afterwards. When neither is possible, the PostGIS tests fail with the reason (naming
 * the apt line); the other tests are unaffected.
 */
import type { TestProject } from 'vitest/node';
import { startCluster, type Cluster } from '../../scripts/pg-cluster';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the test PostgreSQL server, or '' when there is none. */
    pgAdminUrl: string;
    /** Why there is no test PostgreSQL server ('' when there is). */
    pgProblem: string;
  }
}

let cluster: Cluster | undefined;

export async function setup(project: TestProject) {
  if (process.env.DATABASE_URL) {
    project.provide('pgAdminUrl', process.env.DATABASE_URL);
    project.provide('pgProblem', '');
    return;
  }
  try {
    cluster = await startCluster();
    project.provide('pgAdminUrl', cluster.url);
    project.provide('pgProblem', '');
  } catch (e) {
    project.provide('pgAdminUrl', '');
    project.provide('pgProblem', (e as Error).message);
  }
}

export async function teardown() {
  await cluster?.destroy();
}
