import { describe, expect, it } from 'vitest';
import { testApp } from './app-factory';

describe('query strings', async () => {
  const app = await testApp();

  it('refuses a value with a bad escape after a second "=" (q=a=%ZZ)', async () => {
    for (const qs of ['q=a=%ZZ', 'q==%E4', 'county=361102&q=x=y=%']) {
      const res = await app.request(`/api/stats?${qs}`);
      expect(res.status, qs).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: 'bad_encoding', parameter: 'q' } });
    }
  });

  it('still accepts "=" inside a value when it is well encoded', async () => {
    const res = await app.request('/api/stats?q=a=b');
    expect(res.status).toBe(200);
  });

  it('/api/stats never echoes another client\'s spelling of q from the cache', async () => {
    const first = await (await app.request('/api/stats?q=PLACE')).json();
    const second = await (await app.request('/api/stats?q=Place')).json();
    const third = await (await app.request('/api/stats?q=%EF%BD%90%EF%BD%8C%EF%BD%81%EF%BD%83%EF%BD%85')).json(); // ｐｌａｃｅ
    expect(second.filters.q).not.toBe('PLACE');
    expect([first.filters.q, second.filters.q, third.filters.q]).toEqual(['place', 'place', 'place']);
    expect(second.totals.features).toBeGreaterThan(0);
    expect(third.totals).toEqual(first.totals);
  });
});
