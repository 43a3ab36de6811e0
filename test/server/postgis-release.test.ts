/**
 * A new data release into a loaded PostGIS database (server/store/postgis/release.ts): the
 * differences come in at start as one change set of kind `release`, local edits to fields the
 * release did not touch survive (the same three-way merge as the embedded store, and the same
 * change set), a feature an editor created stays, several servers starting at once take it in
 * once, a county outline that moved re-derives membership, and a database loaded before the merge
 * base existed (migration 0013) rebuilds it from the history.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { ChangeSet } from '../../core/changes';
import type { Dataset } from '../../core/schema';
import { readDataset, readDatasetStamp, readDatasetVersion } from '../../server/dataset/load';
import { EmbeddedStore } from '../../server/store/memory/embedded-store';
import { PostgisStore } from '../../server/store/postgis/postgis-store';
import type { WriteMeta } from '../../server/store/types';
import { createTestDatabase, type TestDatabase } from '../pg/database';
import { dataset, EAST, feature, WEST } from './factories';
import { expectSameJson } from './same-json';

const me: WriteMeta = { author: { username: 'tester' } };
const dbs: TestDatabase[] = [];
const open: { close(): Promise<void> }[] = [];

afterAll(async () => {
  for (const s of open) await s.close().catch(() => {});
  for (const d of dbs) await d.drop().catch(() => {});
});

async function database(): Promise<TestDatabase> {
  const db = await createTestDatabase();
  dbs.push(db);
  return db;
}

async function postgis(url: string, ds: Dataset | (() => Promise<Dataset>), options: Parameters<typeof PostgisStore.open>[2] = {}): Promise<PostgisStore> {
  const s = await PostgisStore.open(url, ds, { poolSize: 4, listen: false, ...options });
  open.push(s);
  return s;
}

/** The next release of the factories' dataset: a quote added to west-point, far-point gone, a new point. */
function nextRelease(): Dataset {
  const next = dataset();
  next.version = 'test-2';
  next.features = next.features.filter((f) => f.properties.id !== 'far-point');
  next.features[0] = { ...next.features[0], properties: { ...next.features[0].properties, quote: '新的引文' } };
  next.features.push(feature('new-point', { type: 'Point', coordinates: [118.2, 28.7] }, { name: '新增点', name_en: 'New point', measures: [4], clause: '（四）' }));
  return next;
}

const timeless = (cs: ChangeSet) => ({ ...cs, at: '' });

/** Edits made before the release: a local name on west-point, an editor's own feature. */
async function localEdits(s: PostgisStore | EmbeddedStore): Promise<void> {
  await s.apply([{ op: 'update', id: 'west-point', patch: { properties: { name: '本地改名' } } }], me);
  const own = feature('editor-point', { type: 'Point', coordinates: [117.2, 28.2] }, { name: '编辑新增', name_en: 'Added by an editor' });
  await s.apply([{ op: 'create', layer: 'places', feature: own }], me);
}

describe('a data release into a loaded PostGIS database', { timeout: 60_000 }, () => {
  it('comes in at start as one change set, keeping local edits and features editors created — the same change set as the embedded store', async () => {
    const db = await database();
    const s = await postgis(db.url, dataset());
    await localEdits(s);
    await s.close();

    const again = await postgis(db.url, nextRelease());
    expect(again.releaseTaken).toMatchObject({ version: 'test-2', changes: 3 });
    expect(again.version).toBe('test-2+3');
    const w = (await again.feature('west-point'))!.properties;
    expect(w.name).toBe('本地改名');
    expect(w.quote).toBe('新的引文');
    expect(await again.feature('far-point')).toBeUndefined();
    expect((await again.feature('new-point'))?.properties.counties).toEqual([EAST]);
    expect(await again.feature('editor-point')).toBeDefined();
    const [release] = (await again.changes({})).changeSets;
    expect(release).toMatchObject({ kind: 'release', release: 'test-2', author: null });
    expect(release.changes.map((c) => `${c.op}:${c.feature}`).sort()).toEqual(['create:new-point', 'delete:far-point', 'update:west-point']);
    expect((await again.health()).data_version).toBe('test-2+3');

    // The embedded store, given the same edits and the same release, records the same change set.
    const dir = mkdtempSync(join(tmpdir(), 'sgm-rel-'));
    const e1 = await EmbeddedStore.open({ stateDir: dir, dataset: dataset(), log: () => {} });
    await localEdits(e1);
    await e1.close();
    const e2 = await EmbeddedStore.open({ stateDir: dir, dataset: nextRelease(), log: () => {} });
    open.push(e2);
    const [embeddedRelease] = (await e2.changes({})).changeSets;
    expectSameJson(timeless(release), timeless(embeddedRelease));
    expectSameJson(await again.stats({}), await e2.stats({}));
    await again.close();

    // The same release again: nothing new.
    const third = await postgis(db.url, nextRelease());
    expect(third.releaseTaken).toBeUndefined();
    expect((await third.changes({})).numberMatched).toBe(3);
  });

  it('is taken in once when several servers start at once on the new release', async () => {
    const db = await database();
    const first = await postgis(db.url, dataset());
    await first.close();
    const servers = await Promise.all([postgis(db.url, nextRelease()), postgis(db.url, nextRelease()), postgis(db.url, nextRelease())]);
    expect(servers.filter((s) => s.releaseTaken).length).toBe(1);
    const { changeSets } = await servers[0].changes({});
    expect(changeSets.filter((c) => c.kind === 'release')).toHaveLength(1);
  });

  it('re-derives county membership when a county outline moved, and serves the new layer and measure texts', async () => {
    const db = await database();
    const s = await postgis(db.url, dataset());
    expect((await s.feature('west-point'))!.properties.counties).toEqual([WEST]);
    await s.close();
    const next = dataset();
    next.version = 'test-3';
    // The west county now ends at 117.4: west-point (117.5) lies in neither outline.
    next.counties[0] = { ...next.counties[0], geometry: { type: 'Polygon', coordinates: [[[117, 28], [117.4, 28], [117.4, 29], [117, 29], [117, 28]]] } };
    next.layers[0] = { ...next.layers[0], name: '改名的图层' };
    const again = await postgis(db.url, next);
    expect(again.releaseTaken).toMatchObject({ version: 'test-3', changes: 0 });
    expect((await again.feature('west-point'))!.properties.counties).toEqual([]);
    expect((await again.layers()).find((l) => l.id === 'places')?.name).toBe('改名的图层');
  });

  it('rebuilds the merge base from the history in a database loaded before it was kept (migration 0013)', async () => {
    const db = await database();
    const s = await postgis(db.url, dataset());
    await localEdits(s);
    await s.close();
    // As a database loaded before 0013 looks after the migration: no base for the features change sets touched.
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    await c.query(`DELETE FROM release_features WHERE id IN (SELECT feature FROM changes WHERE feature IS NOT NULL)`);
    await c.query('UPDATE dataset SET release_base = false');
    await c.end();
    const again = await postgis(db.url, nextRelease());
    // Had the base of west-point been lost, the local name would have been replaced by the release's.
    expect((await again.feature('west-point'))!.properties.name).toBe('本地改名');
    expect(again.releaseTaken?.changes).toBe(3);
    expect(await again.feature('editor-point')).toBeDefined();
  });

  it('on a server start (function source) reads nothing while the files keep their stamp, hashes them when it changes, and reads the release only when the version moved', async () => {
    const db = await database();
    const calls = { stamp: 0, version: 0, read: 0 };
    let stamp = 'stamp-1';
    let version = 'test-1';
    const start = () =>
      postgis(db.url, async () => (calls.read++, version === 'test-1' ? dataset() : nextRelease()), {
        release: { stamp: async () => (calls.stamp++, stamp), version: async () => (calls.version++, version) },
      });
    const first = await start(); // an empty database: loaded, the stamp recorded
    expect(calls).toEqual({ stamp: 1, version: 0, read: 1 });
    await first.close();
    const second = await start(); // same stamp: not hashed, not read
    expect(calls).toEqual({ stamp: 2, version: 0, read: 1 });
    expect(second.releaseTaken).toBeUndefined();
    await second.close();
    stamp = 'stamp-2'; // touched, same content: hashed once, not read
    const third = await start();
    expect(calls).toEqual({ stamp: 3, version: 1, read: 1 });
    await third.close();
    await (await start()).close();
    expect(calls.version).toBe(1); // the new stamp was recorded
    stamp = 'stamp-3';
    version = 'test-2'; // a new release: hashed, read, taken in
    const fifth = await start();
    expect(calls).toEqual({ stamp: 5, version: 2, read: 2 });
    expect(fifth.releaseTaken).toMatchObject({ version: 'test-2', changes: 3 });
    expect(fifth.version).toBe('test-2+1');
  });

  it('learns the release in data/ from its files without parsing them: the same version parseDataset gives', async () => {
    const dir = resolve(import.meta.dirname, '../../data');
    expect(await readDatasetVersion(dir)).toBe((await readDataset(dir)).version);
    const stamp = JSON.parse((await readDatasetStamp(dir))!) as [string, number, number][];
    expect(stamp.map(([rel]) => rel)).toContain('layers/scenic-areas.geojson');
    expect(stamp.every(([, size]) => size > 0)).toBe(true);
    expect(await readDatasetStamp(join(dir, 'no-such-dir'))).toBeUndefined();
  });
});
