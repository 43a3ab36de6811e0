/**
 * A large change set built in a worker thread (server/store/memory/worker-build.ts) is the one the
 * server's thread would build: the same journal bytes, the same state, after a restart too; a
 * refused row is refused the same way; a worker that fails leaves the store as it was and answers
 * a clear error.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { changeSetWorker, importPool, warmImportPool } from '../../server/import/pool';
import { DEFAULT_IMPORT_LIMITS } from '../../server/import/limits';
import { EmbeddedStore } from '../../server/store/memory/embedded-store';
import { buildInWorker, workerBuild, type WorkerBuildTask, type WorkerRun } from '../../server/store/memory/worker-build';
import { CountyIndex } from '../../server/store/membership';
import type { Entry, EntrySource } from '../../server/store/memory/overlay';
import { WriteError, type FeatureWrite } from '../../server/store/types';
import { dataset, feature } from './factories';

const open: EmbeddedStore[] = [];
const AT = new Date('2026-03-04T05:06:07.000Z');
const me = { author: { username: 'tester' }, kind: 'import' as const, note: '导入 · import' };

beforeAll(() => warmImportPool(DEFAULT_IMPORT_LIMITS.workers), 60_000);
afterAll(() => importPool(DEFAULT_IMPORT_LIMITS.workers).destroy());
afterEach(async () => {
  for (const s of open.splice(0)) await s.close().catch(() => {});
});

async function store(opts: Partial<Parameters<typeof EmbeddedStore.open>[0]>, dir = mkdtempSync(join(tmpdir(), 'sgm-apply-worker-'))) {
  // Extra features to update and delete, beside the factory's five.
  const extra = Array.from({ length: 40 }, (_, i) => feature(`old${i}`, { type: 'Point', coordinates: [117.2 + i * 0.01, 28.3] }));
  const s = await EmbeddedStore.open({ stateDir: dir, dataset: dataset(extra), log: () => {}, now: () => AT, ...opts });
  open.push(s);
  return { s, dir };
}

/** Creates (with their own ids: generated ids are random), updates (one moves east) and deletes; a restore of one deleted earlier. */
function mixed(n: number): FeatureWrite[] {
  const out: FeatureWrite[] = [];
  for (let i = 0; i < n; i++) {
    const { properties } = feature(`new${i}`, { type: 'Point', coordinates: [117.05 + (i % 50) * 0.01, 28.05 + Math.floor(i / 50) * 0.01] }, { name: `新地点${i}`, status: 'planned' });
    out.push({ op: 'create', layer: 'places', feature: { type: 'Feature', geometry: { type: 'Point', coordinates: [117.05 + (i % 50) * 0.01, 28.05 + Math.floor(i / 50) * 0.01] }, properties } });
  }
  for (let i = 0; i < 20; i++) out.push({ op: 'update', id: `old${i}`, patch: { properties: { name: `改名${i}`, location_note: `第${i}行` } }, expectVersion: 1 });
  out.push({ op: 'update', id: 'west-point', patch: { geometry: { type: 'Point', coordinates: [118.4, 28.6] } } });
  for (let i = 20; i < 30; i++) out.push({ op: 'delete', id: `old${i}` });
  out.push({ op: 'delete', id: 'old35' }, { op: 'restore', id: 'old35' });
  return out;
}

/** Everything a reader can see of the state, as JSON. */
async function stateOf(s: EmbeddedStore) {
  const features = (await s.features({})).features;
  const ids = ['west-point', 'old0', 'old19', 'old20', 'old35', 'new0', 'new1499'];
  return JSON.parse(
    JSON.stringify({
      version: s.version,
      features,
      stored: await Promise.all(ids.map((id) => s.storedFeature(id, { includeDeleted: true }))),
      changes: await s.changes({ limit: 100, changeLimit: 100_000 }),
      stats: await s.stats({}),
      west: (await s.features({ counties: ['361102'] })).numberMatched,
      bbox: (await s.features({ bbox: [118.3, 28.5, 118.5, 28.7] })).features.map((f) => f.id),
    }),
  );
}

describe('EmbeddedStore: change sets built in a worker thread', () => {
  it('gives the journal bytes and the state the server thread gives, and after a restart', async () => {
    const main = await store({ buildWorker: null });
    let built = 0;
    const real = changeSetWorker(DEFAULT_IMPORT_LIMITS.workers);
    const worker = await store({ workerFrom: 1, buildWorker: (task, transfer) => (built++, real(task, transfer)) });
    const writes = mixed(1500);
    const a = await main.s.apply(structuredClone(writes), me);
    const b = await worker.s.apply(structuredClone(writes), me);
    expect(b).toEqual(a);
    expect(a.changes).toHaveLength(1500 + 21 + 10 + 2);
    // A second change set over the first (the worker sees the entries it names as they are now).
    const again = [...mixed(0).slice(0, 5).map((w) => ({ ...w, expectVersion: 2 }) as FeatureWrite), { op: 'update', id: 'new7', patch: { properties: { name: '再改' } } } as FeatureWrite];
    expect(await worker.s.apply(structuredClone(again), me)).toEqual(await main.s.apply(structuredClone(again), me));
    expect(built).toBe(2);
    const journalA = readFileSync(join(main.dir, 'journal-0.log'));
    const journalB = readFileSync(join(worker.dir, 'journal-0.log'));
    expect(journalA.length).toBeGreaterThan(500_000);
    expect(journalB.equals(journalA)).toBe(true);
    const stateA = await stateOf(main.s);
    expect(stateA.features.length).toBe(45 + 1500 - 10);
    expect(await stateOf(worker.s)).toEqual(stateA);
    await worker.s.close();
    const reopened = await store({ workerFrom: 1 }, worker.dir);
    expect(await stateOf(reopened.s)).toEqual(stateA);
  }, 120_000);

  it('refuses an invalid row as the server thread does, and changes nothing', async () => {
    const main = await store({ buildWorker: null });
    const worker = await store({ workerFrom: 1 });
    const writes = mixed(1200);
    (writes[1100] as { feature: { geometry: unknown } }).feature.geometry = { type: 'Point', coordinates: [500, 28.1] };
    const refusal = (s: EmbeddedStore) => s.apply(structuredClone(writes), me).then(() => undefined, (e: unknown) => e);
    const ea = (await refusal(main.s)) as WriteError;
    const eb = (await refusal(worker.s)) as WriteError;
    expect(eb).toBeInstanceOf(WriteError);
    expect({ status: eb.status, code: eb.code, message: eb.message, field: eb.field }).toEqual({ status: ea.status, code: ea.code, message: ea.message, field: ea.field });
    expect(eb.status).toBe(422);
    expect(worker.s.version).toBe('test-1');
    expect(readFileSync(join(worker.dir, 'journal-0.log'))).toHaveLength(0);
  }, 120_000);

  const failing: [string, WorkerRun][] = [
    ['throws at once', async () => {
      throw new Error('worker thread died');
    }],
    // The whole change set built and sent back, then the task fails: nothing may be kept of it.
    ['throws after sending the change set', async (task) => {
      await workerBuild(task);
      throw new Error('worker thread died after its last message');
    }],
  ];
  for (const [what, run] of failing)
    it(`a worker that ${what} leaves the store unchanged, answers 503 build_failed, and the next write works`, async () => {
      const { s, dir } = await store({ workerFrom: 10, buildWorker: run });
      const before = await stateOf(s);
      const e = await s.apply(mixed(50), me).then(() => undefined, (err: unknown) => err);
      expect(e).toBeInstanceOf(WriteError);
      expect((e as WriteError).status).toBe(503);
      expect((e as WriteError).code).toBe('build_failed');
      expect((e as WriteError).message).toMatch(/worker thread died.*nothing was written and nothing changed/);
      expect(await stateOf(s)).toEqual(before);
      expect(readFileSync(join(dir, 'journal-0.log'))).toHaveLength(0);
      // A small edit takes the server thread's path and is written.
      await s.apply([{ op: 'update', id: 'west-point', patch: { properties: { name: '仍可写' } } }], me);
      expect((await s.feature('west-point'))?.properties.name).toBe('仍可写');
      expect(s.version).toBe('test-1+1');
    }, 60_000);

  it('builds again, with the id taken, when an id the worker generated exists in the live state', async () => {
    const ds = dataset();
    const cat = { layers: new Map(ds.layers.map((l) => [l.id, l])), measures: new Map(ds.measures.map((m) => [m.id, m])), measureIds: new Set(ds.measures.map((m) => m.id)), index: new CountyIndex(ds.counties) };
    const entries = new Map<string, Entry>(ds.features.map((f) => [f.properties.id, { feature: f, version: 1, deleted: false }]));
    // The live state "has" the first generated id it is asked about (as if another change set had made it).
    const victims = new Set<string>();
    const parent: EntrySource = {
      get: (id) => {
        if (!entries.has(id) && /^places-[0-9a-f]{8}$/.test(id) && victims.size === 0) victims.add(id);
        return entries.get(id) ?? (victims.has(id) ? { feature: ds.features[0], version: 1, deleted: false } : undefined);
      },
      progress: () => [],
    };
    const tasks: WorkerBuildTask[] = [];
    const run: WorkerRun = (task) => (tasks.push(task), workerBuild(task));
    const writes: FeatureWrite[] = Array.from({ length: 30 }, (_, i) => {
      const { id: _id, ...properties } = feature(`g${i}`, { type: 'Point', coordinates: [117.1 + i * 0.01, 28.1] }).properties;
      return { op: 'create', layer: 'places', feature: { type: 'Feature', geometry: { type: 'Point', coordinates: [117.1 + i * 0.01, 28.1] }, properties } };
    });
    const built = await buildInWorker(run, parent, cat, writes, me, 1, AT.toISOString(), 'test-1', () => undefined);
    expect(victims.size).toBe(1);
    const [victim] = victims;
    expect(tasks.map((t) => t.taken)).toEqual([[], [victim]]);
    expect(built.changeSet.changes).toHaveLength(30);
    expect(built.changeSet.changes.map((c) => c.feature)).not.toContain(victim);
    expect([...built.overlay.entries.keys()]).not.toContain(victim);
  });
});
