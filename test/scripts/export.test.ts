import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDataset } from '../../server/dataset/load';
import { EmbeddedStore } from '../../server/store/memory/embedded-store';

describe('npm run export', { timeout: 120_000 }, () => {
  it('writes the current data (edits included, deletions left out) in data/ layout, valid for the loader', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'sgm-export-state-'));
    const dataset = await readDataset('data');
    const store = await EmbeddedStore.open({ stateDir, dataset, dataDir: 'data', log: () => {} });
    const [first, second] = dataset.features;
    await store.apply([{ op: 'update', id: first.properties.id, patch: { properties: { name_en: 'Renamed in the store' } } }], { author: { username: 't' } });
    await store.apply([{ op: 'delete', id: second.properties.id }], { author: { username: 't' } });
    await store.close();

    const out = join(mkdtempSync(join(tmpdir(), 'sgm-export-out-')), 'data');
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/export.ts', '--out', out], { env: { ...process.env, STATE_DIR: stateDir }, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Exported \d+ features/);
    const exported = await readDataset(out);
    expect(exported.features.length).toBe(dataset.features.length - 1);
    expect(exported.features.find((f) => f.properties.id === first.properties.id)!.properties.name_en).toBe('Renamed in the store');
    expect(exported.features.some((f) => f.properties.id === second.properties.id)).toBe(false);
    expect(exported.measures).toEqual(dataset.measures);

    const again = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/export.ts', '--out', out], { env: { ...process.env, STATE_DIR: stateDir }, encoding: 'utf8' });
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/not empty/);
  });
});
