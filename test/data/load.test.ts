import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { datasetVersion, DatasetError, parseDataset, readDataset, readDatasetFiles, readDatasetVersion } from '../../server/dataset/load';
import { county, feature, fixtureFiles, layer, measure } from './factory';

function problemsOf(files: Record<string, string>): string {
  try {
    parseDataset(files, { dir: 'data' });
  } catch (e) {
    expect(e).toBeInstanceOf(DatasetError);
    return (e as Error).message;
  }
  throw new Error('expected a DatasetError');
}

describe('parseDataset', () => {
  it('returns a typed dataset with schema defaults and a content version', () => {
    const ds = parseDataset(fixtureFiles());
    expect(ds.features).toHaveLength(1);
    expect(ds.features[0].properties.outside).toBe(false);
    expect(ds.features[0].properties.aims).toEqual([]);
    expect(ds.features[0].id).toBe('scenic-a');
    expect(ds.version).toMatch(/^[0-9a-f]{12}$/);
  });

  it('changes version when any file changes', () => {
    const a = parseDataset(fixtureFiles());
    const b = parseDataset(fixtureFiles({ measures: [measure(4, { title_en: 'Other' })] }));
    expect(a.version).not.toBe(b.version);
  });

  it('refuses a layer that declares a non-public property public, or leaves out one the API needs', () => {
    const leaky = { ...layer('scenic-areas'), public_properties: [...layer('scenic-areas').public_properties, 'internal_note'] };
    expect(problemsOf(fixtureFiles({ layers: [leaky] }))).toContain('data/layers.json: feature "scenic-areas": public_properties: "internal_note" may not leave the server');
    const short = { ...layer('scenic-areas'), public_properties: ['id', 'name'] };
    expect(problemsOf(fixtureFiles({ layers: [short] }))).toContain('public_properties: "quote" is missing');
  });

  it('maps 上饶县 361121 to 广信区 361104', () => {
    const ds = parseDataset(fixtureFiles({ counties: [county('361121', '上饶县', 'Shangrao County')] }));
    expect(ds.counties[0].properties).toEqual({ code: '361104', name: '广信区', name_en: 'Guangxin District' });
  });

  it('rejects a county code that is not Shangrao', () => {
    expect(problemsOf(fixtureFiles({ counties: [county('360102', '东湖区', 'Donghu')] }))).toContain('data/counties.geojson: feature "360102": code 360102');
  });

  it('names file, feature and field for a bad precision', () => {
    const files = fixtureFiles({ features: { 'scenic-areas': [feature('scenic-x', 'scenic-areas', { precision: 'guessed' })] } });
    expect(problemsOf(files)).toMatch(/^data\/layers\/scenic-areas\.geojson: feature "scenic-x": precision: .*surveyed/m);
  });

  it('names a missing precision', () => {
    const f = feature('scenic-x', 'scenic-areas');
    delete (f.properties as Record<string, unknown>).precision;
    expect(problemsOf(fixtureFiles({ features: { 'scenic-areas': [f] } }))).toContain('feature "scenic-x": precision:');
  });

  it('refuses a feature without an English location note, or with an empty one', () => {
    const f = feature('scenic-x', 'scenic-areas');
    delete (f.properties as Record<string, unknown>).location_note_en;
    expect(problemsOf(fixtureFiles({ features: { 'scenic-areas': [f] } }))).toContain('feature "scenic-x": location_note_en:');
    const empty = feature('scenic-y', 'scenic-areas', { location_note_en: ' ' });
    expect(problemsOf(fixtureFiles({ features: { 'scenic-areas': [empty] } }))).toContain('feature "scenic-y": location_note_en:');
  });

  it('rejects duplicate ids across layers', () => {
    const files = fixtureFiles({
      layers: [layer('scenic-areas'), layer('green-parks')],
      features: { 'scenic-areas': [feature('dup', 'scenic-areas')], 'green-parks': [feature('dup', 'green-parks')] },
    });
    expect(problemsOf(files)).toContain('data/layers/green-parks.geojson: feature "dup": duplicate id: also used in data/layers/scenic-areas.geojson');
  });

  it('rejects a feature whose layer is not its file', () => {
    const files = fixtureFiles({ features: { 'scenic-areas': [feature('x', 'green-parks')] } });
    expect(problemsOf(files)).toContain('feature "x": layer: "green-parks" but the file belongs to layer "scenic-areas"');
  });

  it('rejects an unknown measure id', () => {
    const files = fixtureFiles({ features: { 'scenic-areas': [feature('x', 'scenic-areas', { measures: [9] })] } });
    expect(problemsOf(files)).toContain('data/layers/scenic-areas.geojson: feature "x": measures: 9 is not a measure id');
  });

  it('rejects a missing layer file', () => {
    const files = fixtureFiles();
    delete files['layers/scenic-areas.geojson'];
    expect(problemsOf(files)).toContain('data/layers/scenic-areas.geojson: file is missing');
  });

  it('rejects a line in a point layer and a broken position', () => {
    const files = fixtureFiles({
      features: {
        'scenic-areas': [
          feature('line', 'scenic-areas', {}, { type: 'LineString', coordinates: [[117, 28], [118, 29]] }),
          feature('nan', 'scenic-areas', {}, { type: 'Point', coordinates: [117] }),
        ],
      },
    });
    const msg = problemsOf(files);
    expect(msg).toContain('feature "line": geometry LineString does not fit layer "scenic-areas"');
    expect(msg).toContain('feature "nan": position [117] is not [longitude, latitude]');
  });

  it('rejects invalid JSON with the file name', () => {
    expect(problemsOf({ ...fixtureFiles(), 'measures.json': '[{' })).toContain('data/measures.json: not valid JSON');
  });
});

describe('readDataset', () => {
  it('reads a directory and reports problems with its path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ds-'));
    const files = fixtureFiles();
    for (const [rel, text] of Object.entries(files)) {
      await mkdir(dirname(join(dir, rel)), { recursive: true });
      await writeFile(join(dir, rel), text);
    }
    const ds = await readDataset(dir);
    expect(ds.layers.map((l) => l.id)).toEqual(['scenic-areas']);
    await writeFile(join(dir, 'layers/scenic-areas.geojson'), '{}');
    await expect(readDataset(dir)).rejects.toThrow(`${dir}/layers/scenic-areas.geojson: expected a GeoJSON FeatureCollection`);
  });

  it('gives the version datasetVersion gives the text (hashed from the bytes), also for a file that is not valid UTF-8', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ds-'));
    const files = fixtureFiles();
    for (const [rel, text] of Object.entries(files)) {
      await mkdir(dirname(join(dir, rel)), { recursive: true });
      await writeFile(join(dir, rel), text);
    }
    const version = datasetVersion(files);
    expect((await readDataset(dir)).version).toBe(version);
    expect(await readDatasetVersion(dir)).toBe(version);
    // A stray byte 0xFF in a string (not UTF-8): decoded as U+FFFD; the version is that of the decoded text.
    const [before, after] = files['context.geojson'].split('Quzhou');
    await writeFile(join(dir, 'context.geojson'), Buffer.concat([Buffer.from(before), Buffer.from([0xff]), Buffer.from(`Quzhou${after}`)]));
    const decoded = await readDatasetFiles(dir);
    expect(decoded['context.geojson']).toContain('\ufffd');
    expect(datasetVersion(decoded)).not.toBe(version);
    expect(await readDatasetVersion(dir)).toBe(datasetVersion(decoded));
  });

  it('does not check a release again that was validated before (trusted), and checks any other', async () => {
    const files = fixtureFiles();
    const checked = parseDataset(files);
    const seen: string[] = [];
    const trusted = parseDataset(files, { trusted: (v) => (seen.push(v), true) });
    expect(seen).toEqual([checked.version]);
    expect(JSON.stringify(trusted)).toBe(JSON.stringify(checked));
    // A bad feature in a release that is not the trusted one is reported as always.
    const bad = fixtureFiles({ features: { 'scenic-areas': [feature('scenic-x', 'scenic-areas', { precision: 'guessed' })] } });
    expect(() => parseDataset(bad, { trusted: (v) => v === checked.version })).toThrow(/precision/);
  });
});
