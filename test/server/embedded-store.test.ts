import { appendFileSync, mkdtempSync, readdirSync, readFileSync, statSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EmbeddedStore } from '../../server/store/memory/embedded-store';
import { realIo, type JournalIo } from '../../server/store/memory/journal';
import { WriteError, type FeatureWrite } from '../../server/store/types';
import { dataset, feature, WEST } from './factories';

const me = { author: { username: 'tester' } };
const quiet = () => {};
const open: EmbeddedStore[] = [];

async function store(dir = mkdtempSync(join(tmpdir(), 'sgm-state-')), extra: Partial<Parameters<typeof EmbeddedStore.open>[0]> = {}) {
  const s = await EmbeddedStore.open({ stateDir: dir, dataset: dataset(), log: quiet, ...extra });
  open.push(s);
  return { s, dir };
}

afterEach(async () => {
  for (const s of open.splice(0)) await s.close().catch(() => {});
});

async function refused(p: Promise<unknown>): Promise<WriteError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof WriteError) return e;
    throw e;
  }
  throw new Error('the write was accepted');
}

const evidence = { status_date: '2025-06-30', status_evidence: { title: '上饶市2025年工作报告' } };

describe('EmbeddedStore: seeding and reads', () => {
  it('seeds from the dataset on first start and serves it at version 1 each', async () => {
    const { s, dir } = await store();
    expect((await s.features({})).numberMatched).toBe(5);
    expect(s.version).toBe('test-1');
    expect((await s.storedFeature('west-point'))?.version).toBe(1);
    expect(readdirSync(dir).sort()).toEqual(['derived', 'journal-0.log', 'lock', 'release-test-1', 'snapshot.json']);
    expect((await s.health()).kind).toBe('embedded');
  });
});

describe('EmbeddedStore: writes', () => {
  it('updates with a merge patch, records before and after per field, and moves the version', async () => {
    const { s } = await store();
    const cs = await s.apply([{ op: 'update', id: 'west-point', patch: { properties: { status: 'completed', ...evidence } }, expectVersion: 1 }], { ...me, note: 'checked' });
    expect(cs.changes[0].fields).toEqual([
      { field: 'status', before: 'planned', after: 'completed' },
      { field: 'status_date', before: null, after: '2025-06-30' },
      { field: 'status_evidence', before: null, after: { title: '上饶市2025年工作报告' } },
    ]);
    expect(cs.author).toEqual({ username: 'tester' });
    expect(cs.note).toBe('checked');
    expect(s.version).toBe('test-1+1');
    expect((await s.feature('west-point'))?.properties.status).toBe('completed');
    expect((await s.feature('west-point'))?.properties.status_date).toBe('2025-06-30');
    expect((await s.storedFeature('west-point'))?.version).toBe(2);
  });

  it('refuses a status change without date and evidence, and changes nothing', async () => {
    const { s } = await store();
    const e = await refused(s.apply([{ op: 'update', id: 'west-point', patch: { properties: { status: 'completed' } } }], me));
    expect(e.status).toBe(422);
    expect(e.field).toBe('properties.status_date');
    expect(s.version).toBe('test-1');
    expect((await s.feature('west-point'))?.properties.status).toBe('planned');
  });

  it('applies several writes all or nothing: one invalid write leaves every feature as it was', async () => {
    const { s } = await store();
    const writes: FeatureWrite[] = [
      { op: 'update', id: 'west-point', patch: { properties: { name: '新名字' } } },
      { op: 'update', id: 'east-point', patch: { properties: { measures: [99] } } },
    ];
    const e = await refused(s.apply(writes, me));
    expect(e.field).toBe('properties.measures.0');
    expect((await s.feature('west-point'))?.properties.name).toBe('三清山');
    expect((await s.changes({})).numberMatched).toBe(0);
  });

  it('refuses a stale version with 412', async () => {
    const { s } = await store();
    await s.apply([{ op: 'update', id: 'west-point', patch: { properties: { name: 'A' } }, expectVersion: 1 }], me);
    const e = await refused(s.apply([{ op: 'update', id: 'west-point', patch: { properties: { name: 'B' } }, expectVersion: 1 }], me));
    expect(e.status).toBe(412);
    expect((await s.feature('west-point'))?.properties.name).toBe('A');
  });

  it('recomputes county membership for a moved feature and ignores derived properties sent back', async () => {
    const { s } = await store();
    await s.apply([{ op: 'update', id: 'west-point', patch: { geometry: { type: 'Point', coordinates: [118.5, 28.6] }, properties: { counties: ['361130'] } } }], me);
    expect((await s.feature('west-point'))?.properties.counties).toEqual(['361103']);
  });

  it('refuses invalid geometry naming the field', async () => {
    const { s } = await store();
    const e = await refused(s.apply([{ op: 'update', id: 'cross-line', patch: { geometry: { type: 'Point', coordinates: [200, 0] } } }], me));
    expect(e.field).toBe('geometry');
    expect(e.message).toMatch(/WGS 84/);
  });

  it('creates a feature with a server-assigned id, deletes and restores it', async () => {
    const { s } = await store();
    const f = feature('x', { type: 'Point', coordinates: [117.2, 28.2] });
    const { id: _id, ...props } = f.properties;
    const cs = await s.apply([{ op: 'create', layer: 'places', feature: { type: 'Feature', geometry: f.geometry, properties: props } }], me);
    const id = cs.changes[0].feature!;
    expect(id).toMatch(/^places-[0-9a-f]{8}$/);
    expect(cs.changes[0].counties).toEqual([WEST]);
    await s.apply([{ op: 'delete', id, expectVersion: 1 }], me);
    expect(await s.feature(id)).toBeUndefined();
    expect((await s.storedFeature(id, { includeDeleted: true }))?.deleted).toBe(true);
    await s.apply([{ op: 'restore', id }], me);
    expect((await s.feature(id))?.properties.name).toBe('地点x');
    expect((await s.storedFeature(id))?.version).toBe(3);
  });

  it('refuses an editor limited to other counties with 403', async () => {
    const { s } = await store();
    const e = await refused(s.apply([{ op: 'update', id: 'east-point', patch: { properties: { name: 'x' } } }], { ...me, counties: [WEST] }));
    expect(e.status).toBe(403);
  });

  it('records progress on a measure target and shows the latest in stats', async () => {
    const { s } = await store();
    await s.apply([{ op: 'progress', measure: 4, report: { target: 'm4-five-a', value: 2, as_of: '2024-12-31', source: '2024年统计公报' } }], me);
    await s.apply([{ op: 'progress', measure: 4, report: { target: 'm4-five-a', value: 1, as_of: '2023-12-31', source: '2023年统计公报' } }], me);
    const t = (await s.stats({})).measures.find((m) => m.id === 4)!.targets[0];
    expect(t.reported).toMatchObject({ value: 2, as_of: '2024-12-31', source: '2024年统计公报' });
    const untouched = (await s.stats({})).measures.find((m) => m.id === 13)!.targets[0];
    expect(untouched.reported).toBeNull();
    const e = await refused(s.apply([{ op: 'progress', measure: 4, report: { target: 'm13-every-county', value: 1, as_of: '2024-01-01', source: 'x' } }], me));
    expect(e.field).toBe('target');
  });

  it('reverts a change set as a new one, and refuses when a field changed since', async () => {
    const { s } = await store();
    const a = await s.apply([{ op: 'update', id: 'west-point', patch: { properties: { name: 'A' } } }], me);
    const r = await s.revert(a.id, me);
    expect(r.kind).toBe('revert');
    expect(r.reverts).toBe(a.id);
    expect((await s.feature('west-point'))?.properties.name).toBe('三清山');
    const b = await s.apply([{ op: 'update', id: 'east-point', patch: { properties: { name: 'B' } } }], me);
    await s.apply([{ op: 'update', id: 'east-point', patch: { properties: { name: 'C' } } }], me);
    expect((await refused(s.revert(b.id, me))).status).toBe(409);
    expect((await refused(s.revert('999', me))).status).toBe(404);
  });
});

describe('EmbeddedStore: history', () => {
  it('answers newest first, filtered by feature, county and measure; anonymous without names or private fields', async () => {
    const { s } = await store();
    await s.apply([{ op: 'update', id: 'west-point', patch: { properties: { internal_note: 'secret' } } }], me);
    await s.apply([{ op: 'update', id: 'east-point', patch: { properties: { name: '东' } } }], me);
    const all = await s.changes({});
    expect(all.changeSets.map((c) => c.id)).toEqual(['2', '1']);
    expect((await s.changes({ feature: 'west-point' })).changeSets.map((c) => c.id)).toEqual(['1']);
    expect((await s.changes({ counties: [WEST] })).changeSets.map((c) => c.id)).toEqual(['1']);
    expect((await s.changes({ measures: [16] })).changeSets.map((c) => c.id)).toEqual(['2']);
    const pub = await s.changes({ publicOnly: true });
    expect(pub.changeSets.map((c) => c.id)).toEqual(['2']);
    expect(pub.changeSets[0].author).toBeNull();
    expect(JSON.stringify(pub)).not.toContain('secret');
    expect((await s.changes({ since: '2999-01-01T00:00:00Z' })).numberMatched).toBe(0);
  });
});

describe('EmbeddedStore: durability', () => {
  it('keeps every acknowledged change set across a restart, replaying the journal tail', async () => {
    const { s, dir } = await store();
    for (let i = 0; i < 5; i++) await s.apply([{ op: 'update', id: 'west-point', patch: { properties: { name: `n${i}` } } }], me);
    await s.close();
    const { s: again } = await store(dir);
    expect((await again.feature('west-point'))?.properties.name).toBe('n4');
    expect(again.version).toBe('test-1+5');
    expect((await again.changes({})).numberMatched).toBe(5);
  });

  it('drops a torn journal tail (a record cut mid-write) and keeps what came before', async () => {
    const { s, dir } = await store();
    await s.apply([{ op: 'update', id: 'west-point', patch: { properties: { name: 'whole' } } }], me);
    await s.apply([{ op: 'update', id: 'west-point', patch: { properties: { name: 'torn' } } }], me);
    await s.close();
    const journal = join(dir, 'journal-0.log');
    truncateSync(journal, statSync(journal).size - 7);
    const { s: again } = await store(dir);
    expect((await again.feature('west-point'))?.properties.name).toBe('whole');
    expect(again.version).toBe('test-1+1');
    await again.apply([{ op: 'update', id: 'west-point', patch: { properties: { name: 'after' } } }], me);
    await again.close();
    const { s: third } = await store(dir);
    expect((await third.feature('west-point'))?.properties.name).toBe('after');
  });

  it('ignores garbage after the last whole record (a checksum mismatch)', async () => {
    const { s, dir } = await store();
    await s.apply([{ op: 'update', id: 'west-point', patch: { properties: { name: 'kept' } } }], me);
    await s.close();
    appendFileSync(join(dir, 'journal-0.log'), Buffer.from([40, 0, 0, 0, 1, 2, 3, 4, ...Buffer.from('{"seq":2}'.padEnd(40, ' '))]));
    const { s: again } = await store(dir);
    expect((await again.feature('west-point'))?.properties.name).toBe('kept');
  });

  it('snapshots after N change sets, starts a new journal, and restarts from snapshot + tail', async () => {
    const { s, dir } = await store(undefined, { snapshotEvery: 3 });
    for (let i = 0; i < 7; i++) await s.apply([{ op: 'update', id: 'west-point', patch: { properties: { name: `n${i}` } } }], me);
    expect(readdirSync(dir).sort()).toEqual(['derived', 'journal-6.log', 'lock', 'release-test-1', 'snapshot.json']);
    await s.close();
    const { s: again } = await store(dir, { snapshotEvery: 3 });
    expect((await again.feature('west-point'))?.properties.name).toBe('n6');
    expect((await again.changes({})).numberMatched).toBe(7);
  });

  it('a full disk mid-write fails the write clearly, changes nothing, and the next write works', async () => {
    let fail = false;
    const io: JournalIo = {
      ...realIo,
      async write(fh, buf, position) {
        if (fail) {
          await fh.write(buf, 0, Math.floor(buf.length / 2), position);
          throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
        }
        return realIo.write(fh, buf, position);
      },
    };
    const { s, dir } = await store(undefined, { io });
    fail = true;
    const e = await refused(s.apply([{ op: 'update', id: 'west-point', patch: { properties: { name: 'lost' } } }], me));
    expect(e.status).toBe(507);
    expect(e.message).toMatch(/full/);
    expect((await s.feature('west-point'))?.properties.name).toBe('三清山');
    expect(s.version).toBe('test-1');
    fail = false;
    await s.apply([{ op: 'update', id: 'west-point', patch: { properties: { name: 'saved' } } }], me);
    await s.close();
    const { s: again } = await store(dir);
    expect((await again.feature('west-point'))?.properties.name).toBe('saved');
    expect(again.version).toBe('test-1+1');
  });

  it('takes in a new data release at start as one change set, keeping local edits to other fields', async () => {
    const { s, dir } = await store();
    await s.apply([{ op: 'update', id: 'west-point', patch: { properties: { name: '本地改名' } } }], me);
    await s.close();
    const next = dataset();
    next.version = 'test-2';
    next.features = next.features.filter((f) => f.properties.id !== 'far-point');
    next.features[0] = { ...next.features[0], properties: { ...next.features[0].properties, quote: '新的引文' } };
    const again = await EmbeddedStore.open({ stateDir: dir, dataset: next, log: quiet });
    open.push(again);
    const w = (await again.feature('west-point'))!.properties;
    expect(w.name).toBe('本地改名');
    expect(w.quote).toBe('新的引文');
    expect(await again.feature('far-point')).toBeUndefined();
    const [release] = (await again.changes({})).changeSets;
    expect(release).toMatchObject({ kind: 'release', release: 'test-2', author: null });
    expect(release.changes.map((c) => `${c.op}:${c.feature}`).sort()).toEqual(['delete:far-point', 'update:west-point']);
    await again.close();
    // the same release again: nothing new
    const third = await EmbeddedStore.open({ stateDir: dir, dataset: next, log: quiet });
    open.push(third);
    expect((await third.changes({})).numberMatched).toBe(2);
    expect(readFileSync(join(dir, 'snapshot.json'), 'utf8')).toContain('test-2');
  });

  it('refuses to start on a state directory it cannot create, saying so', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sgm-file-')), 'f');
    appendFileSync(file, 'x');
    await expect(EmbeddedStore.open({ stateDir: join(file, 'state'), dataset: dataset(), log: quiet })).rejects.toThrow(/STATE_DIR/);
  });
});
