/**
 * A fresh database per test file on the test PostgreSQL server (see global-setup.ts), dropped
 * afterwards. Fails — never skips — when there is no server, with the reason from the setup.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

export function testServerUrl(): string {
  const url = inject('pgAdminUrl');
  if (!url) throw new Error(`No PostgreSQL + PostGIS for the tests: ${inject('pgProblem') || 'unknown reason'}. Set DATABASE_URL or install the packages.`);
  return url;
}

/** Same server and credentials as `url`, another database. */
export function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** Create an empty database with PostGIS; `drop()` removes it (call in afterAll). */
export async function createTestDatabase(adminUrl = testServerUrl()): Promise<TestDatabase> {
  const name = `${inject('pgPrefix')}${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(adminUrl, name);
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query('CREATE EXTENSION IF NOT EXISTS postgis');
  await c.end();
  return {
    url,
    name,
    async drop() {
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      try {
        await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await a.end();
      }
    },
  };
}
