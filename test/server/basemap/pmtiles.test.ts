/**
 * BASEMAP_PMTILES: a tiny archive written by the test (pmtiles-writer.ts), read back by the
 * `pmtiles` package; the start-up check refuses wrong files naming the variable; and the server
 * serves the archive over a real socket with range requests — the way the pages' `pmtiles`
 * protocol reads it (206, Accept-Ranges, If-Range/ETag, 304, 416).
 */
import { mkdtempSync, writeFileSync, utimesSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { FetchSource, PMTiles, type Source } from 'pmtiles';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPmtilesArchive } from '../../../server/basemap/archive';
import { testApp } from '../app-factory';
import { syntheticBasemap, tileId, writePmtiles } from './pmtiles-writer';

const dir = mkdtempSync(join(tmpdir(), 'sgm-pmtiles-'));
const { tiles, metadata } = syntheticBasemap(6);
const archive = writePmtiles(tiles, { metadata, bounds: [115.5, 27.5, 119, 29.8] });
const archivePath = join(dir, 'shangrao.pmtiles');
writeFileSync(archivePath, archive);

/** The archive in memory, as a `pmtiles` Source. */
const memory = (buf: Buffer): Source => ({
  getKey: () => 'memory',
  getBytes: async (offset, length) => ({ data: buf.buffer.slice(buf.byteOffset + offset, buf.byteOffset + offset + length) as ArrayBuffer }),
});

describe('the test PMTiles writer', () => {
  it('numbers tiles on the Hilbert curve as the spec does', () => {
    expect([tileId(0, 0, 0), tileId(1, 0, 0), tileId(1, 0, 1), tileId(1, 1, 1), tileId(1, 1, 0), tileId(2, 0, 0)]).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('writes an archive the pmtiles package reads back: header, metadata and every tile', async () => {
    const p = new PMTiles(memory(archive));
    const h = await p.getHeader();
    expect(h.specVersion).toBe(3);
    expect([h.minZoom, h.maxZoom, h.numAddressedTiles]).toEqual([0, 6, tiles.length]);
    expect(h.minLon).toBeCloseTo(115.5, 5);
    expect(((await p.getMetadata()) as { vector_layers: { id: string }[] }).vector_layers.map((l) => l.id)).toEqual(expect.arrayContaining(['earth', 'water', 'roads', 'places']));
    for (const t of tiles) {
      const got = await p.getZxy(t.z, t.x, t.y);
      expect(got, `${t.z}/${t.x}/${t.y}`).toBeDefined();
      expect(Buffer.from(got!.data)).toEqual(Buffer.from(t.data));
    }
    expect(await p.getZxy(6, 0, 0)).toBeUndefined();
  });
});

describe('checkPmtilesArchive (start-up check of BASEMAP_PMTILES)', () => {
  const write = (name: string, bytes: Uint8Array) => {
    const p = join(dir, name);
    writeFileSync(p, bytes);
    return p;
  };

  it('accepts a PMTiles v3 archive of vector tiles in the Protomaps schema', () => {
    expect(checkPmtilesArchive(archivePath)).toMatchObject({ minZoom: 0, maxZoom: 6, layers: expect.arrayContaining(['earth', 'water', 'roads', 'places']) });
  });

  it('refuses, naming the variable and what is allowed: a missing file, a directory, not PMTiles, another version, raster tiles, another schema, a cut file', () => {
    const cases: [string, RegExp][] = [
      [join(dir, 'nope.pmtiles'), /cannot be read \(ENOENT\)/],
      [dir, /is not a file/],
      [write('text.pmtiles', Buffer.from('hello, this is not an archive'.repeat(10))), /no "PMTiles" magic/],
      [write('v2.pmtiles', writePmtiles(tiles, { metadata, version: 2 })), /version 2; this server reads version 3/],
      [write('png.pmtiles', writePmtiles(tiles, { metadata, tileType: 2 })), /holds PNG tiles, not vector tiles/],
      [write('omt.pmtiles', writePmtiles(tiles, { metadata: { vector_layers: [{ id: 'transportation' }, { id: 'water' }] } })), /without earth, roads: not the Protomaps basemap schema/],
      [write('cut.pmtiles', archive.subarray(0, archive.length - 10)), /is cut short/],
    ];
    for (const [path, why] of cases) {
      expect(() => checkPmtilesArchive(path), path).toThrow(why);
      expect(() => checkPmtilesArchive(path), path).toThrow(/^BASEMAP_PMTILES=".*It must be a PMTiles v3 archive of vector tiles in the Protomaps basemap schema/s);
    }
  });
});

describe('GET /basemap/tiles.pmtiles over a socket', () => {
  let server: ServerType;
  let url: string;
  beforeAll(async () => {
    const app = await testApp(undefined, { BASEMAP_PMTILES: archivePath });
    await new Promise<void>((resolve) => {
      server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/basemap/tiles.pmtiles`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('HEAD and GET without Range: the whole archive, with Accept-Ranges, ETag and Content-Length', async () => {
    const head = await fetch(url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('Accept-Ranges')).toBe('bytes');
    expect(head.headers.get('Content-Length')).toBe(String(archive.length));
    expect(head.headers.get('ETag')).toMatch(/^"[a-z0-9-]+"$/);
    const get = await fetch(url);
    expect(get.status).toBe(200);
    expect(Buffer.from(await get.arrayBuffer())).toEqual(archive);
  });

  it('a Range gets 206 with exactly those bytes and Content-Range', async () => {
    for (const [range, start, end] of [
      ['bytes=0-126', 0, 126],
      ['bytes=127-1000', 127, 1000],
      [`bytes=${archive.length - 50}-`, archive.length - 50, archive.length - 1],
      ['bytes=-20', archive.length - 20, archive.length - 1],
    ] as const) {
      const r = await fetch(url, { headers: { Range: range } });
      expect(r.status, range).toBe(206);
      expect(r.headers.get('Content-Range')).toBe(`bytes ${start}-${end}/${archive.length}`);
      expect(r.headers.get('Content-Length')).toBe(String(end - start + 1));
      expect(Buffer.from(await r.arrayBuffer())).toEqual(archive.subarray(start, end + 1));
    }
  });

  it('If-Range: the range while the ETag is current, the whole archive once it changed', async () => {
    const etag = (await fetch(url, { method: 'HEAD' })).headers.get('ETag')!;
    const same = await fetch(url, { headers: { Range: 'bytes=0-9', 'If-Range': etag } });
    expect(same.status).toBe(206);
    expect((await same.arrayBuffer()).byteLength).toBe(10);
    const stale = await fetch(url, { headers: { Range: 'bytes=0-9', 'If-Range': '"an-older-archive"' } });
    expect(stale.status).toBe(200);
    expect((await stale.arrayBuffer()).byteLength).toBe(archive.length);
    expect((await fetch(url, { headers: { 'If-None-Match': etag } })).status).toBe(304);
  });

  it('a replaced archive gets a new ETag', async () => {
    const before = (await fetch(url, { method: 'HEAD' })).headers.get('ETag');
    utimesSync(archivePath, new Date(), new Date(Date.now() + 5000));
    const after = (await fetch(url, { method: 'HEAD' })).headers.get('ETag');
    expect(after).not.toBe(before);
  });

  it('a range beyond the end is 416 with Content-Range bytes */size and a JSON error naming Range', async () => {
    const r = await fetch(url, { headers: { Range: `bytes=${archive.length}-${archive.length + 100}` } });
    expect(r.status).toBe(416);
    expect(r.headers.get('Content-Range')).toBe(`bytes */${archive.length}`);
    const body = await r.json();
    expect(body.error).toMatchObject({ code: 'range_not_satisfiable', parameter: 'Range' });
    expect(body.error.message).toMatch(new RegExp(`outside the archive's ${archive.length} bytes; allowed: bytes=START-END`));
  });

  it('the pmtiles reader (as the pages use it) reads header and tiles through the server', async () => {
    const p = new PMTiles(new FetchSource(url));
    const h = await p.getHeader();
    expect([h.specVersion, h.maxZoom]).toEqual([3, 6]);
    const t = tiles.find((x) => x.z === 6)!;
    expect(Buffer.from((await p.getZxy(t.z, t.x, t.y))!.data)).toEqual(Buffer.from(t.data));
  });

  it('/api/config tells the pages where the archive is', async () => {
    const body = await (await fetch(url.replace('/basemap/tiles.pmtiles', '/api/config'))).json();
    expect(body.basemaps).toMatchObject({ pmtiles: '/basemap/tiles.pmtiles', style: null });
  });
});

describe('without BASEMAP_PMTILES', () => {
  it('serves no archive', async () => {
    const app = await testApp();
    expect((await app.request('/basemap/tiles.pmtiles')).status).toBe(404);
  });
});
