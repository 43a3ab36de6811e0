/**
 * The cache-miss path: per-encoding strong ETags, bodies assembled from pre-serialised features,
 * compression off the event loop and cheaper for ad-hoc queries, and a bound on the work one client
 * can cause.
 */
import { brotliCompressSync, brotliDecompressSync, constants, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { featureCollectionJson } from '../../server/api/routes';
import { MissLimiter, TooManyMisses } from '../../server/http/miss-limiter';
import { CachedBody, etagBase } from '../../server/http/response-cache';
import { testApp } from './app-factory';
import { dataset, feature } from './factories';

/** A dataset big enough that its bodies are compressed (> 512 bytes) and take a while to. */
function bigDataset(n = 400) {
  return dataset(
    Array.from({ length: n }, (_, i) =>
      feature(`pt-${i}`, { type: 'Point', coordinates: [117.05 + (i % 20) * 0.09, 28.05 + Math.floor(i / 20) * 0.045] }, { name: `地点${i}号`, name_en: `Place number ${i}` }),
    ),
  );
}

const enc = (e: string) => ({ headers: { 'Accept-Encoding': e } });

describe('ETags per content encoding', async () => {
  const app = await testApp(bigDataset());
  const path = '/api/layers/places/features';

  it('plain, gzip and brotli bodies have different strong ETags of one body hash', async () => {
    const [plain, gz, br] = await Promise.all([app.request(path, enc('identity')), app.request(path, enc('gzip')), app.request(path, enc('br'))]);
    expect([plain.headers.get('content-encoding'), gz.headers.get('content-encoding'), br.headers.get('content-encoding')]).toEqual([null, 'gzip', 'br']);
    const tags = [plain, gz, br].map((r) => r.headers.get('etag')!);
    expect(new Set(tags).size).toBe(3);
    for (const t of tags) expect(t).toMatch(/^"[^"]+"$/); // strong
    expect(new Set(tags.map(etagBase)).size).toBe(1);
    // The three are one body.
    const text = await plain.text();
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(text);
    expect(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString()).toBe(text);
  });

  it('If-None-Match works with the tag of each encoding, also as a weak tag, and names the tag held', async () => {
    for (const e of ['identity', 'gzip', 'br']) {
      const tag = (await app.request(path, enc(e))).headers.get('etag')!;
      for (const accept of ['identity', 'gzip', 'br']) {
        const again = await app.request(path, { headers: { 'Accept-Encoding': accept, 'If-None-Match': `"nope", ${tag}` } });
        expect(again.status, `${e} tag, accepting ${accept}`).toBe(304);
        expect(again.headers.get('etag')).toBe(tag);
      }
      expect((await app.request(path, { headers: { 'If-None-Match': `W/${tag}` } })).status).toBe(304);
    }
    const other = await app.request(`${path}?county=361102`, { headers: { 'If-None-Match': (await app.request(path, enc('br'))).headers.get('etag')! } });
    expect(other.status).toBe(200);
  });

  it('etagBase reads our tags in any encoding and refuses others', () => {
    expect(etagBase('"abc_D-9"')).toBe('abc_D-9');
    expect(etagBase('"abc_D-9-gz"')).toBe('abc_D-9');
    expect(etagBase('W/"abc-br"')).toBe('abc');
    expect(etagBase('abc')).toBeUndefined();
    expect(etagBase('"a b"')).toBeUndefined();
  });
});

describe('bodies assembled from pre-serialised features', async () => {
  const app = await testApp(bigDataset(50));

  it('are the bytes JSON.stringify would give', async () => {
    for (const qs of ['', '?county=361102', '?limit=3&offset=2', '?q=number%201', '?bbox=100,10,101,11']) {
      const text = await (await app.request(`/api/layers/places/features${qs}`, enc('identity'))).text();
      expect(text, qs).toBe(JSON.stringify(JSON.parse(text)));
      const fc = JSON.parse(text);
      expect(Object.keys(fc)).toEqual(['type', 'numberMatched', 'numberReturned', 'features']);
      expect(fc.numberReturned).toBe(fc.features.length);
    }
  });

  it('featureCollectionJson joins feature JSON into a FeatureCollection', () => {
    const fs = [{ type: 'Feature', id: 'a', geometry: null, properties: { x: 1 } }, { type: 'Feature', id: 'b', geometry: null, properties: {} }];
    expect(JSON.parse(featureCollectionJson(7, fs.map((f) => JSON.stringify(f))).text)).toEqual({ type: 'FeatureCollection', numberMatched: 7, numberReturned: 2, features: fs });
    expect(JSON.parse(featureCollectionJson(0, []).text)).toEqual({ type: 'FeatureCollection', numberMatched: 0, numberReturned: 0, features: [] });
  });
});

describe('compression', () => {
  it('runs off the event loop: a timer fires while a large body is compressed', async () => {
    const raw = Buffer.from(JSON.stringify(Array.from({ length: 60_000 }, (_, i) => ({ id: `f-${i}`, v: Math.sin(i) }))));
    const body = await CachedBody.of(raw, 'application/json', 'best');
    const order: string[] = [];
    setImmediate(() => order.push('timer'));
    await body.bytes('br').then(() => order.push('compressed'));
    expect(order).toEqual(['timer', 'compressed']);
  });

  it('is the cheap level for ad-hoc queries and the best level for whole layers', async () => {
    const app = await testApp(bigDataset());
    const q = (quality: number, raw: Buffer) => brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: quality, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } });
    const got = async (path: string) => {
      const raw = Buffer.from(await (await app.request(path, enc('identity'))).arrayBuffer());
      const br = Buffer.from(await (await app.request(path, enc('br'))).arrayBuffer());
      return { raw, br };
    };
    const adHoc = await got('/api/layers/places/features?bbox=117,28,118,29');
    expect(adHoc.br.equals(q(4, adHoc.raw))).toBe(true);
    const whole = await got('/api/layers/places/features');
    expect(whole.br.equals(q(9, whole.raw))).toBe(true);
  });
});

describe('the work one client can cause is bounded', () => {
  it('MissLimiter runs at most `concurrency` at once and refuses a client over its share', async () => {
    const limiter = new MissLimiter({ concurrency: 2, perClient: 3 });
    let running = 0;
    let most = 0;
    const releases: (() => void)[] = [];
    const job = () =>
      new Promise<void>((done) => {
        running++;
        most = Math.max(most, running);
        releases.push(() => {
          running--;
          done();
        });
      });
    const a = [limiter.run('a', job), limiter.run('a', job), limiter.run('a', job)];
    await expect(limiter.run('a', job)).rejects.toBeInstanceOf(TooManyMisses);
    const b = limiter.run('b', job); // another client still gets in line
    await new Promise((r) => setImmediate(r));
    expect(running).toBe(2);
    while (releases.length) {
      releases.shift()!();
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all([...a, b]);
    expect(most).toBe(2);
    expect(limiter.running).toBe(0);
    await expect(limiter.run('a', async () => 'ok')).resolves.toBe('ok');
  });

  it('answers 429 with a JSON error to a client with too many uncached queries at once, and serves cached ones', async () => {
    const app = await testApp(bigDataset(), { MISS_CONCURRENCY: '1', MISS_PER_CLIENT: '2' });
    expect((await app.request('/api/layers/places/features')).status).toBe(200); // cached from now on
    const responses = await Promise.all(Array.from({ length: 12 }, (_, i) => app.request(`/api/layers/places/features?bbox=117,28,${(118 + i * 0.01).toFixed(2)},29`)));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(2);
    const refused = responses.filter((r) => r.status === 429);
    expect(refused.length).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);
    expect(refused[0].headers.get('retry-after')).toBe('1');
    expect(await refused[0].json()).toMatchObject({ error: { code: 'too_many_requests', message: expect.stringMatching(/uncached/) } });
    expect((await app.request('/api/layers/places/features')).status).toBe(200);
  });

  it('takes waiting work round-robin across clients: one busy client does not hold the others back', async () => {
    const limiter = new MissLimiter({ concurrency: 1, perClient: 10 });
    const order: string[] = [];
    const gates: (() => void)[] = [];
    const job = (name: string) => () =>
      new Promise<void>((done) => {
        order.push(name);
        gates.push(done);
      });
    const all = [limiter.run('a', job('a1')), limiter.run('a', job('a2')), limiter.run('a', job('a3')), limiter.run('b', job('b1'))];
    while (order.length < 4) {
      await new Promise((r) => setImmediate(r));
      gates.shift()?.();
    }
    await Promise.all(all);
    expect(order).toEqual(['a1', 'a2', 'b1', 'a3']);
  });

  it('never refuses the page\'s own first load: fixed bodies are not limited, however many at once', async () => {
    const app = await testApp(bigDataset(), { MISS_CONCURRENCY: '1', MISS_PER_CLIENT: '1' });
    const paths = ['/api/layers', '/api/counties', '/api/context', '/api/measures', '/api/stats', '/api/layers/places/features', '/api/layers/pipes/features', '/api/layers/areas/features', '/api/openapi.json'];
    const statuses = await Promise.all(paths.map(async (p) => (await app.request(p, enc('br'))).status));
    expect(statuses).toEqual(paths.map(() => 200));
  });

  it('refuses malformed limits in the environment', async () => {
    const { readConfig } = await import('../../server/config');
    expect(() => readConfig({ MISS_PER_CLIENT: 'many' })).toThrow(/MISS_PER_CLIENT must be a whole number from 1 to 10000, not "many"/);
    expect(() => readConfig({ MISS_CONCURRENCY: '0' })).toThrow(/MISS_CONCURRENCY/);
    expect(readConfig({}).missLimits).toEqual({ concurrency: 2, perClient: 8 });
  });
});
