/**
 * Several servers on one PostgreSQL: two started at the same moment on an empty database migrate
 * and load it exactly once (node-pg-migrate's advisory lock, then the loader's), and answer the
 * same bodies. A write through A is served by A at once and by B as soon as B's LISTEN hears the
 * commit (polled, bounded at 5 s — a liveness bound, not a speed test), including bodies B had
 * cached before; a session made on A works on B (sessions live in the database).
 */
import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../browser/global-setup';
import { PgAccountStore } from '../../server/auth/pg-accounts';
import { createTestDatabase, type TestDatabase } from '../pg/database';
import { addAccount, addToken, PASSWORD } from './auth-factory';

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
  let a: { url: string };
  let b: { url: string };
  afterAll(async () => {
    for (const c of children) c.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    await db?.drop();
  });

  it('started together on an empty database, they migrate and load it once and answer alike', async () => {
    db = await createTestDatabase();
    const env = { DATABASE_URL: db.url, WEB_DIR: '/nonexistent-web-dir' };
    const [x, y] = await Promise.all([startServer(env), startServer(env)]);
    children.push(x.child, y.child);
    [a, b] = [x, y];
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

  it('a write through A is served by A at once and by B within the NOTIFY delay; a session made on A works on B', async () => {
    const pool = new pg.Pool({ connectionString: db!.url, max: 2 });
    const accounts = new PgAccountStore(pool);
    await addAccount(accounts, 'editor-a', 'editor');
    const token = await addToken(accounts, 'editor-a');
    await pool.end();

    const list = 'api/layers/scenic-areas/features';
    const first = (await (await fetch(a.url + list)).json()).features[0];
    const id: string = first.id;
    const feature = `api/features/${id}`;
    // B caches the feature and the list under the current data version.
    const cachedOnB = await (await fetch(b.url + list)).text();
    expect((await fetch(b.url + feature)).status).toBe(200);
    const etag = (await fetch(a.url + feature)).headers.get('etag')!;
    const name = `${first.properties.name}（已更名）`;
    const res = await fetch(a.url + feature, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/merge-patch+json', 'If-Match': etag },
      body: JSON.stringify({ properties: { name } }),
    });
    expect(res.status).toBe(200);
    // The writer's own server: at once, with no wait at all.
    expect((await (await fetch(a.url + feature)).json()).properties.name).toBe(name);
    // The other server: once its listener hears the commit.
    const end = Date.now() + 5000;
    let seen = '';
    while (Date.now() < end) {
      seen = (await (await fetch(b.url + feature)).json()).properties.name;
      if (seen === name) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(seen).toBe(name);
    const listOnB = await (await fetch(b.url + list)).text();
    expect(listOnB).not.toBe(cachedOnB);
    expect(listOnB).toContain(name);
    expect((await (await fetch(b.url + 'api/health')).json()).store.data_version).toBe((await (await fetch(a.url + 'api/health')).json()).store.data_version);

    // A session made on A is known to B (and may write there, from B's own pages).
    const signIn = await fetch(a.url + 'api/session', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'editor-a', password: PASSWORD }) });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0];
    const who = await fetch(b.url + 'api/session', { headers: { Cookie: cookie } });
    expect(who.status).toBe(200);
    expect((await who.json()).username).toBe('editor-a');
    const etag2 = (await fetch(b.url + feature)).headers.get('etag')!;
    const viaB = await fetch(b.url + feature, {
      method: 'PATCH',
      headers: { Cookie: cookie, Origin: b.url.replace(/\/$/, ''), 'Content-Type': 'application/merge-patch+json', 'If-Match': etag2 },
      body: JSON.stringify({ properties: { name: `${name}·B` } }),
    });
    expect(viaB.status).toBe(200);
    const history = await (await fetch(a.url + `${feature}/history`, { headers: { Authorization: `Bearer ${token}` } })).json();
    expect(history.change_sets.map((c: { author: { username: string } }) => c.author.username)).toEqual(['editor-a', 'editor-a']);
  });
});
