/**
 * Unit-project setup: a PostgreSQL + PostGIS server for the tests that need one. With
 * DATABASE_URL set (a superuser URL, e.g. from `.ci/run` or a developer's own server) that one is
 * used; otherwise a throwaway cluster is started from the Debian packages in a temporary directory
 * and removed afterwards. When neither is possible, the PostGIS tests fail with the reason (naming
 * the apt line); the other tests are unaffected.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startCluster, type Cluster } from '../../scripts/pg-cluster';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the test PostgreSQL server, or '' when there is none. */
    pgAdminUrl: string;
    /** Why there is no test PostgreSQL server ('' when there is). */
    pgProblem: string;
    /** Prefix of this run's test databases (dropped at teardown). */
    pgPrefix: string;
  }
}

let cluster: Cluster | undefined;
const prefix = `sgm_test_${randomBytes(4).toString('hex')}_`;

export async function setup(project: TestProject) {
  project.provide('pgPrefix', prefix);
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
  if (cluster) return cluster.destroy();
  if (!process.env.DATABASE_URL) return;
  // Someone else's server: drop the databases this run made, nothing else.
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [prefix]);
    for (const r of rows) await admin.query(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
