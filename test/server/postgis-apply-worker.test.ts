/**
 * The PostGIS store builds an import-sized change set (WORKER_FROM writes or more) in the import
 * pool's worker thread too (server/store/postgis/writes.ts, server/store/memory/worker-build.ts):
 * the same change set, features and history as the embedded store building it on its own thread;
 * a refused row refused the same way, nothing written.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChangeSet } from '../../core/changes';
import { importPool, warmImportPool } from '../../server/import/pool';
import { DEFAULT_IMPORT_LIMITS } from '../../server/import/limits';
import { EmbeddedStore } from '../../server/store/memory/embedded-store';
import { WORKER_FROM } from '../../server/store/memory/worker-build';
import { PostgisStore } from '../../server/store/postgis/postgis-store';
import { WriteError, type FeatureWrite, type Store } from '../../server/store/types';
import { createTestDatabase, type TestDatabase } from '../pg/database';
import { dataset, feature } from './factories';

const me = { author: { username: 'tester' }, kind: 'import' as const, note: '导入 · import' };
const dbs: TestDatabase[] = [];
const stores: { close(): Promise<void> }[] = [];
const pool = () => importPool(DEFAULT_IMPORT_LIMITS.workers);

beforeAll(() => warmImportPool(DEFAULT_IMPORT_LIMITS.workers), 60_000);
afterAll(async () => {
  for (const s of stores) await s.close().catch(() => {});
  for (const d of dbs) await d.drop().catch(() => {});
  await pool().destroy();
});

const extra = () => Array.from({ length: 30 }, (_, i) => feature(`old${i}`, { type: 'Point', coordinates: [117.2 + i * 0.01, 28.3] }));

/** Creates with their own ids, updates and deletes of the extra features. */
function writes(n: number): FeatureWrite[] {
  const out: FeatureWrite[] = [];
  for (let i = 0; i < n; i++) {
    const geometry = { type: 'Point' as const, coordinates: [117.05 + (i % 50) * 0.01, 28.05 + Math.floor(i / 50) * 0.01] };
    out.push({ op: 'create', layer: 'places', feature: { type: 'Feature', geometry, properties: feature(`new${i}`, geometry, { name: `新地点${i}` }).properties } });
  }
  for (let i = 0; i < 20; i++) out.push({ op: 'update', id: `old${i}`, patch: { properties: { name: `改名${i}` } }, expectVersion: 1 });
  out.push({ op: 'update', id: 'west-point', patch: { geometry: { type: 'Point', coordinates: [118.4, 28.6] } } });
  for (let i = 20; i < 30; i++) out.push({ op: 'delete', id: `old${i}` });
  return out;
}

const timeless = (cs: ChangeSet) => ({ ...cs, at: '' });

describe('PostGIS: an import-sized change set built in a worker thread', { timeout: 120_000 }, () => {
  it('answers, stores and records what the embedded store does on its own thread', async () => {
    const db = await createTestDatabase();
    dbs.push(db);
    const p = await PostgisStore.open(db.url, dataset(extra()), { poolSize: 4 });
    stores.push(p);
    const m = await EmbeddedStore.open({ stateDir: mkdtempSync(join(tmpdir(), 'sgm-pg-worker-')), dataset: dataset(extra()), log: () => {}, buildWorker: null });
    stores.push(m);
    const w = writes(WORKER_FROM + 200);
    const tasks = pool().completed;
    const [a, b] = [await m.apply(structuredClone(w), me), await p.apply(structuredClone(w), me)];
    expect(pool().completed - tasks).toBe(1); // the PostGIS store's build; the embedded one ran here
    expect(timeless(b)).toEqual(timeless(a));
    expect(b.changes).toHaveLength(WORKER_FROM + 200 + 21 + 10);
    for (const id of ['west-point', 'old0', 'old25', 'new0', `new${WORKER_FROM + 199}`])
      expect(await p.storedFeature(id, { includeDeleted: true }), id).toEqual(await m.storedFeature(id, { includeDeleted: true }));
    const ids = async (s: Store) => (await s.features({ layer: 'places' })).features.map((f) => f.id).sort();
    expect(await ids(p)).toEqual(await ids(m));
    const page = async (s: Store) => (await s.changes({ changeSet: '1', changeLimit: 50, changeOffset: WORKER_FROM })).changeSets.map(timeless);
    expect(await page(p)).toEqual(await page(m));
    // Its revert (on this thread) undoes it in one step.
    await p.revert(b.id, { author: { username: 'tester' } });
    expect((await p.features({ layer: 'places' })).numberMatched).toBe(3 + 30);
  });

  it('refuses a bad row as the embedded store does and writes nothing', async () => {
    const db = await createTestDatabase();
    dbs.push(db);
    const p = await PostgisStore.open(db.url, dataset(extra()), { poolSize: 4 });
    stores.push(p);
    const w = writes(WORKER_FROM + 10);
    (w[WORKER_FROM] as { feature: { properties: { measures: number[] } } }).feature.properties.measures = [99];
    const m = await EmbeddedStore.open({ stateDir: mkdtempSync(join(tmpdir(), 'sgm-pg-worker-')), dataset: dataset(extra()), log: () => {}, buildWorker: null });
    stores.push(m);
    const refusal = async (s: Store) => {
      const e = await s.apply(structuredClone(w), me).then(() => undefined, (err: unknown) => err);
      expect(e).toBeInstanceOf(WriteError);
      const { status, code, field, message } = e as WriteError;
      return { status, code, field, message };
    };
    const expected = await refusal(m);
    const tasks = pool().completed;
    const got = await refusal(p);
    expect(pool().completed - tasks).toBe(1);
    expect(got).toEqual(expected);
    expect(got.status).toBe(422);
    expect((await p.changes({})).numberMatched).toBe(0);
    expect((await p.features({ layer: 'places' })).numberMatched).toBe(3 + 30);
  });
});
