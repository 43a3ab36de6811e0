/**
 * The import routes behind the production Authenticator: a cookie-authenticated upload or apply
 * from another site is 403 (multipart included — hono/csrf alone would not catch it), an upload
 * over IMPORT_MAX_BYTES is 413 before it is read, a bearer token works from anywhere.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { warmImports, WARM_TIMEOUT } from './import-factory';
import { addToken, authApp } from './auth-factory';

beforeAll(warmImports, WARM_TIMEOUT);

const CSV = '名称,经度,纬度,所属措施\n甲,117.2,28.2,4\n';
const form = (body = CSV) => {
  const f = new FormData();
  f.set('file', new File([body], 'a.csv'));
  f.set('layer', 'places');
  return f;
};

describe('import security', () => {
  it('cross-site cookie upload → 403; same-site → 200; token → 200; apply cross-site → 403', async () => {
    const x = await authApp();
    const cookie = await x.signIn('li');
    const evil = await x.app.request('/api/imports', { method: 'POST', body: form(), headers: { Cookie: cookie, Origin: 'https://evil.example' } });
    expect(evil.status).toBe(403);
    expect((await evil.json()).error.code).toBe('cross_site');
    const ok = await x.app.request('http://localhost/api/imports', { method: 'POST', body: form(), headers: { Cookie: cookie, Origin: 'http://localhost' } });
    expect(ok.status).toBe(200);
    const { id } = await ok.json();
    const token = await addToken(x.accounts, 'li');
    expect((await x.app.request('/api/imports', { method: 'POST', body: form(), headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
    const applyEvil = await x.app.request(`/api/imports/${id}/apply`, { method: 'POST', headers: { Cookie: cookie, Origin: 'https://evil.example' } });
    expect(applyEvil.status).toBe(403);
    const viewer = await x.signIn('wang');
    expect((await x.app.request('http://localhost/api/imports', { method: 'POST', body: form(), headers: { Cookie: viewer, Origin: 'http://localhost' } })).status).toBe(403);
  });

  it('an upload larger than IMPORT_MAX_BYTES → 413 naming the limit', async () => {
    const x = await authApp(undefined, { IMPORT_MAX_BYTES: '1000' });
    const token = await addToken(x.accounts, 'li');
    const big = CSV + '乙,117.3,28.3,4\n'.repeat(200_000);
    const res = await x.app.request('/api/imports', { method: 'POST', body: form(big), headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(413);
    const err = (await res.json()).error;
    expect(err.code).toBe('file_too_large');
    expect(err.message).toContain('IMPORT_MAX_BYTES');
  });
});
