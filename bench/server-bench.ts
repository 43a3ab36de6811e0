/**
 * The server benchmark at one data size: each case against the real server, then the same
 * response bytes from nginx (pre-compressed static file — the limit) and from a bare node:http
 * server (the framework floor), all with autocannon on loopback.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { getBytes } from './http-get';
import { load, type LoadResult } from './load';
import { startNginx } from './nginx';
import { spawnUntil, stopChild } from './processes';

export interface Case {
  id: string;
  label: string;
  path: string;
  /** A new path per request: every request a filter not seen before. */
  pathFor?: (n: number) => string;
}

export const CASES: Case[] = [
  { id: 'layer', label: 'whole layer (cold-chain-bases)', path: '/api/layers/cold-chain-bases/features' },
  { id: 'filter', label: 'county + measure filter (scenic-areas, 婺源, measure 4)', path: '/api/layers/scenic-areas/features?county=361130&measure=4' },
  { id: 'bbox', label: 'bbox query (cold-chain-bases, 0.3° box)', path: '/api/layers/cold-chain-bases/features?bbox=117.8,28.3,118.1,28.6' },
  { id: 'stats', label: '/api/stats (no filter)', path: '/api/stats' },
  {
    id: 'miss',
    label: 'cache miss (a bbox never asked before, each request)',
    path: '/api/layers/cold-chain-bases/features?bbox=117.500000,28.4,117.6,28.5',
    pathFor: (n) => `/api/layers/cold-chain-bases/features?bbox=${(117.5 + n * 1e-6).toFixed(6)},28.4,117.6,28.5`,
  },
];

export interface CaseResult {
  id: string;
  label: string;
  bytes: number;
  server: LoadResult;
  nginx: LoadResult;
  bare: LoadResult;
}

export interface Compression {
  path: string;
  raw: number;
  gzip: number;
  br: number;
}

export interface BenchTiming {
  connections: number;
  seconds: number;
  warmup: number;
}

/** Raw, gzip and brotli sizes of a response, as the server sends them. */
export async function compressionOf(base: string, path: string): Promise<Compression> {
  const [raw, gzip, br] = await Promise.all(['identity', 'gzip', 'br'].map((e) => getBytes(base + path, e)));
  return { path, raw: raw.body.length, gzip: gzip.body.length, br: br.body.length };
}

export async function benchServer(serverUrl: string, workDir: string, timing: BenchTiming): Promise<CaseResult[]> {
  const root = join(workDir, 'static');
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  const sizes = new Map<string, number>();
  for (const c of CASES) {
    const r = await getBytes(serverUrl + c.path);
    if (r.status !== 200) throw new Error(`${c.path} answered ${r.status}: ${r.body.toString().slice(0, 300)}`);
    const gz = r.encoding === 'gzip' ? r.body : gzipSync(r.body);
    writeFileSync(join(root, `${c.id}.gz`), gz);
    sizes.set(c.id, gz.length);
  }
  const nginx = await startNginx(join(workDir, 'nginx'), root);
  const bare = await spawnUntil('bench/bare-node.ts', {}, /bare node listening on (\d+)/, 30_000, [root]);
  const bareUrl = `http://127.0.0.1:${bare.match[1]}`;
  const results: CaseResult[] = [];
  try {
    for (const c of CASES) {
      const opts = { connections: timing.connections, seconds: timing.seconds, warmup: timing.warmup };
      const server = await load({ ...opts, url: serverUrl + c.path, pathFor: c.pathFor });
      const ng = await load({ ...opts, url: `${nginx.url}/${c.id}` });
      const bn = await load({ ...opts, url: `${bareUrl}/${c.id}` });
      results.push({ id: c.id, label: c.label, bytes: sizes.get(c.id)!, server, nginx: ng, bare: bn });
      console.log(`  ${c.id}: server ${server.reqPerSec.toFixed(0)} req/s, nginx ${ng.reqPerSec.toFixed(0)}, bare node ${bn.reqPerSec.toFixed(0)}`);
    }
  } finally {
    await nginx.stop();
    await stopChild(bare.child);
  }
  return results;
}
