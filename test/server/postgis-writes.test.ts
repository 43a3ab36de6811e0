/**
 * The PostGIS store's writes (server/store/postgis/writes.ts): the same change sets, history and
 * progress as the embedded store for the same script of writes; concurrent writers on one feature
 * (two stores on one database, as two servers) — exactly one wins, the rest get 412, never a lost
 * update; all or nothing; county membership recomputed in SQL; another store learns the new data
 * version through NOTIFY.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { ChangeSet } from '../../core/changes';
import { EmbeddedStore } from '../../server/store/memory/embedded-store';
import { PostgisStore } from '../../server/store/postgis/postgis-store';
import { WriteError, type ChangeQuery, type FeatureWrite, type Store, type WriteMeta } from '../../server/store/types';
import { createTestDatabase, type TestDatabase } from '../pg/database';
import { dataset, EAST, feature, WEST } from './factories';
import { expectSameJson } from './same-json';

const me: WriteMeta = { author: { username: 'tester' } };
const evidence = { status_date: '2025-06-30', status_evidence: { title: '上饶市2025年工作报告' } };
const dbs: TestDatabase[] = [];
const stores: { close(): Promise<void> }[] = [];

afterAll(async () => {
  for (const s of stores) await s.close().catch(() => {});
  for (const d of dbs) await d.drop().catch(() => {});
});

async function database(): Promise<TestDatabase> {
  const db = await createTestDatabase();
  dbs.push(db);
  return db;
}

async function postgis(url: string): Promise<PostgisStore> {
  const s = await PostgisStore.open(url, dataset(), { poolSize: 4 });
  stores.push(s);
  return s;
}

async function embedded(): Promise<EmbeddedStore> {
  const s = await EmbeddedStore.open({ stateDir: mkdtempSync(join(tmpdir(), 'sgm-pgw-')), dataset: dataset(), log: () => {} });
  stores.push(s);
  return s;
}

async function outcome(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    if (e instanceof WriteError) return String(e.status);
    throw e;
  }
}

/** A change set without its time (the two stores apply at different instants). */
const timeless = (cs: ChangeSet) => ({ ...cs, at: '' });

/** The same script of writes, each step's result (a change set without time, or the refusal). */
async function script(s: Store): Promise<unknown[]> {
  const out: unknown[] = [];
  const step = async (p: Promise<ChangeSet>) => {
    try {
      out.push(timeless(await p));
    } catch (e) {
      out.push(e instanceof WriteError ? { status: e.status, code: e.code, field: e.field ?? null, message: e.message } : String(e));
    }
  };
  const apply = (w: FeatureWrite[], m: WriteMeta = me) => step(s.apply(w, m));
  await apply([{ op: 'update', id: 'west-point', patch: { properties: { status: 'completed', ...evidence, internal_note: '内部' } }, expectVersion: 1 }], { ...me, note: '据报告' });
  await apply([{ op: 'update', id: 'west-point', patch: { properties: { name: 'x' } }, expectVersion: 1 }]); // stale → 412
  await apply([{ op: 'update', id: 'west-point', patch: { geometry: { type: 'Point', coordinates: [118.4, 28.4] } } }]); // moves into EAST
  await apply([{ op: 'update', id: 'east-point', patch: { properties: { status: 'completed' } } }]); // no evidence → 422
  await apply([{ op: 'create', layer: 'places', feature: { type: 'Feature', geometry: { type: 'Point', coordinates: [117.2, 28.2] }, properties: { ...feature('new-one', { type: 'Point', coordinates: [0, 0] }).properties, counties: ['x'] } } }]);
  await apply([{ op: 'create', layer: 'places', feature: { type: 'Feature', geometry: { type: 'Point', coordinates: [117.2, 28.2] }, properties: feature('new-one', { type: 'Point', coordinates: [0, 0] }).properties } }]); // id taken → 409
  await apply([
    { op: 'update', id: 'cross-line', patch: { properties: { name: '管线' } } },
    { op: 'update', id: 'nope', patch: { properties: { name: 'y' } } },
  ]); // all or nothing → 404
  await apply([{ op: 'delete', id: 'east-point' }]);
  await apply([{ op: 'update', id: 'east-point', patch: { properties: { name: 'z' } } }]); // deleted → 409
  await apply([{ op: 'progress', measure: 4, report: { target: 'm4-five-a', value: 2, as_of: '2025-12-31', source: '统计公报' } }]);
  await apply([{ op: 'progress', measure: 4, report: { target: 'm4-five-a', value: 3, as_of: '2026-06-30', source: '半年报' } }]);
  await apply([{ op: 'update', id: 'over-area', patch: { properties: { name: '区' } } }], { ...me, counties: [WEST] }); // over the border → 403
  await step(s.revert('1', me)); // west-point's status was changed again? no: only the geometry; status fields revert
  await step(s.revert('8', me)); // restores east-point
  await step(s.revert('11', me)); // withdraws the second report
  await step(s.revert('99', me)); // 404
  await apply([{ op: 'restore', id: 'east-point' }]); // not deleted → 409
  return out;
}

const QUERIES: ChangeQuery[] = [
  {},
  { publicOnly: true },
  { feature: 'west-point' },
  { feature: 'east-point', publicOnly: true },
  { counties: [EAST] },
  { counties: [WEST], publicOnly: true },
  { measures: [4] },
  { layer: 'places', limit: 2, offset: 1 },
  { since: '2000-01-01', until: '2999-01-01', limit: 3 },
  { since: '2999-01-01' },
];

describe('PostGIS writes answer as the embedded store does', { timeout: 120_000 }, () => {
  it('the same script gives the same change sets, refusals, features, history, progress and stats', async () => {
    const db = await database();
    const [m, p] = [await embedded(), await postgis(db.url)];
    const [a, b] = [await script(m), await script(p)];
    expect(b).toEqual(a);
    expect(p.version).toBe(m.version);
    expect(p.version).toBe('test-1+8');
    for (const id of ['west-point', 'east-point', 'cross-line', 'over-area', 'new-one'])
      expect(await p.storedFeature(id, { includeDeleted: true }), id).toEqual(await m.storedFeature(id, { includeDeleted: true }));
    for (const q of QUERIES) {
      const [x, y] = [await m.changes(q), await p.changes(q)];
      expect({ ...y, changeSets: y.changeSets.map(timeless) }, JSON.stringify(q)).toEqual({ ...x, changeSets: x.changeSets.map(timeless) });
    }
    const strip = (r: { reported_at: string }[]) => r.map((x) => ({ ...x, reported_at: '' }));
    expect(strip(await p.progress(4))).toEqual(strip(await m.progress(4)));
    expect(strip(await p.progress())).toEqual(strip(await m.progress()));
    const stats = async (s: Store) => JSON.parse(JSON.stringify(await s.stats({})).replace(/"reported_at":"[^"]*"/g, '"reported_at":""'));
    expectSameJson(await stats(p), await stats(m)); // key for key; km and km² within 0.5 %
    expect((await p.features({ layer: 'places' })).features.map((f) => f.id)).toEqual((await m.features({ layer: 'places' })).features.map((f) => f.id));
  });

  it('recomputes county membership in SQL for a moved feature (feature_counties), and the history names both counties', async () => {
    const db = await database();
    const s = await postgis(db.url);
    const cs = await s.apply([{ op: 'update', id: 'west-point', patch: { geometry: { type: 'Point', coordinates: [118.5, 28.7] } }, expectVersion: 1 }], me);
    expect(cs.changes[0].counties).toEqual([WEST, EAST]);
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    const { rows } = await c.query("SELECT county FROM feature_counties WHERE feature_id = 'west-point'");
    await c.end();
    expect(rows.map((r) => r.county)).toEqual([EAST]);
    expect((await s.feature('west-point'))?.properties.counties).toEqual([EAST]);
    expect((await s.features({ counties: [WEST], layer: 'places' })).features.map((f) => f.id)).not.toContain('west-point');
  });

  it('keeps history and versions across a restart (a new store on the same database)', async () => {
    const db = await database();
    const s = await postgis(db.url);
    await s.apply([{ op: 'update', id: 'west-point', patch: { properties: { name: '甲' } } }], me);
    await s.apply([{ op: 'delete', id: 'east-point' }], me);
    await s.close();
    const again = await postgis(db.url);
    expect(again.version).toBe('test-1+2');
    expect((await again.changes({})).changeSets.map((x) => x.id)).toEqual(['2', '1']);
    expect((await again.storedFeature('west-point'))?.version).toBe(2);
    expect(await again.storedFeature('east-point')).toBeUndefined();
    expect((await again.storedFeature('east-point', { includeDeleted: true }))?.deleted).toBe(true);
  });
});

describe('PostGIS: concurrent writers on one database', { timeout: 120_000 }, () => {
  it('on one feature with the same If-Match: exactly one wins, every other gets 412, nothing is overwritten', async () => {
    const db = await database();
    const [a, b] = [await postgis(db.url), await postgis(db.url)];
    const writes = Array.from({ length: 8 }, (_, i) =>
      (i % 2 ? a : b).apply([{ op: 'update', id: 'west-point', patch: { properties: { name: `writer-${i}` } }, expectVersion: 1 }], me),
    );
    const results = await Promise.all(writes.map(outcome));
    expect(results.filter((r) => r === 'ok')).toHaveLength(1);
    expect(results.filter((r) => r === '412')).toHaveLength(7);
    const winner = results.indexOf('ok');
    const stored = await b.storedFeature('west-point');
    expect(stored?.version).toBe(2);
    expect(stored?.feature.properties.name).toBe(`writer-${winner}`);
    expect((await a.changes({ feature: 'west-point' })).numberMatched).toBe(1);
  });

  it('writers that retry on 412 lose no update: every one of them is in the final feature', async () => {
    const db = await database();
    const [a, b] = [await postgis(db.url), await postgis(db.url)];
    const writer = async (s: PostgisStore, token: string) => {
      for (;;) {
        const cur = (await s.storedFeature('west-point'))!;
        const note = `${cur.feature.properties.location_note} ${token}`;
        const r = await outcome(s.apply([{ op: 'update', id: 'west-point', patch: { properties: { location_note: note } }, expectVersion: cur.version }], me));
        if (r === 'ok') return;
        expect(r).toBe('412');
      }
    };
    const tokens = Array.from({ length: 6 }, (_, i) => `t${i}`);
    await Promise.all(tokens.map((t, i) => writer(i % 2 ? a : b, t)));
    const final = (await a.storedFeature('west-point'))!;
    expect(final.version).toBe(1 + tokens.length);
    for (const t of tokens) expect(final.feature.properties.location_note.split(' ')).toContain(t);
    expect((await b.changes({})).numberMatched).toBe(tokens.length);
  });

  it('numbers change sets in commit order without gaps under parallel writes to different features', async () => {
    const db = await database();
    const [a, b] = [await postgis(db.url), await postgis(db.url)];
    const ids = ['west-point', 'east-point', 'cross-line', 'over-area'];
    const sets = await Promise.all(ids.flatMap((id, i) => [a, b].map((s, k) => s.apply([{ op: 'update', id, patch: { properties: { quote: `q${i}-${k}` } } }], me))));
    expect(sets.map((x) => Number(x.id)).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect((await a.changes({})).changeSets.map((x) => x.data_version)).toEqual([8, 7, 6, 5, 4, 3, 2, 1].map((n) => `test-1+${n}`));
  });

  it('another store learns the new data version through NOTIFY (polled, bounded at 5 s)', async () => {
    const db = await database();
    const [a, b] = [await postgis(db.url), await postgis(db.url)];
    await a.apply([{ op: 'update', id: 'west-point', patch: { properties: { name: '新' } } }], me);
    expect(a.version).toBe('test-1+1'); // the writer's own store: at once
    const end = Date.now() + 5000;
    while (b.version !== 'test-1+1' && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    expect(b.version).toBe('test-1+1');
  });

  it('an invalid write in a change set rolls the whole transaction back', async () => {
    const db = await database();
    const s = await postgis(db.url);
    const r = await outcome(
      s.apply(
        [
          { op: 'update', id: 'west-point', patch: { properties: { name: '改' } } },
          { op: 'update', id: 'east-point', patch: { geometry: { type: 'Point', coordinates: [500, 28] } } },
        ],
        me,
      ),
    );
    expect(r).toBe('422');
    expect((await s.storedFeature('west-point'))?.feature.properties.name).toBe('三清山');
    expect(s.version).toBe('test-1');
    expect((await s.changes({})).numberMatched).toBe(0);
  });
});
