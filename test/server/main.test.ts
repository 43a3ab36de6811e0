import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Run server/main.ts as `npm start` does (scripts/start.mjs: compiled, cached, plain Node); resolve with its output once it is ready (it listens at
 * once and prints "Ready:" when loaded), or, with `until: 'listening'`, as soon as it listens; or when it exits.
 */
function start(env: Record<string, string>, until: 'ready' | 'listening' = 'ready'): Promise<{ code: number | null; out: string; url?: string; stop: () => void; output: () => string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['scripts/start.mjs'], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', SKIP_WEB_BUILD: '1', STATE_DIR: mkdtempSync(join(tmpdir(), 'sgm-state-')), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = out.match(until === 'ready' ? /Shangrao Green Map listening on (http:\/\/localhost:\d+\/)[\s\S]*Ready:/ : /Shangrao Green Map listening on (http:\/\/localhost:\d+\/)/);
      if (m) resolve({ code: null, out, url: m[1], stop: () => child.kill('SIGTERM'), output: () => out });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => resolve({ code, out, stop: () => {}, output: () => out }));
  });
}

describe('server/main.ts through npm start (scripts/start.mjs)', { timeout: 60_000 }, () => {
  it('starts with the shipped data and answers', async () => {
    const s = await start({});
    try {
      expect(s.url).toBeDefined();
      const health = await (await fetch(`${s.url}api/health`)).json();
      expect(health.store.features).toBeGreaterThan(30);
    } finally {
      s.stop();
    }
  });

  it('listens at once and answers 503 `starting` (health too) until the data is loaded, then 200', async () => {
    const data = mkdtempSync(join(tmpdir(), 'sgm-slow-data-'));
    const state = mkdtempSync(join(tmpdir(), 'sgm-state-'));
    cpSync('data', data, { recursive: true });
    const first = await start({ DATA_DIR: data, STATE_DIR: state });
    first.stop();
    await new Promise((r) => setTimeout(r, 500));
    // The same release again, but one layer file is a pipe: loading waits until the test writes it.
    const file = join(data, 'layers/scenic-areas.geojson');
    const text = readFileSync(file, 'utf8');
    rmSync(file);
    execFileSync('mkfifo', [file]);
    const s = await start({ DATA_DIR: data, STATE_DIR: state }, 'listening');
    try {
      const health = await fetch(`${s.url}api/health`);
      expect(health.status).toBe(503);
      expect(health.headers.get('retry-after')).toBe('2');
      expect((await health.json()).error.code).toBe('starting');
      expect((await fetch(`${s.url}api/layers`)).status).toBe(503);
      await writeFile(file, text);
      await expect.poll(() => /Ready: embedded store/.test(s.output()), { timeout: 30_000 }).toBe(true);
      const ready = await fetch(`${s.url}api/health`);
      expect(ready.status).toBe(200);
      expect((await ready.json()).store.features).toBeGreaterThan(30);
    } finally {
      s.stop();
    }
  });

  it('refuses to start on invalid data, naming the file, the feature and the problem', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sgm-bad-data-'));
    cpSync('data', dir, { recursive: true });
    const file = join(dir, 'layers/scenic-areas.geojson');
    const fc = JSON.parse(readFileSync(file, 'utf8'));
    fc.features[0].properties.precision = 'guessed';
    writeFileSync(file, JSON.stringify(fc));
    const s = await start({ DATA_DIR: dir });
    expect(s.code).toBe(1);
    expect(s.out).toContain('layers/scenic-areas.geojson');
    expect(s.out).toContain(fc.features[0].properties.id);
    expect(s.out).toMatch(/precision/);
    expect(s.out).not.toMatch(/\n\s+at /);
  });

  it('refuses to start when a layer declares a non-public property public, naming file, layer and property', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sgm-leaky-data-'));
    cpSync('data', dir, { recursive: true });
    const file = join(dir, 'layers.json');
    const layers = JSON.parse(readFileSync(file, 'utf8'));
    layers[1].public_properties.push('internal_note');
    writeFileSync(file, JSON.stringify(layers));
    const s = await start({ DATA_DIR: dir });
    s.stop(); // in case it did start
    expect(s.code).toBe(1);
    expect(s.url).toBeUndefined();
    expect(s.out).toContain(`${dir}/layers.json`);
    expect(s.out).toContain(layers[1].id);
    expect(s.out).toMatch(/"internal_note" may not leave the server/);
  });

  it('refuses a malformed DATABASE_URL with a clear message', async () => {
    const s = await start({ DATABASE_URL: 'mysql://localhost/db' });
    expect(s.code).toBe(1);
    expect(s.out).toMatch(/DATABASE_URL must be a PostgreSQL URL/);
  });

  it('refuses a malformed PORT with a clear message', async () => {
    const s = await start({ PORT: 'eighty' });
    expect(s.code).toBe(1);
    expect(s.out).toMatch(/PORT must be a whole number/);
  });

  it('refuses a missing BASEMAP_PMTILES, naming the variable and what is allowed', async () => {
    const missing = await start({ BASEMAP_PMTILES: '/nonexistent/shangrao.pmtiles' });
    expect(missing.code).toBe(1);
    expect(missing.out).toMatch(/BASEMAP_PMTILES="\/nonexistent\/shangrao.pmtiles" cannot be read \(ENOENT\)\. It must be a PMTiles v3 archive/);
  });

  it('refuses a BASEMAP_PMTILES that is not a PMTiles archive', async () => {
    const notArchive = await start({ BASEMAP_PMTILES: 'package.json' });
    expect(notArchive.code).toBe(1);
    expect(notArchive.out).toMatch(/BASEMAP_PMTILES=".*package.json" is not a PMTiles archive/);
  });

  it('refuses a BASEMAP_STYLE that is not an http(s) URL, and both variables at once', async () => {
    const badUrl = await start({ BASEMAP_STYLE: 'gis.example.gov.cn/style.json' });
    expect(badUrl.code).toBe(1);
    expect(badUrl.out).toMatch(/BASEMAP_STYLE must be the http\(s\) URL of a MapLibre style, like https:\/\/.*, not "gis.example.gov.cn\/style.json"/);
    const both = await start({ BASEMAP_STYLE: 'https://gis.example.gov.cn/style.json', BASEMAP_PMTILES: 'x.pmtiles' });
    expect(both.code).toBe(1);
    expect(both.out).toMatch(/Set one of BASEMAP_STYLE .* and BASEMAP_PMTILES .*, not both/);
  });
});
