/** `npm run data:build -- --from FILE`: official boundaries in, checked, converted, written — or refused. */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import gcoord from 'gcoord';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDataset } from '../../scripts/data/check-dataset';

const run = promisify(execFile);
type Nested = number[] | Nested[];
const points = (c: Nested): number[][] => (typeof c[0] === 'number' ? [c as number[]] : (c as Nested[]).flatMap(points));
const dir = mkdtempSync(join(tmpdir(), 'sgm-from-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// mapshaper lives in its own package (scripts/data/tools), which `npm run data:build` installs first.
beforeAll(async () => {
  if (!existsSync('scripts/data/tools/node_modules/mapshaper')) await run('npm', ['ci', '--prefix', 'scripts/data/tools', '--no-audit', '--no-fund']);
}, 900_000);

/** The shipped counties as an "official" file would come: its own field names, no provenance. */
function sourceFile(name: string, transform: (fc: { features: { properties: Record<string, unknown> }[] }) => void): string {
  const fc = JSON.parse(readFileSync('data/counties.geojson', 'utf8'));
  delete fc.boundaries;
  for (const f of fc.features) f.properties = { XZQDM: f.properties.code, NAME: f.properties.name };
  transform(fc);
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(fc));
  return path;
}

const build = (file: string, crs: string, out: string) =>
  run('npx', ['tsx', 'scripts/data/build-counties.ts', '--from', file, '--crs', crs, '--code-field', 'XZQDM', '--source', '测试边界', '--licence', '测试许可', '--out', out], { encoding: 'utf8' });

describe('data:build --from', () => {
  it('refuses a source that lacks a county, and writes nothing', async () => {
    const file = sourceFile('missing.geojson', (fc) => void fc.features.shift());
    const out = join(dir, 'refused');
    cpSync('data', out, { recursive: true });
    const before = readFileSync(join(out, 'counties.geojson'), 'utf8');
    const err = await build(file, 'wgs84', out).then(() => null, (e: { stderr: string }) => e);
    expect(err?.stderr).toContain('361102: county 361102 信州区 is missing');
    expect(readFileSync(join(out, 'counties.geojson'), 'utf8')).toBe(before);
  }, 240_000);

  it('takes a GCJ-02 source, converts it to WGS 84 and writes data that passes data:check', async () => {
    const file = sourceFile('gcj.geojson', (fc) => void gcoord.transform(fc as never, gcoord.WGS84, gcoord.GCJ02));
    const out = join(dir, 'ok');
    cpSync('data', out, { recursive: true });
    await build(file, 'gcj02', out);
    const written = JSON.parse(readFileSync(join(out, 'counties.geojson'), 'utf8'));
    expect(written.boundaries).toMatchObject({ datum: 'WGS 84', converted_from: 'gcj02', official: false, licence: '测试许可' });
    // back where the shipped outlines are, to within rounding and re-simplification
    const a = points(written.features[0].geometry.coordinates)[0];
    const shipped = points(JSON.parse(readFileSync('data/counties.geojson', 'utf8')).features[0].geometry.coordinates);
    const nearest = Math.min(...shipped.map((p) => Math.hypot(p[0] - a[0], p[1] - a[1])));
    expect(nearest).toBeLessThan(0.0005);
    expect(await checkDataset(out)).toEqual([]);
  }, 240_000);
});
