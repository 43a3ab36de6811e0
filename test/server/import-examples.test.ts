/**
 * docs/examples/ (written by scripts/import-examples.ts): every example file previews against the
 * shipped data with no problem, each row lands within 1 m of the place it came from and is matched
 * to that feature (same name, same county) — so README "Importing data" shows files that work.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readDataset } from '../../server/dataset/load';
import { writableTestApp } from './app-factory';
import { metres, upload, type App, warmImports, WARM_TIMEOUT } from './import-factory';

beforeAll(warmImports, WARM_TIMEOUT);

const root = resolve(import.meta.dirname, '../..');
const EXAMPLES: [string, string][] = [
  ['projects-gcj02.csv', 'gcj02'],
  ['projects-gbk.csv', 'wgs84'],
  ['projects.geojson', 'auto'],
  ['projects-bd09.xlsx', 'bd09'],
  ['parks-cgcs2000-gk39.zip', 'auto'],
  ['places.kml', 'wgs84'],
  ['places.kmz', 'wgs84'],
  ['places.gpx', 'wgs84'],
];

let app: App;
let truth: Map<string, { id: string; coordinates: number[] }>;
beforeAll(async () => {
  const ds = await readDataset(join(root, 'data'));
  truth = new Map(ds.features.filter((f) => f.properties.layer === 'green-parks' && f.geometry.type === 'Point').map((f) => [f.properties.name, { id: f.properties.id, coordinates: (f.geometry as { coordinates: number[] }).coordinates }]));
  app = (await writableTestApp(ds)).app;
}, 120_000);

describe('docs/examples', () => {
  for (const [file, crs] of EXAMPLES)
    it(`${file} (crs ${crs}): two real places, no problem, within 1 m, matched to their features`, async () => {
      const res = await upload(app, file, new Uint8Array(readFileSync(join(root, 'docs/examples', file))), { layer: 'green-parks', crs });
      expect(res.status).toBe(200);
      const p = await res.json();
      expect(p.problems).toEqual([]);
      expect(p.summary.rows).toBe(2);
      for (const f of p.features.features) {
        const t = truth.get(f.properties.name)!;
        expect(f.properties._import.matched_id).toBe(t.id);
        expect(metres(f.geometry.coordinates, t.coordinates)).toBeLessThan(1);
      }
    }, 60_000);
});
