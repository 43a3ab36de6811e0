/**
 * A production start, as a deployer does it: build (web with Vite, server with esbuild — the two
 * halves of `npm run build`), copy the built output with package.json, package-lock.json and data/
 * into an empty directory, `npm ci --omit=dev` there, start `node dist/server/main.js` (what
 * `npm run serve` runs) and ask it for /api/health and the pages. No tsx, Vite or TypeScript
 * is installed there.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'sgm-deploy-'));
let child: ChildProcess | undefined;
let url = '';
let log = '';

function run(cmd: string, args: string[], cwd: string) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' }, timeout: 600_000 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${(r.stdout + r.stderr).slice(-3000)}`);
  return r.stdout;
}

beforeAll(async () => {
  const { build } = await import('vite');
  await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn', build: { outDir: join(dir, 'dist/web'), emptyOutDir: true } });
  run(process.execPath, ['--import', 'tsx', 'scripts/build-server.ts', '--out', join(dir, 'dist/server')], ROOT);
  for (const f of ['package.json', 'package-lock.json', 'data']) cpSync(join(ROOT, f), join(dir, f), { recursive: true });
  run('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund'], dir);

  child = spawn(process.execPath, ['dist/server/main.js'], { cwd: dir, env: { ...process.env, PORT: '0', HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`the built server did not listen within 60 s:\n${log}`)), 60_000);
    const onData = (b: Buffer) => {
      log += b.toString();
      const m = /listening on http:\/\/localhost:(\d+)\/[\s\S]*Ready:/.exec(log);
      if (m) {
        clearTimeout(timer);
        ok(`http://127.0.0.1:${m[1]}`);
      }
    };
    child!.stdout!.on('data', onData);
    child!.stderr!.on('data', onData);
    child!.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`the built server exited (${code}) before listening:\n${log}`));
    });
  });
}, 900_000);

afterAll(() => {
  child?.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

describe('npm ci --omit=dev of the built output', () => {
  it('has the production dependencies only', () => {
    const deps = Object.keys(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).dependencies);
    for (const d of deps) expect(existsSync(join(dir, 'node_modules', d)), d).toBe(true);
    for (const dev of ['tsx', 'vite', 'typescript', 'vitest', 'mapshaper', 'better-sqlite3', 'react']) expect(existsSync(join(dir, 'node_modules', dev)), dev).toBe(false);
  });

  it('carries the files the server reads at run time beside its code', () => {
    expect(existsSync(join(dir, 'dist/server/cql2.peggy'))).toBe(true);
    const migrations = readdirSync(join(dir, 'dist/server/migrations'));
    expect(migrations.length).toBe(readdirSync(join(ROOT, 'server/store/postgis/migrations')).length);
    expect(migrations.length).toBeGreaterThan(0);
  });

  it('starts with plain node and answers /api/health', async () => {
    const res = await fetch(`${url}/api/health`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.status).toBe('ok');
    expect(body.store.features).toBeGreaterThan(30);
  });

  it('serves the pages and the API from the build', async () => {
    for (const path of ['/', '/screen', '/embed', '/admin', '/print']) {
      const res = await fetch(`${url}${path}`);
      expect(res.status, path).toBe(200);
      expect(await res.text(), path).toMatch(/<script type="module"[^>]+src="\/assets\//);
    }
    const layers = await (await fetch(`${url}/api/layers`)).json();
    expect(layers.layers.map((l: { id: string }) => l.id)).toContain('gas-pipelines');
    // The OGC API parses CQL2 with the grammar shipped beside the code.
    const ogc = await fetch(`${url}/ogc/collections/gas-pipelines/items?filter=${encodeURIComponent("status = 'planned'")}`);
    expect(ogc.status).toBe(200);
  });
});
