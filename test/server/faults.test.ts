/**
 * Faults the embedded store must survive, proved against a real server process
 * (fixtures/write-server.ts): kill -9 during bursts of concurrent writes (at many points, and
 * mid-journal-record), a full disk and a read-only state directory, readers during writes. The
 * same kill -9 bursts and readers-during-writes run on the PostGIS store (a database of the test
 * server; the database being stopped and started is test/server/postgis-faults.test.ts).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../pg/database';

interface Server {
  url: string;
  child: ChildProcess;
  output: () => string;
  exited: Promise<void>;
}

const running: ChildProcess[] = [];
afterEach(() => {
  for (const c of running.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

function start(stateDir: string, env: Record<string, string> = {}): Promise<Server> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/server/fixtures/write-server.ts'], {
      env: { ...process.env, STATE_DIR: stateDir, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.push(child);
    let out = '';
    const exited = new Promise<void>((r) => child.on('exit', () => r()));
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = out.match(/listening on (\d+)/);
      if (m) ok({ url: `http://127.0.0.1:${m[1]}`, child, output: () => out, exited });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => fail(new Error(`the write server exited (${code}) before listening:\n${out}`)));
  });
}

async function kill9(s: Server) {
  s.child.kill('SIGKILL');
  await s.exited;
}

const placeBody = (id: string) =>
  JSON.stringify({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [117.3, 28.3] },
    properties: { id, name: `点${id}`, name_en: `Point ${id}`, measures: [4], status: 'planned', clause: '（四）', quote: '支持', precision: 'approximate', location_note: '测试', location_note_en: 'test' },
  });

/** One write: a single create through the public API, or a pair (two creates in one change set). */
function write(url: string, n: number): { ids: string[]; send: () => Promise<boolean> } {
  if (n % 2 === 0) {
    const id = `k-${n}`;
    return {
      ids: [id],
      send: async () => (await fetch(`${url}/api/layers/places/features`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: placeBody(id) })).status === 201,
    };
  }
  return { ids: [`pair-a-${n}`, `pair-b-${n}`], send: async () => (await fetch(`${url}/test/pair/${n}`, { method: 'POST' })).status === 201 };
}

async function liveIds(url: string): Promise<Set<string>> {
  const res = await fetch(`${url}/api/layers/places/features`);
  expect(res.status).toBe(200);
  const fc = await res.json();
  expect(fc.numberMatched).toBe(fc.features.length);
  return new Set(fc.features.map((f: { id: string }) => f.id));
}

/** Every acknowledged write is there; nothing that was not attempted; no pair half there. */
function checkState(ids: Set<string>, acked: Set<string>, attempted: Set<number>) {
  for (const id of acked) expect(ids.has(id), `acknowledged ${id} is missing`).toBe(true);
  for (const id of ids) {
    const m = /^(?:k|pair-[ab])-(\d+)$/.exec(id);
    if (m) expect(attempted.has(Number(m[1])), `${id} was never written`).toBe(true);
  }
  for (const n of attempted) if (n % 2 === 1) expect(ids.has(`pair-a-${n}`), `pair ${n} is half there`).toBe(ids.has(`pair-b-${n}`));
}

/** Send writes n0..n0+count-1 from `concurrency` clients; kill -9 the server after `killAfter` acknowledgements. */
async function burst(s: Server, n0: number, count: number, concurrency: number, killAfter: number, acked: Set<string>, attempted: Set<number>) {
  let next = n0;
  let acks = 0;
  let killed: Promise<void> | undefined;
  const client = async () => {
    while (next < n0 + count && !killed) {
      const n = next++;
      attempted.add(n);
      const w = write(s.url, n);
      const ok = await w.send().catch(() => false);
      if (ok) {
        for (const id of w.ids) acked.add(id);
        if (++acks >= killAfter && !killed) killed = kill9(s);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  if (!killed) killed = kill9(s);
  await killed;
  return acks;
}

describe('embedded store faults (real server process)', { timeout: 240_000 }, () => {
  it('kill -9 during bursts of 200 concurrent writes, at many points: acknowledged writes all there, no change set half there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sgm-kill-'));
    const acked = new Set<string>();
    const attempted = new Set<number>();
    const killPoints = [1, 17, 60, 111, 163, 200];
    let n0 = 0;
    let total = 0;
    for (const killAfter of killPoints) {
      const s = await start(dir, { SNAPSHOT_EVERY: '45' });
      checkState(await liveIds(s.url), acked, attempted);
      total += await burst(s, n0, 200, 20, killAfter, acked, attempted);
      n0 += 200;
    }
    const s = await start(dir, { SNAPSHOT_EVERY: '45' });
    checkState(await liveIds(s.url), acked, attempted);
    expect(total).toBeGreaterThanOrEqual(killPoints.reduce((a, b) => a + b, 0));
    const history = await (await fetch(`${s.url}/api/changes?limit=1`)).json();
    expect(history.numberMatched).toBeGreaterThanOrEqual(total);
    await kill9(s);
  });

  it('kill -9 in the middle of writing a journal record: the torn record is dropped, everything before it kept', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sgm-torn-'));
    const acked = new Set<string>();
    const attempted = new Set<number>();
    for (let round = 0; round < 3; round++) {
      const s = await start(dir, { SLOW_WRITES: '1' });
      checkState(await liveIds(s.url), acked, attempted);
      const first = write(s.url, round * 10 + 1);
      attempted.add(round * 10 + 1);
      expect(await first.send()).toBe(true);
      for (const id of first.ids) acked.add(id);
      const halves = s.output().split('HALF').length;
      const torn = write(s.url, round * 10 + 3);
      attempted.add(round * 10 + 3);
      const pending = torn.send().catch(() => false);
      while (s.output().split('HALF').length === halves) await new Promise((r) => setTimeout(r, 5));
      await kill9(s);
      expect(await pending).toBe(false);
      const again = await start(dir);
      const ids = await liveIds(again.url);
      checkState(ids, acked, attempted);
      expect(ids.has(`pair-a-${round * 10 + 3}`), 'the record cut in half must not be applied').toBe(false);
      await kill9(again);
    }
  });

  it('20 readers during 200 writes: no 5xx, and every response shows one version (no change set half seen)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sgm-readers-'));
    const s = await start(dir, { MISS_PER_CLIENT: '64' }); // 20 readers from one address: one client to the miss limiter
    let done = false;
    const problems: string[] = [];
    let reads = 0;
    const reader = async (i: number) => {
      while (!done) {
        const path = i % 2 === 0 ? '/api/layers/places/features' : '/api/stats';
        const res = await fetch(`${s.url}${path}`);
        if (res.status >= 500) problems.push(`${path}: ${res.status}`);
        const body = await res.json();
        if (res.status !== 200) continue; // 429: the miss limiter asks this client to wait
        reads++;
        if (path.startsWith('/api/layers')) {
          const ids = new Set(body.features.map((f: { id: string }) => f.id));
          if (body.numberMatched !== ids.size) problems.push('numberMatched differs from the features returned');
          for (const id of ids) {
            const m = /^pair-a-(\d+)$/.exec(String(id));
            if (m && !ids.has(`pair-b-${m[1]}`)) problems.push(`pair ${m[1]} seen half`);
          }
        } else {
          const byLayer = body.layers.reduce((a: number, l: { count: number }) => a + l.count, 0);
          if (byLayer !== body.totals.features) problems.push('stats totals disagree with their layers');
        }
      }
    };
    const readers = Array.from({ length: 20 }, (_, i) => reader(i));
    const acked = new Set<string>();
    const attempted = new Set<number>();
    let next = 0;
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        while (next < 200) {
          const n = next++;
          attempted.add(n);
          const w = write(s.url, n);
          if (await w.send()) for (const id of w.ids) acked.add(id);
        }
      }),
    );
    done = true;
    await Promise.all(readers);
    expect(problems).toEqual([]);
    expect(reads).toBeGreaterThan(20);
    expect(acked.size).toBe(300);
    checkState(await liveIds(s.url), acked, attempted);
    await kill9(s);
  });

  it('a full disk (a 4 MB tmpfs) fails writes with 507 and changes nothing; reads go on; writes resume once there is room', async () => {
    const mnt = mkdtempSync(join(tmpdir(), 'sgm-tmpfs-'));
    const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mnt], { encoding: 'utf8' });
    expect(mount.status, `this test mounts a small tmpfs to fill it: it needs root with CAP_SYS_ADMIN (as .ci/run runs). mount said: ${mount.stderr}`).toBe(0);
    try {
      const dir = join(mnt, 'state');
      mkdirSync(dir);
      const s = await start(dir);
      expect(await write(s.url, 0).send()).toBe(true);
      // fill the disk
      let i = 0;
      try {
        for (;;) writeFileSync(join(mnt, `filler-${i++}`), Buffer.alloc(256 * 1024));
      } catch (e) {
        expect((e as NodeJS.ErrnoException).code).toBe('ENOSPC');
      }
      try {
        for (;;) writeFileSync(join(mnt, `small-${i++}`), Buffer.alloc(1024));
      } catch {
        // full to the last block
      }
      // The journal's last page may still hold a record or two; write until the disk refuses.
      let refused: { n: number; body: { error: { code: string; message: string } } } | undefined;
      const acked = new Set<string>(['k-0']);
      for (let n = 2; n < 200 && !refused; n += 2) {
        const before = await liveIds(s.url);
        const res = await fetch(`${s.url}/api/layers/places/features`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: placeBody(`k-${n}`) });
        if (res.status === 201) acked.add(`k-${n}`);
        else {
          expect(res.status).toBe(507);
          refused = { n, body: await res.json() };
          expect(await liveIds(s.url)).toEqual(before);
        }
      }
      expect(refused, 'no write was refused on a full disk').toBeDefined();
      expect(refused!.body.error.code).toBe('storage_full');
      expect(refused!.body.error.message).toMatch(/full.*nothing changed/);
      expect((await fetch(`${s.url}/api/stats`)).status).toBe(200);
      for (const f of [...Array(i).keys()]) {
        rmSync(join(mnt, `filler-${f}`), { force: true });
        rmSync(join(mnt, `small-${f}`), { force: true });
      }
      expect(await write(s.url, 1000).send()).toBe(true);
      acked.add('k-1000');

      await kill9(s);
      const again = await start(dir);
      const ids = await liveIds(again.url);
      for (const id of acked) expect(ids.has(id), id).toBe(true);
      expect(ids.has(`k-${refused!.n}`)).toBe(false);
      await kill9(again);
    } finally {
      spawnSync('umount', ['-l', mnt]);
    }
  });

  it('an unwritable journal (chattr +i) fails writes with 503 and changes nothing; reads go on; writes resume once it is writable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sgm-ro-'));
    const s = await start(dir);
    expect(await write(s.url, 0).send()).toBe(true);
    const journal = join(dir, 'journal-0.log');
    const lock = spawnSync('chattr', ['+i', journal], { encoding: 'utf8' });
    expect(lock.status, `this test makes the journal immutable with chattr (package e2fsprogs, root, a file system that supports it): ${lock.stderr}`).toBe(0);
    try {
      const before = await liveIds(s.url);
      const ro = await fetch(`${s.url}/api/layers/places/features`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: placeBody('k-2') });
      expect(ro.status).toBe(503);
      expect((await ro.json()).error).toMatchObject({ code: 'storage_unavailable' });
      expect(await liveIds(s.url)).toEqual(before);
      expect((await fetch(`${s.url}/api/stats`)).status).toBe(200);
    } finally {
      spawnSync('chattr', ['-i', journal]);
    }
    expect(await write(s.url, 4).send()).toBe(true);
    await kill9(s);
    const again = await start(dir);
    const ids = await liveIds(again.url);
    expect(ids.has('k-0') && ids.has('k-4')).toBe(true);
    expect(ids.has('k-2')).toBe(false);
    await kill9(again);
  });
});

describe('PostGIS store faults (real server process, one database)', { timeout: 240_000 }, () => {
  let db: TestDatabase | undefined;
  afterAll(async () => {
    for (const c of running.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
    await db?.drop();
  });

  it('kill -9 during bursts of 200 concurrent writes: every acknowledged write is committed, no change set half there, history numbered without gaps', async () => {
    db = await createTestDatabase();
    const env = { WRITE_SERVER_DATABASE_URL: db.url };
    const acked = new Set<string>();
    const attempted = new Set<number>();
    const killPoints = [1, 60, 150];
    let n0 = 0;
    let total = 0;
    for (const killAfter of killPoints) {
      const s = await start('/nonexistent-state-dir', env);
      checkState(await liveIds(s.url), acked, attempted);
      total += await burst(s, n0, 200, 20, killAfter, acked, attempted);
      n0 += 200;
    }
    const s = await start('/nonexistent-state-dir', env);
    checkState(await liveIds(s.url), acked, attempted);
    expect(total).toBeGreaterThanOrEqual(killPoints.reduce((a, b) => a + b, 0));
    const history = await (await fetch(`${s.url}/api/changes?limit=1000`)).json();
    expect(history.numberMatched).toBeGreaterThanOrEqual(total);
    // Change sets 1…N, each whole: a pair's change set holds both creates.
    const ids = history.change_sets.map((c: { id: string }) => Number(c.id)).sort((a: number, b: number) => a - b);
    expect(ids).toEqual(Array.from({ length: ids.length }, (_, i) => i + 1));
    for (const cs of history.change_sets) if (/^pair /.test(cs.note ?? '')) expect(cs.changes).toHaveLength(2);
    await kill9(s);
  });

  it('20 readers during 200 writes: no 5xx, and every response shows one version (no change set half seen)', async () => {
    const own = await createTestDatabase();
    try {
      const s = await start('/nonexistent-state-dir', { WRITE_SERVER_DATABASE_URL: own.url, MISS_PER_CLIENT: '64' });
      let done = false;
      const problems: string[] = [];
      let reads = 0;
      const reader = async (i: number) => {
        while (!done) {
          const path = i % 2 === 0 ? '/api/layers/places/features' : '/api/stats';
          const res = await fetch(`${s.url}${path}`);
          if (res.status >= 500) problems.push(`${path}: ${res.status}`);
          const body = await res.json();
          if (res.status !== 200) continue;
          reads++;
          if (path.startsWith('/api/layers')) {
            const ids = new Set(body.features.map((f: { id: string }) => f.id));
            if (body.numberMatched !== ids.size) problems.push('numberMatched differs from the features returned');
            for (const id of ids) {
              const m = /^pair-a-(\d+)$/.exec(String(id));
              if (m && !ids.has(`pair-b-${m[1]}`)) problems.push(`pair ${m[1]} seen half`);
            }
          } else {
            const byLayer = body.layers.reduce((a: number, l: { count: number }) => a + l.count, 0);
            if (byLayer !== body.totals.features) problems.push('stats totals disagree with their layers');
          }
        }
      };
      const readers = Array.from({ length: 20 }, (_, i) => reader(i));
      const acked = new Set<string>();
      const attempted = new Set<number>();
      let next = 0;
      await Promise.all(
        Array.from({ length: 10 }, async () => {
          while (next < 200) {
            const n = next++;
            attempted.add(n);
            const w = write(s.url, n);
            if (await w.send()) for (const id of w.ids) acked.add(id);
          }
        }),
      );
      done = true;
      await Promise.all(readers);
      expect(problems).toEqual([]);
      expect(reads).toBeGreaterThan(20);
      expect(acked.size).toBe(300);
      checkState(await liveIds(s.url), acked, attempted);
      await kill9(s);
    } finally {
      await own.drop();
    }
  });
});
