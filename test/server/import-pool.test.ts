/**
 * The import's worker threads (server/import/pool.ts, worker.ts): a preview prepared in a worker
 * comes back whole (in slices of CHUNK rows), existing features are asked for from the main thread,
 * and a refused file gives the same ImportError as parsing it on the main thread would.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ImportError } from '../../server/import/errors';
import { DEFAULT_IMPORT_LIMITS } from '../../server/import/limits';
import { importPool, runPreview } from '../../server/import/pool';
import type { PrepareInput } from '../../server/import/prepare';
import { readUpload } from '../../server/import/read-file';
import { CHUNK } from '../../server/import/worker';
import type { StoredFeature } from '../../server/store/types';
import { warmImports, WARM_TIMEOUT } from './import-factory';

beforeAll(warmImports, WARM_TIMEOUT);

const counties = JSON.parse(readFileSync(join(import.meta.dirname, '../../data/counties.geojson'), 'utf8'));
const measures = JSON.parse(readFileSync(join(import.meta.dirname, '../../data/measures.json'), 'utf8'));
const input = (csv: string | Uint8Array, extra: Partial<PrepareInput> = {}): PrepareInput => ({
  fileName: 'rows.csv',
  bytes: typeof csv === 'string' ? new TextEncoder().encode(csv) : csv,
  limits: DEFAULT_IMPORT_LIMITS,
  layers: [{ id: 'green-parks', name: '绿色公园', name_en: 'Green parks', geometry: 'point' }],
  measures: Array.isArray(measures) ? measures : measures.measures,
  counties,
  names: [],
  layerId: 'green-parks',
  today: '2026-11-26',
  ...extra,
});
const pool = () => importPool(DEFAULT_IMPORT_LIMITS.workers);

/** The nice value of each of this process's threads (Linux /proc; field 19 of stat). */
function threadNices(): number[] {
  return readdirSync('/proc/self/task').map((tid) => {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  });
}

describe('import worker threads', () => {
  it('run at a lower CPU priority than the main thread (nice +5), so reads go first where CPUs are scarce', async () => {
    await pool().run({ warm: true });
    const main = Number(readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ')[16]);
    expect(threadNices()).toContain(Math.min(19, main + 5));
  });

  it('a preview of more rows than one slice comes back whole, in row order; ids are looked up on the main thread', async () => {
    const n = CHUNK * 2 + 7;
    const lines = ['id,名称,经度,纬度,所属措施'];
    for (let i = 0; i < n; i++) lines.push(`p-${i},公园${i},${(117.9 + (i % 50) * 0.001).toFixed(4)},${(28.4 + Math.floor(i / 50) * 0.001).toFixed(4)},4`);
    const asked: string[] = [];
    let total = 0;
    const r = await runPreview(pool(), input(lines.join('\n')), {
      onTotal: (t) => (total = t),
      onProgress: () => {},
      byId: async (id) => {
        asked.push(id);
        return undefined as StoredFeature | undefined;
      },
    });
    expect(total).toBe(n);
    expect(r.summary).toMatchObject({ rows: n, create: n, left_out: 0 });
    expect(r.featuresJson).toHaveLength(n);
    expect(r.writes).toHaveLength(n);
    expect(JSON.parse(r.featuresJson[n - 1]).properties).toMatchObject({ name: `公园${n - 1}`, _import: { action: 'create', row: n + 1 } });
    expect(asked).toHaveLength(n);
    expect(asked[0]).toBe('p-0');
    expect(r.meta).toMatchObject({ format: 'csv', total: n, mapping: { id: 'id', 名称: 'name', 经度: 'lon', 纬度: 'lat', 所属措施: 'measures' } });
  });

  it('a refused file gives the same ImportError as on the main thread (status, code, message, row)', async () => {
    const mixed = new Uint8Array([...new TextEncoder().encode('名称,经度,纬度\n甲,117.9,28.4\n'), 0xd2, 0xd2, 0x2c, 0x31, 0x31, 0x37, 0x2c, 0x32, 0x38, 0x0a]);
    let main: ImportError | undefined;
    try {
      await readUpload('rows.csv', mixed, DEFAULT_IMPORT_LIMITS);
    } catch (e) {
      main = e as ImportError;
    }
    expect(main).toBeInstanceOf(ImportError);
    const inWorker = await runPreview(pool(), input(mixed), { onTotal: () => {}, onProgress: () => {}, byId: async () => undefined }).catch((e) => e);
    expect(inWorker).toBeInstanceOf(ImportError);
    expect({ status: inWorker.status, code: inWorker.code, message: inWorker.message, row: inWorker.row, field: inWorker.field }).toEqual({ status: main!.status, code: main!.code, message: main!.message, row: main!.row, field: main!.field });
    const empty = await runPreview(pool(), input(''), { onTotal: () => {}, onProgress: () => {}, byId: async () => undefined }).catch((e) => e);
    expect(empty).toBeInstanceOf(ImportError);
    expect(empty).toMatchObject({ status: 422, code: 'empty_file' });
  });
});
