/** Sign-in, sessions, tokens, throttling and what anonymous readers see after edits (issue 15). */
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { addAccount, addToken, authApp, IDLE_MS, PASSWORD } from './auth-factory';

const JSON_CT = { 'Content-Type': 'application/json' };
const post = (x: Awaited<ReturnType<typeof authApp>>, body: unknown, headers: Record<string, string> = {}) =>
  x.app.request('/api/session', { method: 'POST', headers: { ...JSON_CT, ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('POST/GET/DELETE /api/session', () => {
  it('signs in (200, who, a cookie), says who is signed in, and signs out on the server', async () => {
    const x = await authApp();
    expect((await x.app.request('/api/session')).status).toBe(401);
    const res = await post(x, { username: 'zhao', password: PASSWORD });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ username: 'zhao', role: 'editor', counties: ['361102'] });
    expect(res.headers.get('cache-control')).toMatch(/private/);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^sgm_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    const jar = cookie.split(';')[0];
    const me = await x.app.request('/api/session', { headers: { Cookie: jar } });
    expect(me.status).toBe(200);
    expect((await me.json()).username).toBe('zhao');
    expect(me.headers.get('cache-control')).toMatch(/private/);
    expect(me.headers.get('access-control-allow-origin')).toBeNull();
    const out = await x.app.request('/api/session', { method: 'DELETE', headers: { Cookie: jar } });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/sgm_session=;.*Max-Age=0/);
    // The same cookie, sent again (as a thief would), no longer works: the session ended on the server.
    expect((await x.app.request('/api/session', { headers: { Cookie: jar } })).status).toBe(401);
  });

  it('rotates the session at sign-in: the cookie held before no longer works', async () => {
    const x = await authApp();
    const first = await x.signIn('li');
    const res = await post(x, { username: 'li', password: PASSWORD }, { Cookie: first });
    const second = res.headers.get('set-cookie')!.split(';')[0];
    expect(second).not.toBe(first);
    expect((await x.app.request('/api/session', { headers: { Cookie: first } })).status).toBe(401);
    expect((await x.app.request('/api/session', { headers: { Cookie: second } })).status).toBe(200);
  });

  it('ends a session after the idle time, and keeps one that is in use', async () => {
    const x = await authApp();
    const jar = await x.signIn('li');
    for (let i = 0; i < 3; i++) {
      x.clock.now += IDLE_MS - 60_000;
      expect((await x.app.request('/api/session', { headers: { Cookie: jar } })).status).toBe(200);
    }
    x.clock.now += IDLE_MS + 1;
    expect((await x.app.request('/api/session', { headers: { Cookie: jar } })).status).toBe(401);
  });

  it('identifies a Bearer token; a wrong or revoked one is nobody', async () => {
    const x = await authApp();
    const token = await addToken(x.accounts, 'wang');
    const me = await x.app.request('/api/session', { headers: { Authorization: `Bearer ${token}` } });
    expect(await me.json()).toEqual({ username: 'wang', role: 'viewer', counties: null });
    expect((await x.app.request('/api/session', { headers: { Authorization: `Bearer ${token}x` } })).status).toBe(401);
    await x.accounts.revokeTokens('wang');
    expect((await x.app.request('/api/session', { headers: { Authorization: `Bearer ${token}` } })).status).toBe(401);
    expect(JSON.stringify(await x.accounts.tokens())).not.toContain(token);
  });

  it('gives a wrong user and a wrong password the same answer; a disabled account too', async () => {
    const x = await authApp();
    await addAccount(x.accounts, 'off', 'editor');
    await x.accounts.updateAccount('off', { disabled: true });
    const answers = await Promise.all([
      post(x, { username: 'nobody', password: PASSWORD }),
      post(x, { username: 'li', password: 'wrong password' }),
      post(x, { username: 'off', password: PASSWORD }),
    ]);
    const bodies = await Promise.all(answers.map(async (r) => `${r.status} ${await r.text()} ${r.headers.get('set-cookie')}`));
    expect(bodies[0]).toMatch(/^401 .*bad_credentials.* null$/);
    expect(new Set(bodies).size).toBe(1);
  });

  it('throttles failed sign-ins per account (429, Retry-After), also for the right password, until the window ends', async () => {
    const x = await authApp();
    for (let i = 0; i < 5; i++) expect((await post(x, { username: 'li', password: `wrong ${i}` })).status).toBe(401);
    const limited = await post(x, { username: 'li', password: PASSWORD });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await limited.json()).error.code).toBe('too_many_attempts');
    expect((await post(x, { username: 'wang', password: PASSWORD })).status).toBe(200); // other accounts unaffected
    x.clock.now += Number(limited.headers.get('retry-after')) * 1000;
    expect((await post(x, { username: 'li', password: PASSWORD })).status).toBe(200);
  });

  it('throttles failed sign-ins per address across account names', async () => {
    const x = await authApp(undefined, {}, { perAccount: 5, perAddress: 8, windowMs: 15 * 60_000 });
    for (let i = 0; i < 8; i++) expect((await post(x, { username: `guess${i}`, password: 'x' })).status).toBe(401);
    const limited = await post(x, { username: 'li', password: PASSWORD });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('refuses malformed sign-ins with 4xx naming what is wrong, and sign-ins from another site', async () => {
    const x = await authApp();
    expect((await x.app.request('/api/session', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'li' })).status).toBe(415);
    expect((await post(x, '{"username":')).status).toBe(400);
    const noPw = await post(x, { username: 'li' });
    expect(noPw.status).toBe(400);
    expect((await noPw.json()).error.parameter).toBe('password');
    expect((await post(x, { username: 'li', password: 'x'.repeat(5000) })).status).toBe(413);
    const cross = await post(x, { username: 'li', password: PASSWORD }, { Origin: 'https://evil.example' });
    expect(cross.status).toBe(403);
    expect((await x.app.request('/api/session', { method: 'PUT' })).status).toBe(405);
  });
});

describe('session cookie on real responses over a socket', () => {
  async function listen(env: NodeJS.ProcessEnv = {}) {
    const x = await authApp(undefined, env);
    const server = serve({ fetch: x.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { base, close: () => new Promise((r) => server.close(r)) };
  }

  it('plain HTTP: HttpOnly, SameSite=Lax, Path=/, not Secure', async () => {
    const { base, close } = await listen();
    try {
      const res = await fetch(`${base}/api/session`, { method: 'POST', headers: JSON_CT, body: JSON.stringify({ username: 'li', password: PASSWORD }) });
      expect(res.status).toBe(200);
      const [cookie] = res.headers.getSetCookie();
      expect(cookie.split('; ').slice(1).sort()).toEqual(['HttpOnly', 'Max-Age=86400', 'Path=/', 'SameSite=Lax']);
    } finally {
      await close();
    }
  });

  it('behind a TLS-terminating proxy (TRUST_PROXY=1, X-Forwarded-Proto: https): __Host- and Secure; the proxy headers are ignored without the setting', async () => {
    const proxied = await listen({ TRUST_PROXY: '1' });
    try {
      const res = await fetch(`${proxied.base}/api/session`, { method: 'POST', headers: { ...JSON_CT, 'X-Forwarded-Proto': 'https' }, body: JSON.stringify({ username: 'li', password: PASSWORD }) });
      const [cookie] = res.headers.getSetCookie();
      expect(cookie).toMatch(/^__Host-sgm_session=[A-Za-z0-9_-]{43}; /);
      expect(cookie.split('; ')).toContain('Secure');
      expect(cookie.split('; ')).toContain('HttpOnly');
      const me = await fetch(`${proxied.base}/api/session`, { headers: { Cookie: cookie.split(';')[0] } });
      expect(me.status).toBe(200);
    } finally {
      await proxied.close();
    }
    const direct = await listen();
    try {
      const res = await fetch(`${direct.base}/api/session`, { method: 'POST', headers: { ...JSON_CT, 'X-Forwarded-Proto': 'https' }, body: JSON.stringify({ username: 'li', password: PASSWORD }) });
      expect(res.headers.getSetCookie()[0]).toMatch(/^sgm_session=/);
      expect(res.headers.getSetCookie()[0]).not.toMatch(/Secure/);
    } finally {
      await direct.close();
    }
  });
});

describe('after edits, an anonymous crawl of every public endpoint', () => {
  it('finds no non-public property and no account name', async () => {
    const x = await authApp();
    await addAccount(x.accounts, 'qianplanner7', 'editor');
    const jar = await x.signIn('qianplanner7');
    const etag = (await x.app.request('/api/features/west-point')).headers.get('etag')!;
    const edit = await x.app.request('/api/features/west-point?note=%E5%86%85%E9%83%A8', {
      method: 'PATCH',
      headers: { Cookie: jar, 'Content-Type': 'application/merge-patch+json', 'If-Match': etag },
      body: JSON.stringify({ properties: { internal_note: 'SECRETMARKER-内部', status: 'completed', status_date: '2025-06-30', status_evidence: { title: '报告' } } }),
    });
    expect(edit.status).toBe(200);
    const prog = await x.app.request('/api/measures/4/progress', { method: 'POST', headers: { Cookie: jar, ...JSON_CT }, body: JSON.stringify({ target: 'm4-five-a', value: 2, as_of: '2025-12-31', source: '公报' }) });
    expect(prog.status).toBe(201);
    // The signed-in viewer does see both (so the crawl below looks for something that is there).
    const mine = await (await x.app.request('/api/changes', { headers: { Cookie: await x.signIn('wang') } })).text();
    expect(mine).toContain('qianplanner7');
    expect(mine).toContain('SECRETMARKER');
    // …and the feature's non-public note itself, from /api/features/{id}/full (anonymous: 401).
    const full = await x.app.request('/api/features/west-point/full', { headers: { Cookie: await x.signIn('wang') } });
    expect(full.status).toBe(200);
    expect(full.headers.get('Cache-Control')).toBe('private, no-store');
    expect((await full.json()).properties.internal_note).toBe('SECRETMARKER-内部');
    const anonymousFull = await x.app.request('/api/features/west-point/full');
    expect(anonymousFull.status).toBe(401);
    expect((await anonymousFull.json()).error.code).toBe('unauthenticated');

    const layers = (await (await x.app.request('/api/layers')).json()).layers.map((l: { id: string }) => l.id) as string[];
    const ids = ['west-point', 'east-point', 'cross-line', 'over-area', 'far-point'];
    const paths = [
      '/api/health', '/api/layers', '/api/counties', '/api/context', '/api/measures', '/api/stats', '/api/stats?measure=4', '/api/config', '/api/openapi.json',
      '/api/changes', '/api/changes?feature=west-point', '/api/session',
      ...layers.map((l) => `/api/layers/${l}/features`),
      ...ids.flatMap((id) => [`/api/features/${id}`, `/api/features/${id}/history`, `/api/features/${id}/full`]),
      '/ogc', '/ogc/collections', ...layers.flatMap((l) => [`/ogc/collections/${l}/items`, `/ogc/collections/${l}/items?filter=${encodeURIComponent("status='completed'")}`]),
      ...ids.map((id) => `/ogc/collections/places/items/${id}`),
      ...layers.flatMap((l) => [`/tiles/${l}.json`, `/tiles/${l}/0/0/0.mvt`, `/tiles/${l}/6/52/26.mvt`]),
    ];
    let crawled = 0;
    for (const p of paths) {
      const res = await x.app.request(p);
      const text = await res.text();
      expect(text, p).not.toContain('SECRETMARKER');
      expect(text, p).not.toContain('internal_note');
      expect(text, p).not.toContain('qianplanner7');
      if (res.status === 200) crawled++;
    }
    expect(crawled).toBeGreaterThan(40);
    // The public part of the edit is visible to everyone.
    expect((await (await x.app.request('/api/features/west-point')).json()).properties.status).toBe('completed');
  });
});
