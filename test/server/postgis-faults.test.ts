/**
 * The server on PostGIS when the database is not there: started before it (503 `starting`, then
 * 200 once it is up), stopped under it (503 + Retry-After in the error shape, never a crash), and
 * started again (200 by itself within 10 s — a liveness bound, asserted by polling). Uses a
 * cluster of its own, since it stops it.
 */
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from '../../scripts/pg-cluster';
import { startServer } from '../browser/global-setup';

interface Answer {
  status: number;
  retryAfter: string | null;
  body: { status?: string; error?: { code: string; message: string }; store?: { kind: string } };
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
    server = await startServer({ DATABASE_URL: cluster.url, WEB_DIR: '/nonexistent-web-dir' });
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

    await cluster.start();
    const back = await pollUntil(health, (a) => a.status === 200, 10_000);
    expect(back.at(-1)!.body.store).toMatchObject({ kind: 'postgis' });
    expect((await get(`${server!.url}api/stats?county=361128`)).status).toBe(200);
    expect(server!.child.exitCode).toBeNull();
    expect(output).not.toMatch(/Internal error|\n\s+at /);
  });
});
