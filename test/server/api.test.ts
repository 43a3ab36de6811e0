import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { createApp } from '../../server/app';
import { readConfig } from '../../server/config';
import { MemoryStore } from '../../server/store/memory-store';
import { dataset, feature, EAST, WEST } from './factories';
import { testApp } from './app-factory';
import { storeKind } from './stores';

describe('API endpoints', async () => {
  const app = await testApp();

  it('GET /api/health says the store in use', async () => {
    const res = await app.request('/api/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', store: { kind: storeKind(), features: 5, layers: 3, data_version: 'test-1' } });
  });

  it('GET /api/layers lists the registry with counts and without file paths or property lists', async () => {
    const body = await (await app.request('/api/layers')).json();
    expect(body.layers.map((l: { id: string; count: number }) => [l.id, l.count])).toEqual([['places', 3], ['pipes', 1], ['areas', 1]]);
    expect(body.layers[0]).not.toHaveProperty('file');
    expect(body.layers[0]).not.toHaveProperty('public_properties');
  });

  it('GET /api/layers/{layer}/features is an RFC 7946 FeatureCollection filtered by county', async () => {
    const res = await app.request(`/api/layers/places/features?county=${EAST}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/geo\+json/);
    const fc = await res.json();
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features.map((f: { id: string }) => f.id)).toEqual(['east-point']);
    expect(fc.features[0]).toMatchObject({ type: 'Feature', geometry: { type: 'Point', coordinates: [118.5, 28.5] } });
    expect(fc).toMatchObject({ numberMatched: 1, numberReturned: 1 });
  });

  it('accepts the retired code 361121 and answers with 361104', async () => {
    const res = await app.request('/api/stats?county=361121');
    expect(res.status).toBe(200);
    expect((await res.json()).filters.counties).toEqual(['361104']);
  });

  it('GET /api/features/{id} returns one Feature, 404 for an unknown id', async () => {
    const res = await app.request('/api/features/cross-line');
    expect((await res.json()).properties.counties).toEqual([WEST, EAST]);
    const missing = await app.request('/api/features/no-such-thing');
    expect(missing.status).toBe(404);
    expect((await missing.json()).error).toMatchObject({ code: 'not_found', parameter: 'id' });
  });

  it('GET /api/counties gives code, name and English name', async () => {
    const fc = await (await app.request('/api/counties')).json();
    expect(fc.features.map((f: { properties: unknown }) => f.properties)).toEqual([
      { code: WEST, name: '信州区', name_en: 'Xinzhou District' },
      { code: EAST, name: '广丰区', name_en: 'Guangfeng District' },
    ]);
  });

  it('GET /api/measures gives the 23 measures', async () => {
    const body = await (await app.request('/api/measures')).json();
    expect(body.measures.map((m: { id: number }) => m.id)).toEqual(Array.from({ length: 23 }, (_, i) => i + 1));
  });

  it('GET /api/stats takes the same filters and a layers list', async () => {
    const body = await (await app.request(`/api/stats?layers=pipes&county=${WEST}`)).json();
    expect(body.totals.features).toBe(1);
    expect(body.totals.line_km).toBeGreaterThan(40);
    expect(body.totals.line_km).toBeLessThan(55);
  });

  it('GET /api/openapi.json documents every endpoint and its parameters', async () => {
    const doc = await (await app.request('/api/openapi.json')).json();
    // The store of this run decides: a writable one (PostGIS) adds the write and history paths.
    const writes = (await app.request('/api/changes')).status === 200;
    const writePaths = ['/api/changes', '/api/change-sets', '/api/change-sets/{id}/revert', '/api/features/{id}/full', '/api/features/{id}/history', '/api/features/{id}/restore', '/api/measures/{id}/progress', '/api/imports', '/api/imports/{id}', '/api/imports/{id}/apply'];
    expect(Object.keys(doc.paths).sort()).toEqual(
      ['/api/config', '/api/context', '/api/counties', '/api/export', '/api/features/{id}', '/api/health', '/api/layers', '/api/layers/{layer}/features', '/api/measures', '/api/stats', '/api/stats/timeline', ...(writes ? writePaths : [])].sort(),
    );
    const params = doc.paths['/api/layers/{layer}/features'].get.parameters.map((p: { name: string }) => p.name);
    expect(params).toEqual(expect.arrayContaining(['layer', 'county', 'measure', 'status', 'q', 'bbox', 'limit', 'offset']));
  });

  it('serves the OpenAPI document as a cached body: ETag, 304, compressed', async () => {
    const first = await app.request('/api/openapi.json', { headers: { 'Accept-Encoding': 'br' } });
    expect(first.headers.get('Content-Encoding')).toBe('br');
    const etag = first.headers.get('ETag')!;
    expect(etag).toMatch(/^"/);
    const again = await app.request('/api/openapi.json', { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
  });

  it('GET /api/config is offline by default', async () => {
    const body = await (await app.request('/api/config')).json();
    expect(body.basemaps).toEqual({ osm: false, tianditu: null, style: null, pmtiles: null });
  });
});

describe('HTTP', async () => {
  const app = await testApp();

  it('answers If-None-Match with 304 and the same strong ETag', async () => {
    const first = await app.request('/api/layers/places/features');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[^"]+"$/);
    const again = await app.request('/api/layers/places/features', { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    const other = await app.request('/api/layers/places/features?county=361102', { headers: { 'If-None-Match': etag } });
    expect(other.status).toBe(200);
  });

  it('compresses with brotli or gzip by Accept-Encoding, same bytes inside', async () => {
    const plain = Buffer.from(await (await app.request('/api/measures')).arrayBuffer());
    expect(plain.length).toBeGreaterThan(512);
    const br = await app.request('/api/measures', { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('vary')).toMatch(/Accept-Encoding/);
    expect(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).equals(plain)).toBe(true);
    const gz = await app.request('/api/measures', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).equals(plain)).toBe(true);
  });

  it('reuses the serialised body: the same query gives the identical ETag without recomputing', async () => {
    const store = new MemoryStore(dataset());
    const stats = vi.spyOn(store, 'stats');
    const counted = await createApp({ store, config: readConfig({ WEB_DIR: '/nonexistent-web-dir' }) });
    const a = await counted.request('/api/stats?measure=4,13');
    const b = await counted.request('/api/stats?measure=13,4');
    expect(a.headers.get('etag')).toBe(b.headers.get('etag'));
    expect(stats).toHaveBeenCalledTimes(1);
    await counted.request('/api/stats?measure=4');
    expect(stats).toHaveBeenCalledTimes(2);
  });

  it('sends Cache-Control for public data and CORS for GET', async () => {
    const res = await app.request('/api/layers', { headers: { Origin: 'https://example.org' } });
    expect(res.headers.get('cache-control')).toMatch(/public, max-age=\d+/);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('answers HEAD without a body', async () => {
    const res = await app.request('/api/layers', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect((await res.arrayBuffer()).byteLength).toBe(0);
  });

  it('sends no cookie', async () => {
    const res = await app.request('/api/health');
    expect(res.headers.get('set-cookie')).toBeNull();
  });
});

describe('public fields only', () => {
  it('a non-public property in the data appears in no response of any endpoint', async () => {
    const secret = 'INTERNAL-ONLY-7731';
    const ds = dataset([
      feature('secret-place', { type: 'Point', coordinates: [117.3, 28.3] }, { internal_note: secret, name: '秘密' }),
    ]);
    const app = await (await import('./app-factory')).testApp(ds);
    const paths = [
      '/api/health',
      '/api/layers',
      '/api/layers/places/features',
      '/api/layers/places/features?q=%E7%A7%98%E5%AF%86',
      '/api/features/secret-place',
      '/api/counties',
      '/api/context',
      '/api/measures',
      '/api/stats',
      '/api/stats/timeline',
      '/api/config',
      '/api/openapi.json',
    ];
    for (const p of paths) {
      const res = await app.request(p);
      expect(res.status, p).toBe(200);
      expect(await res.text(), p).not.toContain(secret);
    }
    const f = await (await app.request('/api/features/secret-place')).json();
    expect(f.properties.name).toBe('秘密');
  });
});

describe('framing', () => {
  const webDir = mkdtempSync(join(tmpdir(), 'sgm-web-'));
  for (const f of ['index.html', 'screen.html', 'embed.html']) writeFileSync(join(webDir, f), `<!doctype html><title>${f}</title>`);

  it('lets any site frame /embed by default and only our own origin frame / and /screen', async () => {
    const app = await testApp(dataset(), { WEB_DIR: webDir });
    const embed = await app.request('/embed');
    expect(embed.status).toBe(200);
    expect(embed.headers.get('content-security-policy')).toMatch(/frame-ancestors \*/);
    expect(embed.headers.get('x-frame-options')).toBeNull();
    for (const p of ['/', '/screen']) {
      const res = await app.request(p);
      expect(res.status, p).toBe(200);
      expect(res.headers.get('content-security-policy'), p).toMatch(/frame-ancestors 'self'(;|$)/);
      expect(res.headers.get('x-frame-options'), p).toBe('SAMEORIGIN');
    }
  });

  it('limits /embed to the configured origins', async () => {
    const app = await testApp(dataset(), { WEB_DIR: webDir, EMBED_FRAME_ANCESTORS: 'https://news.example.cn https://www.zgsr.gov.cn' });
    const csp = (await app.request('/embed')).headers.get('content-security-policy');
    expect(csp).toMatch(/frame-ancestors https:\/\/news\.example\.cn https:\/\/www\.zgsr\.gov\.cn/);
    expect((await (await app.request('/api/config')).json()).embed.allowed_origins).toEqual(['https://news.example.cn', 'https://www.zgsr.gov.cn']);
  });

  it('keeps pages offline: the policy allows no outside host unless a basemap is configured', async () => {
    const app = await testApp(dataset(), { WEB_DIR: webDir });
    expect((await app.request('/')).headers.get('content-security-policy')).not.toMatch(/https:/);
    const online = await testApp(dataset(), { WEB_DIR: webDir, BASEMAPS: 'osm' });
    expect((await online.request('/')).headers.get('content-security-policy')).toMatch(/img-src 'self' data: blob: https:\/\/tile\.openstreetmap\.org/);
  });
});
