/**
 * Prepared records per data version (server/store/records-cache.ts): a restart with unchanged data
 * reads them; a changed release, a corrupt, truncated or foreign file is never trusted.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Dataset } from '../../core/schema';
import { CountyIndex } from '../../server/store/membership';
import { EmbeddedStore } from '../../server/store/memory/embedded-store';
import { decodeRecords, encodeRecords } from '../../server/store/records-cache';
import { recordFrom, toRecord } from '../../server/store/records';
import { dataset } from './factories';

const open: EmbeddedStore[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close().catch(() => {});
});

async function start(dir: string, ds: Dataset = dataset()) {
  const logs: string[] = [];
  const s = await EmbeddedStore.open({ stateDir: dir, dataset: ds, log: (m) => logs.push(m) });
  open.push(s);
  return { s, logs };
}

/** Start, let the prepared records be written (close waits for them), stop. */
async function startAndStop(dir: string, ds: Dataset = dataset()) {
  const { s, logs } = await start(dir, ds);
  await s.close();
  open.splice(open.indexOf(s), 1);
  return logs;
}

const recordsFile = (dir: string, version = 'test-1') => join(dir, 'derived', `records-${version}.bin`);
const freshDir = () => mkdtempSync(join(tmpdir(), 'sgm-records-'));

function recordsOf(ds: Dataset) {
  const index = new CountyIndex(ds.counties);
  const layers = new Map(ds.layers.map((l) => [l.id, l]));
  return ds.features.map((f) => toRecord(f, layers.get(f.properties.layer)!, index));
}

describe('encodeRecords / decodeRecords', () => {
  it('round-trips what a record adds to its feature', () => {
    const ds = dataset();
    const records = recordsOf(ds);
    const back = decodeRecords(encodeRecords('test-1', records), 'test-1');
    if (typeof back === 'string') throw new Error(back);
    expect([...back.keys()]).toEqual(records.map((r) => r.id));
    for (const r of records) {
      const p = back.get(r.id)!;
      expect(p.searchText).toBe(r.searchText);
      expect(p.bbox).toEqual(r.bbox);
      expect(p.membership).toEqual(r.membership);
      expect(p.publicJson.toString()).toBe(r.publicJson.toString());
    }
    // A record rebuilt from the prepared parts serves the same feature.
    const layer = ds.layers.find((l) => l.id === 'pipes')!;
    const line = ds.features.find((f) => f.properties.id === 'cross-line')!;
    const again = recordFrom(line, layer, back.get('cross-line')!);
    expect(again.publicFeature).toEqual(records.find((r) => r.id === 'cross-line')!.publicFeature);
    expect(again.counties).toEqual(['361102', '361103']);
  });

  it('gives points in the same counties one membership object, equal to each one built', () => {
    const ds = dataset();
    const base = ds.features.find((f) => f.geometry.type === 'Point')!;
    const copies = [1, 2, 3].map((i) => ({ ...base, properties: { ...base.properties, id: `${base.properties.id}-copy-${i}` } }));
    const records = recordsOf({ ...ds, features: [...ds.features, ...copies] });
    const back = decodeRecords(encodeRecords('test-1', records), 'test-1');
    if (typeof back === 'string') throw new Error(back);
    for (const r of records) expect(back.get(r.id)!.membership).toEqual(r.membership);
    const shared = copies.map((c) => back.get(c.properties.id)!.membership);
    expect(shared[0]).toBe(shared[1]);
    expect(shared[1]).toBe(shared[2]);
    // A line keeps its own (its length per county is its own).
    const line = records.find((r) => r.membership.km > 0)!;
    expect(back.get(line.id)!.membership).not.toBe(shared[0]);
  });

  it('refuses another version, another format, a changed byte and a cut-off file, saying why', () => {
    const bytes = encodeRecords('test-1', recordsOf(dataset()));
    expect(decodeRecords(bytes, 'test-2')).toMatch(/holds data version test-1, not test-2/);
    const flipped = Buffer.from(bytes);
    flipped[flipped.length - 100] ^= 1;
    expect(decodeRecords(flipped, 'test-1')).toMatch(/checksum/);
    expect(decodeRecords(bytes.subarray(0, bytes.length - 10), 'test-1')).toMatch(/checksum/);
    expect(decodeRecords(Buffer.from('{"rows":[]}'), 'test-1')).toMatch(/not a prepared-records file/);
    const format = Buffer.from(bytes);
    format.writeUInt16LE(99, 6);
    expect(decodeRecords(format, 'test-1')).toMatch(/format 99/);
  });
});

describe('EmbeddedStore with prepared records', () => {
  it('writes them after the first start and reads them on a restart with unchanged data', async () => {
    const dir = freshDir();
    await startAndStop(dir);
    expect(existsSync(recordsFile(dir))).toBe(true);
    // Change what the file says one feature's public JSON is (checksum kept valid): if the restart
    // reads the file, it serves that.
    const ds = dataset();
    const records = recordsOf(ds);
    const west = records.find((r) => r.id === 'west-point')!;
    west.publicJson = Buffer.from(west.publicJson.toString().replace('三清山', '三清山（来自准备好的记录）'));
    writeFileSync(recordsFile(dir), encodeRecords('test-1', records));
    const { s } = await start(dir);
    const page = await s.features({});
    expect(page.json!.find((j) => j.includes('"west-point"'))).toContain('三清山（来自准备好的记录）');
    expect(page.numberMatched).toBe(5);
  });

  it('never serves records of another release: changed data builds and keeps new ones', async () => {
    const dir = freshDir();
    await startAndStop(dir);
    const before = readFileSync(recordsFile(dir));
    const changed: Dataset = { ...dataset(), version: 'test-2' };
    changed.features = changed.features.map((f) => (f.properties.id === 'west-point' ? { ...f, properties: { ...f.properties, name: '三清山国家公园' } } : f));
    const { s } = await start(dir, changed);
    expect((await s.feature('west-point'))?.properties.name).toBe('三清山国家公园');
    expect((await s.features({})).json!.find((j) => j.includes('"west-point"'))).toContain('三清山国家公园');
    await s.close();
    open.splice(0);
    // The release was taken in as a change set; the next start keeps records for test-2 and drops test-1's.
    await startAndStop(dir, changed);
    expect(existsSync(recordsFile(dir, 'test-2'))).toBe(true);
    expect(existsSync(recordsFile(dir))).toBe(false);
    expect(readFileSync(recordsFile(dir, 'test-2')).equals(before)).toBe(false);
    const { s: again } = await start(dir, changed);
    expect((await again.features({})).json!.find((j) => j.includes('"west-point"'))).toContain('三清山国家公园');
  });

  it('ignores a corrupt file, serves the right data and writes a good file again', async () => {
    const dir = freshDir();
    await startAndStop(dir);
    const good = readFileSync(recordsFile(dir));
    const bad = Buffer.from(good);
    bad[Math.floor(bad.length / 2)] ^= 0xff;
    writeFileSync(recordsFile(dir), bad);
    const logs = await startAndStop(dir);
    expect(logs.join('\n')).toMatch(/ignoring .*records-test-1\.bin \(it fails its checksum/);
    expect(readFileSync(recordsFile(dir)).equals(good)).toBe(true);
    truncateSync(recordsFile(dir), 40);
    const { s, logs: again } = await start(dir);
    expect(again.join('\n')).toMatch(/ignoring .*records-test-1\.bin/);
    expect((await s.features({})).numberMatched).toBe(5);
    expect((await s.feature('cross-line'))?.properties.counties).toEqual(['361102', '361103']);
  });

  it('ignores a file of another data version under this version\'s name', async () => {
    const dir = freshDir();
    const other: Dataset = { ...dataset(), version: 'test-0' };
    other.features = other.features.map((f) => ({ ...f, properties: { ...f.properties, name: `旧 ${f.properties.name}` } }));
    const other_dir = freshDir();
    await startAndStop(other_dir, other);
    await startAndStop(dir);
    renameSync(recordsFile(other_dir, 'test-0'), recordsFile(dir));
    const { s, logs } = await start(dir);
    expect(logs.join('\n')).toMatch(/holds data version test-0, not test-1/);
    expect((await s.feature('west-point'))?.properties.name).toBe('三清山');
    expect((await s.features({})).json!.some((j) => j.includes('旧 '))).toBe(false);
    await s.close();
    open.splice(0);
    // Rewritten for this version once the start is done.
    expect(readdirSync(join(dir, 'derived')).filter((n) => n.startsWith('records-'))).toEqual(['records-test-1.bin']);
    const back = decodeRecords(readFileSync(recordsFile(dir)), 'test-1');
    expect(typeof back === 'string' ? back : back.get('west-point')!.publicJson.toString()).toContain('"三清山"');
  });
});
