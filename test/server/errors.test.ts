import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from './app-factory';

const big = 'a'.repeat(100_000);

/** [request, status, parameter the error must name (or null)] */
const MALFORMED: [string, number, string | null][] = [
  ['/api/layers/roads/features', 404, 'layer'],
  ['/api/layers/places/features?county=999999', 400, 'county'],
  ['/api/layers/places/features?county=360102', 400, 'county'],
  ['/api/layers/places/features?measure=0', 400, 'measure'],
  ['/api/layers/places/features?measure=24', 400, 'measure'],
  ['/api/layers/places/features?measure=abc', 400, 'measure'],
  ['/api/layers/places/features?measure=4.5', 400, 'measure'],
  ['/api/layers/places/features?measure=-1', 400, 'measure'],
  ['/api/layers/places/features?status=done', 400, 'status'],
  ['/api/layers/places/features?bbox=117,28,119', 400, 'bbox'],
  ['/api/layers/places/features?bbox=117,28,119,30,5', 400, 'bbox'],
  ['/api/layers/places/features?bbox=NaN,28,119,30', 400, 'bbox'],
  ['/api/layers/places/features?bbox=Infinity,28,119,30', 400, 'bbox'],
  ['/api/layers/places/features?bbox=119,28,117,30', 400, 'bbox'],
  ['/api/layers/places/features?bbox=117,28,200,30', 400, 'bbox'],
  ['/api/layers/places/features?bbox=117,-91,118,30', 400, 'bbox'],
  [`/api/layers/places/features?q=${big}`, 400, 'q'],
  ['/api/layers/places/features?county=361102&county=361103', 400, 'county'],
  ['/api/stats?measure=4&measure=5', 400, 'measure'],
  ['/api/layers/places/features?__proto__=1', 400, '__proto__'],
  ['/api/layers/places/features?constructor=1', 400, 'constructor'],
  ['/api/stats?layers=roads', 400, 'layers'],
  ['/api/layers/places/features?layers=places', 400, 'layers'],
  ['/api/layers/places/features?limit=0', 400, 'limit'],
  ['/api/layers/places/features?limit=99999999', 400, 'limit'],
  ['/api/layers/places/features?offset=-5', 400, 'offset'],
  ['/api/layers/places/features?limit=1e3', 400, 'limit'],
  ['/api/health?verbose=1', 400, 'verbose'],
  ['/api/stats?q=%FF', 400, 'q'],
  ['/api/stats?county=%E4%B8', 400, 'county'],
  ['/api/features/..%2f..%2fetc%2fpasswd', 400, null],
  ['/api/features/%2e%2e%2f%2e%2e%2fpackage.json', 400, null],
  ['/assets/..%2f..%2fpackage.json', 400, null],
  ['/api/features/Bad_ID!', 400, 'id'],
  ['/api/features/no-such-feature', 404, 'id'],
  ['/api/nothing-here', 404, null],
];

/** How a message names a parameter when not by its key. */
const SAID_AS = new Map([
  ['q', /search text|"q"/],
  ['layers', /layer/],
]);

describe('malformed requests', async () => {
  const app = await testApp();

  it.each(MALFORMED)('%s → %i naming %s', async (path, status, parameter) => {
    const res = await app.request(path);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = await res.json();
    expect(Object.keys(body)).toEqual(['error']);
    expect(typeof body.error.code).toBe('string');
    expect(body.error.message.length).toBeGreaterThan(10);
    if (parameter) {
      expect(body.error.parameter).toBe(parameter);
      // The message names what was wrong (the parameter, as a user would call it) and what is allowed.
      expect(body.error.message.toLowerCase()).toMatch(SAID_AS.get(parameter) ?? parameter);
      expect(body.error.message).toMatch(/allowed|must be|give it once|no such parameter|e\.g\.|no feature has|not valid/i);
    }
    const text = JSON.stringify(body);
    expect(text).not.toMatch(/\bat [\w.<>]+ \(|node_modules|\/work\/|\.ts:\d+/);
    expect(text.length).toBeLessThan(2000);
  });

  it('says what is allowed in each message about a value', async () => {
    const cases: [string, RegExp][] = [
      ['/api/stats?measure=24', /1 to 23/],
      ['/api/stats?county=999999', /361102.*361181/],
      ['/api/stats?status=x', /planned, in_progress, completed, unknown/],
      ['/api/stats?bbox=1,2,3', /minLon,minLat,maxLon,maxLat/],
      ['/api/stats?layers=x', /green|places/],
    ];
    for (const [path, allowed] of cases) expect((await (await app.request(path)).json()).error.message, path).toMatch(allowed);
  });

  it.each(['POST', 'PUT', 'DELETE', 'PATCH'])('%s → 405 with Allow', async (method) => {
    const res = await app.request('/api/layers', { method, body: method === 'DELETE' ? undefined : '{}' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toMatch(/GET/);
    expect((await res.json()).error.code).toBe('method_not_allowed');
  });

  it('still answers normally after all of that', async () => {
    for (const [path] of MALFORMED) await app.request(path);
    const res = await app.request('/api/layers/places/features?county=361102');
    expect(res.status).toBe(200);
    expect((await res.json()).features.length).toBe(1);
  });
});

describe('malformed requests over a real socket', () => {
  let port = 0;
  let close: () => void = () => {};

  beforeAll(async () => {
    const app = await testApp();
    await new Promise<void>((resolve) => {
      const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
        port = info.port;
        resolve();
      });
      close = () => server.close();
    });
  });
  afterAll(() => close());

  const raw = (request: string) =>
    new Promise<string>((resolve) => {
      const s = connect(port, '127.0.0.1', () => s.end(request));
      let data = '';
      s.on('data', (d) => (data += d.toString('latin1')));
      s.on('end', () => resolve(data));
      s.on('error', () => resolve(data));
      s.setTimeout(5000, () => s.destroy());
    });

  it.each([
    ['invalid UTF-8 bytes in the query', 'GET /api/stats?q=\xff\xfe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'],
    ['a raw path traversal', 'GET /api/../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'],
    ['a malformed percent sequence', 'GET /api/stats?county=%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'],
  ])('%s gets a 4xx', async (_name, request) => {
    const response = await raw(request);
    expect(response).toMatch(/^HTTP\/1\.1 4\d\d /);
  });

  it('the server still answers afterwards', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/api/health`);
    expect(res.status).toBe(200);
  });
});
