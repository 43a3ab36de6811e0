/**
 * The server on PostGIS when the database is not there: started before it (503 `starting`, then
 * 200 once it is up), stopped under it (503 + Retry-After in the error shape, never a crash), and
 * started again (200 by itself within 10 s — a liveness bound, asserted by polling). Uses a
 * cluster of its own, since it stops it.
 */
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from '../../scripts/pg-cluster';
import pg from 'pg';
import { PgAccountStore } from '../../server/auth/pg-accounts';
import { startServer } from '../browser/global-setup';
import { addAccount, addToken } from './auth-factory';

interface Answer {
  status: number;
  retryAfter: string | null;
  body: { status?: string; error?: { code: string; message: string }; store?: { kind: string; data_version?: string } };
}

async function get(url: string): Promise<Answer> {
  const res = await fetch(url);
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.json() };
}

/** Poll `url` every 200 ms until `ok(answer)`; the answers seen, last one matching. Fails after `ms`. */
async function pollUntil(url: string, ok: (a: Answer) => boolean, ms: number): Promise<Answer[]> {
  const seen: Answer[] = [];
  const end = Date.now() + ms;
  for (;;) {
    const a = await get(url);
    seen.push(a);
    if (ok(a)) return seen;
    if (Date.now() > end) throw new Error(`no matching answer within ${ms} ms; last: ${a.status} ${JSON.stringify(a.body)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('PostGIS server when the database is away', { timeout: 120_000 }, () => {
  let cluster: Cluster;
  let server: { url: string; child: ChildProcess } | undefined;
  let output = '';

  beforeAll(async () => {
    cluster = await startCluster();
    await cluster.stop(); // the server starts before its database
    server = await startServer({ DATABASE_URL: cluster.url, WEB_DIR: '/nonexistent-web-dir' }, 60_000, 'listening');
    server.child.stdout!.on('data', (b) => (output += b));
    server.child.stderr!.on('data', (b) => (output += b));
  }, 120_000);

  afterAll(async () => {
    server?.child.kill('SIGTERM');
    await cluster?.destroy();
  });

  it('answers 503 starting, with Retry-After, until the database is there; then 200 postgis', async () => {
    const health = `${server!.url}api/health`;
    const before = await get(health);
    expect(before.status).toBe(503);
    expect(before.retryAfter).toMatch(/^\d+$/);
    expect(before.body.error).toMatchObject({ code: 'starting' });
    expect((await get(`${server!.url}api/layers`)).status).toBe(503);
    await cluster.start();
    const seen = await pollUntil(health, (a) => a.status === 200, 30_000);
    expect(seen.at(-1)!.body.store).toMatchObject({ kind: 'postgis' });
  });

  it('answers 503 with Retry-After in the error shape while the database is stopped, and recovers by itself within 10 s', async () => {
    const health = `${server!.url}api/health`;
    const features = `${server!.url}api/layers/scenic-areas/features?county=361130`;
    expect((await get(features)).status).toBe(200);
    // An editor's token, in the database (accounts live there too).
    const pool = new pg.Pool({ connectionString: cluster.url, max: 1 });
    const accounts = new PgAccountStore(pool);
    await addAccount(accounts, 'editor-f', 'editor');
    const token = await addToken(accounts, 'editor-f');
    await pool.end();
    const id = (await (await fetch(features)).json()).features[0].id as string;
    const patch = async (etag: string) =>
      fetch(`${server!.url}api/features/${id}`, {
        method: 'PATCH',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/merge-patch+json', 'If-Match': etag },
        body: JSON.stringify({ properties: { location_note: '停库后恢复' } }),
      });
    const etag = (await fetch(`${server!.url}api/features/${id}`)).headers.get('etag')!;
    await cluster.stop();
    const down = await pollUntil(health, (a) => a.status === 503, 10_000);
    expect(down.at(-1)!.retryAfter).toMatch(/^\d+$/);
    expect(down.at(-1)!.body.error).toMatchObject({ code: 'store_unavailable' });
    expect(down.at(-1)!.body.error!.message).toMatch(/database/);
    // A query not answered before (so not in the response cache) needs the database.
    const uncached = await get(`${server!.url}api/stats?county=361128`);
    expect(uncached.status).toBe(503);
    expect(uncached.retryAfter).toMatch(/^\d+$/);
    expect(uncached.body.error).toMatchObject({ code: 'store_unavailable' });
    expect(JSON.stringify(uncached.body)).not.toMatch(/\n\s+at |ECONNREFUSED/);

    // A write while the database is away: 503 with Retry-After, nothing half done.
    const refused = await patch(etag);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await refused.json()).error.code).toMatch(/store_unavailable/);

    await cluster.start();
    const back = await pollUntil(health, (a) => a.status === 200, 10_000);
    // Writes work again, and the server that made one serves it at once.
    const ok = await patch(etag);
    expect(ok.status).toBe(200);
    expect((await (await fetch(`${server!.url}api/features/${id}`)).json()).properties.location_note).toBe('停库后恢复');
    expect((await get(health)).body.store).toMatchObject({ data_version: expect.stringMatching(/\+1$/) });
    expect(back.at(-1)!.body.store).toMatchObject({ kind: 'postgis' });
    expect((await get(`${server!.url}api/stats?county=361128`)).status).toBe(200);
    expect(server!.child.exitCode).toBeNull();
    expect(output).not.toMatch(/Internal error|\n\s+at /);
  });
});
