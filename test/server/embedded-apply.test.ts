/**
 * A large change set (an import) is built in a worker thread (server/store/memory/worker-build.ts;
 * with `buildWorker: null`, and for reverts, on the server's thread in slices, server/slices.ts) and
 * installed in slices: reads are answered meanwhile, from the version before it; it is all or
 * nothing; queued writes still share one journal sync; the journal record is the same bytes as one
 * JSON.stringify.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { importPool } from '../../server/import/pool';
import { DEFAULT_IMPORT_LIMITS } from '../../server/import/limits';
import { EmbeddedStore } from '../../server/store/memory/embedded-store';
import { frame, frameSliced, realIo, readRecords, type JournalIo } from '../../server/store/memory/journal';
import { slicer, stringifySliced } from '../../server/slices';
import { WriteError, type FeatureWrite } from '../../server/store/types';
import { dataset, feature } from './factories';

const me = { author: { username: 'tester' }, kind: 'import' as const };
const open: EmbeddedStore[] = [];
const ROWS = 20_000;

async function store(dir = mkdtempSync(join(tmpdir(), 'sgm-apply-')), extra: Partial<Parameters<typeof EmbeddedStore.open>[0]> = {}) {
  const s = await EmbeddedStore.open({ stateDir: dir, dataset: dataset(), log: () => {}, ...extra });
  open.push(s);
  return { s, dir };
}

afterAll(() => importPool(DEFAULT_IMPORT_LIMITS.workers).destroy());
afterEach(async () => {
  for (const s of open.splice(0)) await s.close().catch(() => {});
});

/** N creates of distinct points in the west county of the test data (as an import sends them). */
function creates(n: number): FeatureWrite[] {
  return Array.from({ length: n }, (_, i) => {
    const { id: _id, ...properties } = feature(`r${i}`, { type: 'Point', coordinates: [117.05 + (i % 200) * 0.001, 28.05 + Math.floor(i / 200) * 0.001] }).properties;
    return { op: 'create', layer: 'places', feature: { type: 'Feature', geometry: { type: 'Point', coordinates: [117.05 + (i % 200) * 0.001, 28.05 + Math.floor(i / 200) * 0.001] }, properties } };
  });
}

/** Marks in order: `read` for each read answered, `w<i>` when the store first looks at write i (see `watch`). */
let log: string[] = [];

/** Makes the store's first look at writes[i] show in `log`. */
function watch(writes: FeatureWrite[], i: number): void {
  const w = writes[i] as { feature: unknown };
  const f = w.feature;
  let seen = false;
  Object.defineProperty(w, 'feature', {
    enumerable: true,
    get() {
      if (!seen) log.push(`w${i}`);
      seen = true;
      return f;
    },
  });
}

/** Reads, one per turn of the event loop, until `settled` says stop; each with the version and count it saw. */
async function readWhile(s: EmbeddedStore, settled: () => boolean) {
  const seen: { version: string; places: number; settledBefore: boolean }[] = [];
  while (!settled()) {
    const [page, stats] = await Promise.all([s.features({ layer: 'places', limit: 1 }), s.stats({})]);
    log.push('read');
    seen.push({ version: stats.data_version, places: page.numberMatched, settledBefore: !settled() });
    await new Promise((r) => setImmediate(r));
  }
  return seen;
}

describe('EmbeddedStore: a large change set does not block reads', () => {
  for (const [path, buildWorker] of [['built in a worker thread', undefined], ['built on the server thread', null]] as const)
  it(`answers reads from the old version while ${ROWS} rows are applied (${path}), then shows every row, after a restart too`, async () => {
    const { s, dir } = await store(undefined, { buildWorker });
    const before = s.version;
    const placesBefore = (await s.features({ layer: 'places', limit: 1 })).numberMatched;
    const writes = creates(ROWS);
    log = [];
    watch(writes, 100);
    watch(writes, ROWS - 100);
    let settled = false;
    const applying = s.apply(writes, me).finally(() => (settled = true));
    const seen = await readWhile(s, () => settled);
    const cs = await applying;
    // Reads were answered while the writes were being validated (on the server thread) or sent to
    // the worker (not only while the journal synced).
    expect(log.indexOf('w100')).toBeGreaterThanOrEqual(0);
    expect(log.slice(log.indexOf('w100'), log.indexOf(`w${ROWS - 100}`))).toContain('read');
    // Some reads were answered while the apply was in progress, and each saw the whole old version.
    const during = seen.filter((r) => r.settledBefore);
    expect(during.length).toBeGreaterThan(0);
    for (const r of during) expect(r).toEqual({ version: before, places: placesBefore, settledBefore: true });
    expect(cs.changes).toHaveLength(ROWS);
    expect(s.version).toBe(`${before}+1`);
    expect((await s.features({ layer: 'places', limit: 1 })).numberMatched).toBe(placesBefore + ROWS);
    const last = cs.changes.at(-1)!.feature!;
    expect((await s.features({ bbox: [117.05, 28.05, 117.3, 28.2], layer: 'places', limit: 100000 })).features.some((f) => f.id === last)).toBe(true);
    await s.close();
    const { s: again } = await store(dir);
    expect(again.version).toBe(`${before}+1`);
    expect((await again.features({ layer: 'places', limit: 1 })).numberMatched).toBe(placesBefore + ROWS);
    expect((await again.feature(last))?.properties.name).toBe(`地点r${ROWS - 1}`);
    // Revert of the import in one step.
    const undo = await again.revert(cs.id, { author: { username: 'tester' } });
    expect(undo.changes).toHaveLength(ROWS);
    expect((await again.features({ layer: 'places', limit: 1 })).numberMatched).toBe(placesBefore);
  }, 120_000);

  it('refuses the whole change set for one bad row at its end, writes nothing, and reads go on meanwhile', async () => {
    const { s, dir } = await store();
    const before = s.version;
    const writes = creates(ROWS);
    (writes[ROWS - 1] as { feature: { geometry: unknown } }).feature.geometry = { type: 'Point', coordinates: [500, 28.1] };
    let settled = false;
    const applying = s.apply(writes, me).then(
      () => undefined,
      (e: unknown) => e,
    );
    applying.finally(() => (settled = true));
    const seen = await readWhile(s, () => settled);
    const e = await applying;
    expect(e).toBeInstanceOf(WriteError);
    expect((e as WriteError).status).toBe(422);
    expect(seen.filter((r) => r.settledBefore).length).toBeGreaterThan(0);
    expect(s.version).toBe(before);
    expect((await s.changes({})).numberMatched).toBe(0);
    await s.close();
    const { s: again } = await store(dir);
    expect(again.version).toBe(before);
  }, 120_000);

  it('writes queued during a large apply are acknowledged after it, together in one journal sync', async () => {
    let syncs = 0;
    const io: JournalIo = { ...realIo, sync: (fh) => (syncs++, realIo.sync(fh)) };
    const { s } = await store(undefined, { io });
    syncs = 0;
    const big = s.apply(creates(ROWS), me);
    // Queued once the big one is being prepared (a turn later), while it yields.
    await new Promise((r) => setImmediate(r));
    const small = [1, 2, 3].map((i) => s.apply([{ op: 'update', id: 'west-point', patch: { properties: { name: `名${i}` } } }], { author: { username: 'tester' } }));
    const ids = await Promise.all([big, ...small]);
    expect(ids.map((c) => c.id)).toEqual(['1', '2', '3', '4']);
    expect(syncs).toBe(2);
    expect((await s.feature('west-point'))?.properties.name).toBe('名3');
  }, 120_000);
});

describe('journal records made in slices', () => {
  const record = {
    seq: 7,
    changeSet: { id: '7', note: '导入 · import', reverts: undefined, changes: creates(3000).map((w, i) => ({ op: 'create', i, w, missing: undefined })) },
    entries: [{ feature: { a: [1, undefined, 'x'], b: undefined }, version: 1, deleted: false }],
    added: [],
    withdrawn: [{ change_set: '2', target: 't' }],
  };

  it('stringifySliced joins to exactly JSON.stringify, undefined fields and array holes included', async () => {
    const parts = await stringifySliced(record, slicer(0));
    expect(parts.length).toBeGreaterThan(3000);
    expect(parts.join('')).toBe(JSON.stringify(record));
  });

  it('frameSliced gives the bytes frame gives, readable back', async () => {
    const bufs = await frameSliced(record, slicer(0));
    const joined = Buffer.concat(bufs);
    expect(joined.equals(frame(record))).toBe(true);
    expect(readRecords(joined).payloads).toEqual([JSON.parse(JSON.stringify(record))]);
  });

  it('frameSliced of a record of several MB: several ~1 MB buffers, one checksum over them all, the bytes of frame', async () => {
    // eslint-disable-next-line no-sparse-arrays
    const big = { ...record, changeSet: { ...record.changeSet, changes: [...creates(12_000), undefined, , () => 1] }, entries: [[1, , undefined], { a: undefined }, 'x'] };
    const bufs = await frameSliced(big, slicer(0));
    expect(bufs[0]).toHaveLength(8);
    expect(bufs.length).toBeGreaterThan(3);
    for (const b of bufs.slice(1, -1)) expect(b.length).toBeGreaterThanOrEqual(1 << 20);
    expect(Buffer.concat(bufs).equals(frame(big))).toBe(true);
  });
});
