/**
 * /api/admin (server/api/admin.ts): account management for admins only, on the store of this run
 * (test/server/stores.ts — accounts.json in project `unit`, PostgreSQL in `api-postgis`). Every
 * route against every caller that must be refused, bad input naming the field, each action's
 * effect on signing in, and an anonymous crawl afterwards that finds no account name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { Authenticator } from '../../server/auth/authenticator';
import { readConfig } from '../../server/config';
import type { RateLimits } from '../../server/http/rate-limit';
import { addAccount, addToken, PASSWORD } from './auth-factory';
import { dataset } from './factories';
import { openWritableStore } from './stores';

const JSON_CT = { 'Content-Type': 'application/json' };
const EVIL = 'https://evil.example';
const WUYUAN = '361130';

async function adminApp(limits?: RateLimits) {
  const { store, accounts } = await openWritableStore(dataset());
  const config = readConfig({ WEB_DIR: '/nonexistent-web-dir' });
  const auth = new Authenticator(accounts, { idleMs: 30 * 60_000, maxMs: 24 * 3_600_000, trustProxy: false });
  const app = await createApp({ store, config, auth, adminLimits: limits });
  await addAccount(accounts, 'root', 'admin');
  await addAccount(accounts, 'wang', 'viewer');
  await addAccount(accounts, 'li', 'editor');
  const signIn = async (username: string, password = PASSWORD) => {
    const res = await app.request('/api/session', { method: 'POST', headers: JSON_CT, body: JSON.stringify({ username, password }) });
    return res.status === 200 ? res.headers.get('set-cookie')!.split(';')[0] : undefined;
  };
  const close = async () => {
    await accounts.close();
    await (store as { close?: () => Promise<void> }).close?.();
  };
  return { app, store, accounts, signIn, close };
}

type X = Awaited<ReturnType<typeof adminApp>>;
let x: X;
let rootCookie: string;
let rootToken: string;

const as = (cookie: string, extra: Record<string, string> = {}) => ({ Cookie: cookie, ...extra });

async function call(method: string, path: string, headers: Record<string, string>, body?: unknown) {
  const h = body === undefined ? headers : { ...JSON_CT, ...headers };
  return x.app.request(path, { method, headers: h, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
}

/** Every admin route, each with a body it would accept. */
const ROUTES: { method: string; path: string; body?: unknown; change: boolean }[] = [
  { method: 'GET', path: '/api/admin/accounts', change: false },
  { method: 'POST', path: '/api/admin/accounts', body: { username: 'crawler-target', role: 'viewer', password: 'a-long-password-1' }, change: true },
  { method: 'GET', path: '/api/admin/accounts/li', change: false },
  { method: 'PATCH', path: '/api/admin/accounts/li', body: { role: 'editor' }, change: true },
  { method: 'POST', path: '/api/admin/accounts/li/password', body: {}, change: true },
  { method: 'POST', path: '/api/admin/accounts/li/tokens', change: true },
  { method: 'DELETE', path: '/api/admin/accounts/li/tokens', change: true },
  { method: 'DELETE', path: '/api/admin/accounts/li/tokens/abcdef012345', change: true },
];

beforeAll(async () => {
  x = await adminApp();
  rootCookie = (await x.signIn('root'))!;
  rootToken = await addToken(x.accounts, 'root');
});
afterAll(async () => {
  await x.close();
});

describe('who may use /api/admin', () => {
  it('anonymous → 401, viewer and editor → 403, on every route; the answers name no account', async () => {
    const viewer = (await x.signIn('wang'))!;
    const editor = (await x.signIn('li'))!;
    const editorToken = await addToken(x.accounts, 'li');
    for (const r of ROUTES) {
      const anon = await call(r.method, r.path, {}, r.body);
      expect(anon.status, `${r.method} ${r.path}`).toBe(401);
      const text = await anon.text();
      expect(JSON.parse(text).error.code).toBe('unauthenticated');
      expect(text).not.toMatch(/"(li|wang|root)"/);
      for (const h of [as(viewer), as(editor), { Authorization: `Bearer ${editorToken}` }]) {
        const res = await call(r.method, r.path, h, r.body);
        expect(res.status, `${r.method} ${r.path}`).toBe(403);
        expect((await res.json()).error.message).toMatch(/admin role/);
      }
    }
    // Nothing happened: li is still there as before, crawler-target was never added.
    expect(await x.accounts.account('crawler-target')).toBeUndefined();
  });

  it('an admin\'s cookie from another site → 403 for every change (whatever the content type); a token is exempt', async () => {
    for (const r of ROUTES.filter((r) => r.change)) {
      const res = await call(r.method, r.path, as(rootCookie, { Origin: EVIL }), r.body);
      expect(res.status, `${r.method} ${r.path}`).toBe(403);
      expect((await res.json()).error.code).toBe('cross_site');
      const form = await x.app.request(r.path, { method: r.method, headers: { Cookie: rootCookie, 'Sec-Fetch-Site': 'cross-site', 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'role=admin' });
      expect(form.status, `${r.method} ${r.path} form`).toBe(403);
    }
    expect(await x.accounts.account('crawler-target')).toBeUndefined();
    const viaToken = await call('POST', '/api/admin/accounts/wang/tokens', { Authorization: `Bearer ${rootToken}`, Origin: EVIL });
    expect(viaToken.status).toBe(201);
  });

  it('answers are private, never cached and carry no CORS', async () => {
    const res = await call('GET', '/api/admin/accounts', as(rootCookie));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toMatch(/private, no-store/);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const body = await res.json();
    expect(body.accounts.map((a: { username: string }) => a.username)).toEqual(expect.arrayContaining(['li', 'root', 'wang']));
    expect(JSON.stringify(body)).not.toMatch(/argon2|passwordHash|"hash"/);
  });

  it('unsupported methods are 405 with Allow', async () => {
    const res = await call('PUT', '/api/admin/accounts', as(rootCookie), {});
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toContain('POST');
  });
});

describe('bad input names the field', () => {
  const post = (body: unknown, extra: Record<string, string> = {}) => call('POST', '/api/admin/accounts', as(rootCookie, extra), body);

  it.each([
    ['not JSON', '{"username": ', 400, 'bad_json', undefined],
    ['an array', '[]', 400, 'bad_json', undefined],
    ['role of the wrong type', { username: 'a1', role: 5 }, 400, 'bad_body', 'role'],
    ['username missing', { role: 'viewer' }, 400, 'bad_body', 'username'],
    ['an unknown field', { username: 'a1', role: 'viewer', admin: true }, 400, 'bad_body', 'admin'],
    ['counties not a list', { username: 'a1', role: 'viewer', counties: '361130' }, 400, 'bad_body', 'counties'],
    ['an unknown role', { username: 'a1', role: 'boss' }, 422, 'invalid_value', 'role'],
    ['an unknown county', { username: 'a1', role: 'editor', counties: ['999999'] }, 422, 'invalid_value', 'counties'],
    ['no county in the list', { username: 'a1', role: 'editor', counties: [] }, 422, 'invalid_value', 'counties'],
    ['an admin limited to counties', { username: 'a1', role: 'admin', counties: [WUYUAN] }, 422, 'invalid_value', 'counties'],
    ['a bad user name', { username: '-x y', role: 'viewer' }, 422, 'invalid_value', 'username'],
    ['a short password', { username: 'a1', role: 'viewer', password: 'short' }, 422, 'invalid_value', 'password'],
    ['a taken name', { username: 'li', role: 'viewer' }, 409, 'conflict', 'username'],
  ])('%s → %i', async (_what, body, status, code, parameter) => {
    const res = await post(body);
    expect(res.status).toBe(status);
    const e = (await res.json()).error;
    expect(e.code).toBe(code);
    expect(e.parameter).toBe(parameter);
    expect(e.message.length).toBeGreaterThan(10);
    expect(await x.accounts.account('a1')).toBeUndefined();
  });

  it('a body that is not JSON → 415, too large → 413', async () => {
    const form = await x.app.request('/api/admin/accounts', { method: 'POST', headers: { Cookie: rootCookie, 'Content-Type': 'text/plain' }, body: '{}' });
    expect(form.status).toBe(415);
    const big = await post({ username: 'a1', role: 'viewer', password: 'x'.repeat(20_000) });
    expect(big.status).toBe(413);
  });

  it('an unknown account → 404, a malformed name → 400, a malformed token id → 422 naming it', async () => {
    const none = await call('PATCH', '/api/admin/accounts/nobody', as(rootCookie), { role: 'viewer' });
    expect(none.status).toBe(404);
    expect((await none.json()).error.parameter).toBe('username');
    const bad = await call('GET', `/api/admin/accounts/${encodeURIComponent('a b')}`, as(rootCookie));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.parameter).toBe('username');
    const id = await call('DELETE', '/api/admin/accounts/li/tokens/XYZ', as(rootCookie));
    expect(id.status).toBe(422);
    expect((await id.json()).error.parameter).toBe('id');
    const wrongType = await call('PATCH', '/api/admin/accounts/li', as(rootCookie), { disabled: 'yes' });
    expect(wrongType.status).toBe(400);
    expect((await wrongType.json()).error.parameter).toBe('disabled');
  });
});

describe('what an admin does', () => {
  it('adds an editor limited to 婺源 who then signs in as such; the sign-in is recorded', async () => {
    const res = await call('POST', '/api/admin/accounts', as(rootCookie), { username: 'wuyuan-zhang', role: 'editor', counties: [WUYUAN], password: 'wuyuan-password-1' });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe('/api/admin/accounts/wuyuan-zhang');
    const body = await res.json();
    expect(body.password).toBeUndefined();
    expect(body.account).toMatchObject({ username: 'wuyuan-zhang', role: 'editor', counties: [WUYUAN], disabled: false, last_sign_in: null, tokens: [] });
    const session = await x.app.request('/api/session', { method: 'POST', headers: JSON_CT, body: JSON.stringify({ username: 'wuyuan-zhang', password: 'wuyuan-password-1' }) });
    expect(await session.json()).toEqual({ username: 'wuyuan-zhang', role: 'editor', counties: [WUYUAN] });
    const after = await (await call('GET', '/api/admin/accounts/wuyuan-zhang', as(rootCookie))).json();
    expect(Date.now() - Date.parse(after.last_sign_in)).toBeLessThan(60 * 60_000);
  });

  it('generates a password when none is given, shows it once, and it signs in', async () => {
    const res = await call('POST', '/api/admin/accounts', as(rootCookie), { username: '王芳', role: 'viewer' });
    expect(res.status).toBe(201);
    const { password } = await res.json();
    expect(password).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    expect(await x.signIn('王芳', password)).toBeDefined();
    const list = await (await call('GET', '/api/admin/accounts', as(rootCookie))).text();
    expect(list).toContain('王芳');
    expect(list).not.toContain(password);
  });

  it('changes role and counties, disables (its sessions end, sign-in refused) and enables', async () => {
    await call('POST', '/api/admin/accounts', as(rootCookie), { username: 'chen', role: 'viewer', password: 'chen-password-1' });
    const chen = (await x.signIn('chen', 'chen-password-1'))!;
    const set = await call('PATCH', '/api/admin/accounts/chen', as(rootCookie), { role: 'editor', counties: [WUYUAN, '361181', WUYUAN] });
    expect(set.status).toBe(200);
    expect(await set.json()).toMatchObject({ role: 'editor', counties: [WUYUAN, '361181'] });
    expect((await (await x.app.request('/api/session', { headers: { Cookie: chen } })).json()).counties).toEqual([WUYUAN, '361181']);
    const all = await call('PATCH', '/api/admin/accounts/chen', as(rootCookie), { counties: null });
    expect((await all.json()).counties).toBeNull();

    const off = await call('PATCH', '/api/admin/accounts/chen', as(rootCookie), { disabled: true });
    expect((await off.json()).disabled).toBe(true);
    expect((await x.app.request('/api/session', { headers: { Cookie: chen } })).status).toBe(401);
    expect(await x.signIn('chen', 'chen-password-1')).toBeUndefined();
    await call('PATCH', '/api/admin/accounts/chen', as(rootCookie), { disabled: false });
    expect(await x.signIn('chen', 'chen-password-1')).toBeDefined();
  });

  it('the only active admin can be neither demoted nor disabled (409); with a second admin it can', async () => {
    for (const change of [{ role: 'editor' }, { disabled: true }]) {
      const res = await call('PATCH', '/api/admin/accounts/root', as(rootCookie), change);
      expect(res.status).toBe(409);
      expect((await res.json()).error.parameter).toBe(Object.keys(change)[0]);
    }
    expect((await x.accounts.account('root'))?.role).toBe('admin');
    await call('POST', '/api/admin/accounts', as(rootCookie), { username: 'root2', role: 'admin', password: 'root2-password' });
    const ok = await call('PATCH', '/api/admin/accounts/root2', as(rootCookie), { role: 'viewer' });
    expect(ok.status).toBe(200);
  });

  it('resets a password (typed or generated): the old one stops working and the sessions end', async () => {
    await call('POST', '/api/admin/accounts', as(rootCookie), { username: 'sun', role: 'editor', password: 'sun-password-1' });
    const sun = (await x.signIn('sun', 'sun-password-1'))!;
    const short = await call('POST', '/api/admin/accounts/sun/password', as(rootCookie), { password: 'short' });
    expect(short.status).toBe(422);
    expect((await short.json()).error.parameter).toBe('password');
    const typed = await call('POST', '/api/admin/accounts/sun/password', as(rootCookie), { password: 'sun-password-2' });
    expect(await typed.json()).toEqual({ username: 'sun' });
    expect((await x.app.request('/api/session', { headers: { Cookie: sun } })).status).toBe(401);
    expect(await x.signIn('sun', 'sun-password-1')).toBeUndefined();
    expect(await x.signIn('sun', 'sun-password-2')).toBeDefined();
    const gen = await (await call('POST', '/api/admin/accounts/sun/password', as(rootCookie), {})).json();
    expect(await x.signIn('sun', gen.password)).toBeDefined();
  });

  it('creates a token (shown once, works), lists it by id only, revokes one and then all', async () => {
    const made = await call('POST', '/api/admin/accounts/li/tokens', as(rootCookie));
    expect(made.status).toBe(201);
    const t1 = await made.json();
    expect(t1.token).toMatch(/^sgm_/);
    const t2 = await (await call('POST', '/api/admin/accounts/li/tokens', as(rootCookie))).json();
    const who = (token: string) => x.app.request('/api/session', { headers: { Authorization: `Bearer ${token}` } });
    expect((await who(t1.token)).status).toBe(200);
    const li = await (await call('GET', '/api/admin/accounts/li', as(rootCookie))).text();
    expect(li).toContain(t1.id);
    expect(li).not.toContain(t1.token);
    const one = await call('DELETE', `/api/admin/accounts/li/tokens/${t1.id}`, as(rootCookie));
    expect(await one.json()).toEqual({ revoked: 1 });
    expect((await who(t1.token)).status).toBe(401);
    expect((await who(t2.token)).status).toBe(200);
    expect((await call('DELETE', `/api/admin/accounts/li/tokens/${t1.id}`, as(rootCookie))).status).toBe(404);
    const all = await call('DELETE', '/api/admin/accounts/li/tokens', as(rootCookie));
    expect((await all.json()).revoked).toBeGreaterThanOrEqual(1);
    expect((await who(t2.token)).status).toBe(401);
    const listed = (await (await call('GET', '/api/admin/accounts/li', as(rootCookie))).json()).tokens;
    expect(listed.length).toBeGreaterThanOrEqual(2);
    expect(listed.every((t: { revoked: boolean }) => t.revoked)).toBe(true);
  });

  it('is in the OpenAPI document', async () => {
    const doc = await (await x.app.request('/api/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/admin/accounts', '/api/admin/accounts/{username}', '/api/admin/accounts/{username}/password', '/api/admin/accounts/{username}/tokens', '/api/admin/accounts/{username}/tokens/{id}']));
    expect(doc.paths['/api/admin/accounts'].post.responses['422']).toBeDefined();
  });

  it('after all of it, an anonymous crawl of the public endpoints finds no account name', async () => {
    const names = (await x.accounts.accounts()).map((a) => a.username);
    expect(names).toEqual(expect.arrayContaining(['wuyuan-zhang', '王芳', 'chen', 'sun']));
    const layers = (await (await x.app.request('/api/layers')).json()).layers.map((l: { id: string }) => l.id) as string[];
    const paths = [
      '/api/health', '/api/layers', '/api/counties', '/api/context', '/api/measures', '/api/stats', '/api/config', '/api/openapi.json', '/api/session',
      '/api/admin/accounts', '/api/admin/accounts/li', '/api/admin/accounts/wuyuan-zhang',
      ...layers.map((l) => `/api/layers/${l}/features`),
      '/ogc', '/ogc/collections', ...layers.map((l) => `/ogc/collections/${l}/items`),
      ...layers.map((l) => `/tiles/${l}.json`),
    ];
    let ok = 0;
    for (const p of paths) {
      const res = await x.app.request(p);
      const text = await res.text();
      for (const n of ['wuyuan-zhang', '王芳', 'chen', 'sun-password', 'root2']) expect(text, `${p}: ${n}`).not.toContain(n);
      if (res.status === 200) ok++;
    }
    expect(ok).toBeGreaterThan(10);
  });
});

describe('throttling', () => {
  it('an admin over the budget of account changes gets 429 with Retry-After; reads go on', async () => {
    const y = await adminApp({ perWindow: 2, windowMs: 60_000 });
    try {
      const cookie = (await y.signIn('root'))!;
      const post = () => y.app.request('/api/admin/accounts/li/tokens', { method: 'POST', headers: { Cookie: cookie } });
      expect((await post()).status).toBe(201);
      expect((await post()).status).toBe(201);
      const third = await post();
      expect(third.status).toBe(429);
      expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await third.json()).error.code).toBe('too_many_requests');
      expect((await y.app.request('/api/admin/accounts', { headers: { Cookie: cookie } })).status).toBe(200);
    } finally {
      await y.close();
    }
  });
});
