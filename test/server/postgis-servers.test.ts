/**
 * Several servers on one PostgreSQL: two started at the same moment on an empty database migrate
 * and load it exactly once (node-pg-migrate's advisory lock, then the loader's), and answer the
 * same bodies.
 */
import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../browser/global-setup';
import { createTestDatabase, type TestDatabase } from '../pg/database';

async function until200(url: string, ms: number): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    const res = await fetch(url).catch(() => undefined);
    if (res?.status === 200) return;
    if (Date.now() > end) throw new Error(`${url} did not answer 200 within ${ms} ms (last: ${res?.status})`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('two servers on one database', { timeout: 120_000 }, () => {
  const children: ChildProcess[] = [];
  let db: TestDatabase | undefined;
  afterAll(async () => {
    for (const c of children) c.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    await db?.drop();
  });

  it('started together on an empty database, they migrate and load it once and answer alike', async () => {
    db = await createTestDatabase();
    const env = { DATABASE_URL: db.url, WEB_DIR: '/nonexistent-web-dir' };
    const [a, b] = await Promise.all([startServer(env), startServer(env)]);
    children.push(a.child, b.child);
    await Promise.all([until200(`${a.url}api/health`, 60_000), until200(`${b.url}api/health`, 60_000)]);

    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    const migrations = await c.query('SELECT name FROM pgmigrations');
    const loads = await c.query('SELECT count(*)::int AS n FROM dataset');
    const features = await c.query('SELECT count(*)::int AS n FROM features');
    await c.end();
    const health = await (await fetch(`${a.url}api/health`)).json();
    expect(new Set(migrations.rows.map((r) => r.name)).size).toBe(migrations.rowCount);
    expect(loads.rows[0].n).toBe(1);
    expect(features.rows[0].n).toBe(health.store.features);

    for (const path of ['api/stats?county=361130', 'api/layers/scenic-areas/features?measure=4', 'api/layers']) {
      const [x, y] = await Promise.all([fetch(a.url + path), fetch(b.url + path)]);
      expect([x.status, y.status]).toEqual([200, 200]);
      expect(await x.text()).toBe(await y.text());
    }
  });
});
