/**
 * Security as a table of requests with expected statuses (issue 15): every write route against
 * every kind of caller that must be refused, over the production Authenticator and accounts.json.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { addAccount, addToken, authApp, IDLE_MS } from './auth-factory';
import { dataset, EAST, feature, WEST } from './factories';

type Ctx = Awaited<ReturnType<typeof authApp>>;

const JSON_CT = { 'Content-Type': 'application/json' };
const EVIL = 'https://evil.example';

/** A write route: how to call it on a feature that lies in EAST (outside zhao's WEST). */
interface Route {
  name: string;
  method: string;
  path: (x: Ctx) => string | Promise<string>;
  body?: unknown;
  ifMatch?: boolean;
  /** The route reads a JSON body (400 on invalid JSON, 413 when oversized). */
  json?: boolean;
}

const newEast = {
  type: 'Feature',
  geometry: { type: 'Point', coordinates: [118.6, 28.6] },
  properties: { id: 'sec-new', name: '新地点', name_en: 'New place', measures: [4], status: 'planned', clause: '（四）', quote: '支持', precision: 'approximate', location_note: '测试', location_note_en: 'test' },
};

const ROUTES: Route[] = [
  { name: 'create', method: 'POST', path: () => '/api/layers/places/features', body: newEast, json: true },
  { name: 'patch', method: 'PATCH', path: () => '/api/features/east-point', body: { properties: { name: '改' } }, ifMatch: true, json: true },
  { name: 'delete', method: 'DELETE', path: () => '/api/features/east-point', ifMatch: true },
  { name: 'restore', method: 'POST', path: () => '/api/features/east-gone/restore' },
  { name: 'progress', method: 'POST', path: () => '/api/measures/4/progress', body: { target: 'm4-five-a', value: 2, as_of: '2025-12-31', source: '统计公报' }, json: true },
  { name: 'revert', method: 'POST', path: () => '/api/change-sets/2/revert' },
  { name: 'bulk', method: 'POST', path: () => '/api/change-sets', body: { changes: [{ id: 'east-point', if_match: '*', patch: { properties: { name: '改' } } }] }, json: true },
];

let x: Ctx;
const cred: Record<string, Record<string, string>> = {};

async function etag(id: string) {
  return (await x.app.request(`/api/features/${id}`)).headers.get('etag') ?? '"0-none"';
}

async function call(r: Route, headers: Record<string, string>, overrides: { body?: string; ifMatch?: string; contentType?: string } = {}) {
  const h: Record<string, string> = { 'Content-Type': overrides.contentType ?? 'application/json', ...headers };
  if (r.ifMatch) h['If-Match'] = overrides.ifMatch ?? (await etag('east-point'));
  const body = overrides.body ?? (r.method === 'DELETE' ? undefined : JSON.stringify(r.body ?? {}));
  return x.app.request(await r.path(x), { method: r.method, headers: h, body });
}

beforeAll(async () => {
  x = await authApp(dataset([feature('east-gone', { type: 'Point', coordinates: [118.2, 28.2] }, { measures: [4], clause: '（四）' })]));
  await addAccount(x.accounts, 'gone', 'editor');
  const admin = { Authorization: `Bearer ${await addToken(x.accounts, 'admin')}` };
  // Change set 1: east-gone deleted (to restore); change set 2: an edit of east-point (to revert).
  const del = await x.app.request('/api/features/east-gone', { method: 'DELETE', headers: { ...admin, 'If-Match': await etag('east-gone') } });
  expect(del.status).toBe(204);
  const edit = await x.app.request('/api/features/east-point', { method: 'PATCH', headers: { ...admin, ...JSON_CT, 'If-Match': await etag('east-point') }, body: JSON.stringify({ properties: { name: '东点' } }) });
  expect(edit.status).toBe(200);

  // A session that will have expired: made now, then the clock moves past the idle time.
  cred.expired = { Cookie: await x.signIn('li') };
  x.clock.now += IDLE_MS + 1000;
  cred.viewer = { Cookie: await x.signIn('wang') };
  cred.editor = { Cookie: await x.signIn('li') };
  cred.zhao = { Cookie: await x.signIn('zhao') };
  cred.disabledCookie = { Cookie: await x.signIn('gone') };
  cred.disabledToken = { Authorization: `Bearer ${await addToken(x.accounts, 'gone')}` };
  await x.accounts.updateAccount('gone', { disabled: true });
  const revoked = await addToken(x.accounts, 'li');
  await x.accounts.revokeTokens('li');
  cred.revoked = { Authorization: `Bearer ${revoked}` };
  cred.liToken = { Authorization: `Bearer ${await addToken(x.accounts, 'li')}` };
  cred.admin = admin;
}, 60_000);

const REFUSALS: [string, () => Record<string, string>, number, string][] = [
  ['anonymous', () => ({}), 401, 'unauthenticated'],
  ['a viewer', () => cred.viewer, 403, 'forbidden'],
  ['an editor limited to another county', () => cred.zhao, 403, 'forbidden'],
  ['a cross-site post with the editor\'s cookie', () => ({ ...cred.editor, Origin: EVIL }), 403, 'cross_site'],
  ['a cross-site request without Origin (Sec-Fetch-Site)', () => ({ ...cred.editor, 'Sec-Fetch-Site': 'cross-site' }), 403, 'cross_site'],
  ['an expired session', () => cred.expired, 401, 'unauthenticated'],
  ['a disabled account (cookie)', () => cred.disabledCookie, 401, 'unauthenticated'],
  ['a disabled account (token)', () => cred.disabledToken, 401, 'unauthenticated'],
  ['a revoked token', () => cred.revoked, 401, 'unauthenticated'],
  ['a malformed Authorization header', () => ({ Authorization: 'Basic bGk6cHc=' }), 401, 'unauthenticated'],
];

describe('every write route refuses', () => {
  for (const r of ROUTES)
    for (const [who, headers, status, code] of REFUSALS)
      it(`${r.name}: ${who} → ${status}`, async () => {
        const res = await call(r, headers());
        expect(res.status).toBe(status);
        expect((await res.json()).error.code).toBe(code);
        expect(res.headers.get('access-control-allow-origin')).toBeNull();
      });

  for (const r of ROUTES)
    it(`${r.name}: a cross-site form post (urlencoded) with the cookie → 403`, async () => {
      const res = await call(r, { ...cred.editor, Origin: EVIL }, { contentType: 'application/x-www-form-urlencoded', body: 'properties=x' });
      expect(res.status).toBe(403);
      expect((await res.json()).error.code).toBe('cross_site');
    });

  for (const r of ROUTES.filter((r) => r.ifMatch))
    it(`${r.name}: a stale If-Match → 412`, async () => {
      const res = await call(r, cred.editor, { ifMatch: '"1-0000000000"' });
      expect(res.status).toBe(412);
    });

  for (const r of ROUTES.filter((r) => r.json)) {
    it(`${r.name}: an oversized body → 413`, async () => {
      const res = await call(r, cred.editor, { body: JSON.stringify({ pad: 'x'.repeat(1024 * 1024 + 10) }) });
      expect(res.status).toBe(413);
    });
    it(`${r.name}: invalid JSON → 400`, async () => {
      const res = await call(r, cred.editor, { body: '{"properties": ' });
      expect(res.status).toBe(400);
      expect((await res.json()).error.code).toBe('bad_json');
    });
  }
});

describe('what is allowed', () => {
  it('a Bearer token is not subject to the cross-site check; a same-origin cookie write passes', async () => {
    const viaToken = await call(ROUTES[1], { ...cred.liToken, Origin: EVIL });
    expect(viaToken.status).toBe(200);
    const sameSite = await call(ROUTES[1], { ...cred.editor, Origin: 'http://localhost', 'Sec-Fetch-Site': 'same-origin' });
    expect(sameSite.status).toBe(200);
  });

  it('an editor limited to a county may edit there, not move a feature out of it, and not report city-wide progress', async () => {
    const inside = await x.app.request('/api/features/west-point', { method: 'PATCH', headers: { ...cred.zhao, ...JSON_CT, 'If-Match': await etag('west-point') }, body: JSON.stringify({ properties: { name: '西点' } }) });
    expect(inside.status).toBe(200);
    const move = await x.app.request('/api/features/west-point', {
      method: 'PATCH',
      headers: { ...cred.zhao, ...JSON_CT, 'If-Match': await etag('west-point') },
      body: JSON.stringify({ geometry: { type: 'Point', coordinates: [118.5, 28.5] } }),
    });
    expect(move.status).toBe(403);
    expect((await move.json()).error.message).toContain(EAST);
    expect((await (await x.app.request('/api/features/west-point')).json()).geometry.coordinates).toEqual([117.5, 28.5]);
    expect(WEST).not.toBe(EAST);
  });
});
