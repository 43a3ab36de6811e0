/**
 * POST /api/imports → preview, POST /api/imports/{id}/apply → one change set (kind import),
 * POST /api/change-sets/{id}/revert → undone in one step; on this run's store (embedded or PostGIS).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import gcoord from 'gcoord';
import { beforeAll, describe, expect, it } from 'vitest';
import { writableTestApp } from './app-factory';
import { WEST } from './factories';
import { applyImport, EDITOR, upload, warmImports, WARM_TIMEOUT } from './import-factory';

beforeAll(warmImports, WARM_TIMEOUT);

const FIX = join(import.meta.dirname, '../fixtures/import');
const apply = applyImport;

describe('import: CSV with Chinese headers, preview → apply → revert', () => {
  it('previews a UTF-8 CSV with guessed columns and mapped values, writing nothing', async () => {
    const { app } = await writableTestApp();
    const res = await upload(app, 'projects-utf8.csv', readFileSync(join(FIX, 'projects-utf8.csv')), { layer: 'places', crs: 'wgs84' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('private');
    const p = await res.json();
    expect(p.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(p.state).toBe('ready');
    expect(p.file).toMatchObject({ name: 'projects-utf8.csv', format: 'csv', encoding: 'UTF-8' });
    expect(p.mapping).toMatchObject({ 名称: 'name', 经度: 'lon', 纬度: 'lat', 状态: 'status', 状态日期: 'status_date', 所属措施: 'measures', 县区: 'county', 备注: 'note' });
    expect(p.summary).toEqual({ rows: 2, create: 2, update: 0, unchanged: 0, left_out: 0 });
    const [a, b] = p.features.features;
    expect(a.geometry).toEqual({ type: 'Point', coordinates: [117.2, 28.3] });
    expect(a.properties).toMatchObject({ name: '新建光伏园', layer: 'places', status: 'in_progress', status_date: '2025-06-01', measures: [4], clause: '（四）', precision: 'approximate', internal_note: '测试' });
    expect(a.properties._import).toEqual({ action: 'create', row: 2 });
    expect(b.properties).toMatchObject({ name: '东区驿站', status: 'planned', measures: [16], clause: '（十六）' });
    expect(b.properties._import.row).toBe(3);
    expect(b.properties.sources.join(' ')).toContain('projects-utf8.csv');
    // nothing written yet
    const list = await (await app.request('/api/layers/places/features?q=新建光伏园')).json();
    expect(list.features).toHaveLength(0);
  });

  it('lists every column with samples, and the status words with what each is read as; values={status: …} chosen by the client are applied on the server', async () => {
    const { app } = await writableTestApp();
    const csv = '项目名称,X坐标,Y坐标,进展情况,所属措施,完成日期,负责单位\n甲园,117.2,28.3,已完成,4,2025-01-02,县发改委\n乙园,117.21,28.31,竣工验收,4,2025-02-03,县住建局\n丙园,117.22,28.32,竣工验收,4,2025-02-03,县住建局\n';
    const mapping = JSON.stringify({ 项目名称: 'name', X坐标: 'lon', Y坐标: 'lat', 进展情况: 'status', 完成日期: 'status_date' });
    const p = await (await upload(app, 'words.csv', csv, { layer: 'places', mapping })).json();
    expect(p.columns.map((c: { name: string }) => c.name)).toEqual(['项目名称', 'X坐标', 'Y坐标', '进展情况', '所属措施', '完成日期', '负责单位']);
    expect(p.columns.find((c: { name: string }) => c.name === '负责单位').samples).toEqual(['县发改委', '县住建局']);
    expect(p.mapping['负责单位']).toBeUndefined();
    expect(p.values.status).toEqual({ 已完成: 'completed', 竣工验收: null });
    expect(p.features.features.map((f: { properties: { status: string } }) => f.properties.status)).toEqual(['completed', 'unknown', 'unknown']);
    expect(p.problems.filter((x: { field: string }) => x.field === '进展情况')).toHaveLength(2);
    const q = await (await upload(app, 'words.csv', csv, { layer: 'places', mapping, values: JSON.stringify({ status: { 竣工验收: 'completed' } }) })).json();
    expect(q.values.status).toEqual({ 已完成: 'completed', 竣工验收: 'completed' });
    expect(q.features.features.map((f: { properties: { status: string } }) => f.properties.status)).toEqual(['completed', 'completed', 'completed']);
    expect(q.problems.filter((x: { field: string }) => x.field === '进展情况')).toEqual([]);
    for (const bad of ['{', '{"precision": {}}', '{"status": {"竣工验收": "done"}}', '{"status": []}']) {
      const res = await upload(app, 'words.csv', csv, { layer: 'places', mapping, values: bad });
      expect(res.status, bad).toBe(400);
      const body = await res.json();
      expect(body.error).toMatchObject({ code: 'bad_values', parameter: 'values' });
    }
  });

  it('applies as one change set of kind import, seen in /api/changes, and a revert removes every row in one step', async () => {
    const { app } = await writableTestApp();
    const p = await (await upload(app, 'projects-utf8.csv', readFileSync(join(FIX, 'projects-utf8.csv')), { layer: 'places' })).json();
    const res = await apply(app, p.id, '2025年县区项目清单');
    expect(res.status).toBe(201);
    const { change_set } = await res.json();
    // The answer is the change set's head and counts, not its changes (one per row: 100 MB at 100k rows) …
    expect(change_set).toEqual({
      id: expect.stringMatching(/^\d+$/),
      at: expect.any(String),
      author: { username: 'li' },
      note: '2025年县区项目清单',
      kind: 'import',
      data_version: expect.stringMatching(/\+\d+$/),
      counts: { created: 2, updated: 0, deleted: 0, restored: 0, progress: 0 },
      changes_total: 2,
      changes_url: `/api/changes?change_set=${change_set.id}&change_limit=1000`,
    });
    // … which are paged through /api/changes?change_set=…
    const page = async (q: string) => (await app.request(`/api/changes?change_set=${change_set.id}${q}`, { headers: { 'x-test-user': 'wang:viewer' } })).json();
    const whole = await page('');
    expect(whole).toMatchObject({ numberMatched: 1, numberReturned: 1 });
    expect(whole.change_sets[0]).toMatchObject({ id: change_set.id, kind: 'import', data_version: change_set.data_version });
    expect(whole.change_sets[0].changes.map((ch: { op: string }) => ch.op)).toEqual(['create', 'create']);
    expect(whole.change_sets[0].changes_matched).toBeUndefined();
    const first = await page('&change_limit=1');
    const second = await page('&change_limit=1&change_offset=1');
    const past = await page('&change_limit=1&change_offset=2');
    for (const p of [first, second, past]) expect(p.change_sets[0].changes_matched).toBe(2);
    expect([...first.change_sets[0].changes, ...second.change_sets[0].changes]).toEqual(whole.change_sets[0].changes);
    expect(past.change_sets[0].changes).toEqual([]);
    expect(first.change_sets[0].changes[0].feature).not.toBe(second.change_sets[0].changes[0].feature);
    expect(await page('9')).toMatchObject({ numberMatched: 0, change_sets: [] });
    for (const [q, parameter] of [['change_set=0', 'change_set'], ['change_set=abc', 'change_set'], ['change_limit=0', 'change_limit'], ['change_limit=10001', 'change_limit'], ['change_offset=-1', 'change_offset']]) {
      const bad = await app.request(`/api/changes?${q}`);
      expect(bad.status, q).toBe(400);
      expect((await bad.json()).error, q).toMatchObject({ code: 'bad_parameter', parameter });
    }
    const found = await (await app.request('/api/layers/places/features?q=新建光伏园')).json();
    expect(found.features).toHaveLength(1);
    const history = await (await app.request('/api/changes?limit=1', { headers: { 'x-test-user': 'wang:viewer' } })).json();
    expect(history.change_sets[0]).toMatchObject({ id: change_set.id, kind: 'import' });
    // applying twice is refused
    expect((await apply(app, p.id)).status).toBe(409);
    const rev = await app.request(`/api/change-sets/${change_set.id}/revert`, { method: 'POST', headers: EDITOR });
    expect(rev.status).toBe(201);
    expect((await rev.json()).change_set.changes).toHaveLength(2);
    for (const q of ['新建光伏园', '东区驿站']) expect((await (await app.request(`/api/layers/places/features?q=${encodeURIComponent(q)}`)).json()).features).toHaveLength(0);
  });

  it('reads a GBK CSV (as Excel in China saves it) with the same result', async () => {
    const { app } = await writableTestApp();
    const p = await (await upload(app, 'projects-gbk.csv', readFileSync(join(FIX, 'projects-gbk.csv')), { layer: 'places' })).json();
    expect(p.file.encoding).toMatch(/GB18030/);
    expect(p.features.features.map((f: { properties: { name: string } }) => f.properties.name)).toEqual(['新建光伏园', '东区驿站']);
  });

  it('marks a row with the name of an existing feature in the same county as an update of it, with the fields that change', async () => {
    const { app } = await writableTestApp();
    const csv = '名称,经度,纬度,状态,状态日期,依据\n三清山,117.5,28.5,已完成,2025-10-01,2025年市政府工作报告\n';
    const p = await (await upload(app, 'update.csv', csv, { layer: 'places' })).json();
    const f = p.features.features[0];
    expect(f.properties._import).toEqual({ action: 'update', row: 2, matched_id: 'west-point', matched_by: 'name', fields: ['status', 'status_date', 'status_evidence'] });
    expect(p.summary).toMatchObject({ update: 1, create: 0 });
    const res = await apply(app, p.id);
    expect(res.status).toBe(201);
    const stored = await (await app.request('/api/features/west-point')).json();
    expect(stored.properties).toMatchObject({ status: 'completed', status_date: '2025-10-01', status_evidence: { title: '2025年市政府工作报告' } });
  });

  it('converts GCJ-02 and BD-09 positions to WGS 84 within 1 m of the true place', async () => {
    const { app } = await writableTestApp();
    const truth: [number, number][] = [[117.9436, 28.4547], [118.2531, 28.4102]];
    for (const [crs, sys] of [['gcj02', gcoord.GCJ02], ['bd09', gcoord.BD09]] as const) {
      const rows = truth.map(([lon, lat], i) => {
        const [x, y] = gcoord.transform([lon, lat], gcoord.WGS84, sys);
        return `点${i},${x},${y},4`;
      });
      const p = await (await upload(app, `${crs}.csv`, `名称,经度,纬度,所属措施\n${rows.join('\n')}\n`, { layer: 'places', crs })).json();
      expect(p.crs.id).toBe(crs);
      p.features.features.forEach((f: { geometry: { coordinates: number[] } }, i: number) => {
        const [lon, lat] = f.geometry.coordinates;
        expect(Math.abs(lon - truth[i][0]) * 98_000).toBeLessThan(1);
        expect(Math.abs(lat - truth[i][1]) * 111_000).toBeLessThan(1);
      });
    }
  });

  it('flags points that look like GCJ-02 read as WGS 84 (outside their stated county, inside when read as GCJ-02)', async () => {
    const { app } = await writableTestApp();
    // Just inside the west county's east edge (118°E) in WGS 84: as GCJ-02 it lands ~500 m east, in the east county.
    const [x, y] = gcoord.transform([117.998, 28.5], gcoord.WGS84, gcoord.GCJ02);
    const p = await (await upload(app, 'amap.csv', `名称,经度,纬度,所属措施,县区\n边界点,${x},${y},4,信州区\n`, { layer: 'places', crs: 'wgs84' })).json();
    const gcj = p.problems.filter((q: { message: string }) => q.message.includes('GCJ-02'));
    expect(gcj.length).toBeGreaterThan(0);
    expect(gcj[0]).toMatchObject({ row: 2, severity: 'warning' });
  });
});

describe('history as CSV', () => {
  it('GET /api/changes?format=csv&since&until: one line per field, BOM, the import named; names only for signed-in readers', async () => {
    const { app } = await writableTestApp();
    const p = await (await upload(app, 'projects-utf8.csv', readFileSync(join(FIX, 'projects-utf8.csv')), { layer: 'places' })).json();
    const { change_set } = await (await apply(app, p.id, '县区清单')).json();
    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const res = await app.request(`/api/changes?format=csv&since=${today}&until=${tomorrow}`, { headers: { 'x-test-user': 'wang:viewer' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toContain(`since-${today}`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes).trim().split('\r\n');
    expect(lines[0]).toBe('change_set,at,author,kind,note,reverts,op,feature,layer,counties,field,before,after');
    const mine = lines.filter((l) => l.startsWith(`${change_set.id},`));
    expect(mine.length).toBeGreaterThan(10);
    expect(mine.every((l) => l.includes(',li,import,县区清单,,create,'))).toBe(true);
    expect(mine.some((l) => l.includes(',name,,新建光伏园'))).toBe(true);
    const anon = await (await app.request(`/api/changes?format=csv&since=${today}`)).text();
    expect(anon).not.toContain(',li,');
    expect((await app.request('/api/changes?format=pdf')).status).toBe(400);
    expect((await app.request(`/api/changes?format=csv&since=${tomorrow}`)).status).toBe(200);
  });
});

describe('import: who may', () => {
  it('401 without credentials, 403 for a viewer; a county-limited editor gets rows outside their county as problems', async () => {
    const { app } = await writableTestApp();
    const csv = readFileSync(join(FIX, 'projects-utf8.csv'));
    expect((await upload(app, 'a.csv', csv, { layer: 'places' }, {})).status).toBe(401);
    expect((await upload(app, 'a.csv', csv, { layer: 'places' }, { 'x-test-user': 'wang:viewer' })).status).toBe(403);
    const res = await upload(app, 'a.csv', csv, { layer: 'places' }, { 'x-test-user': `zhao:editor:${WEST}` });
    expect(res.status).toBe(200);
    const p = await res.json();
    expect(p.summary).toMatchObject({ create: 1, left_out: 1 });
    expect(p.problems).toContainEqual(expect.objectContaining({ row: 3, severity: 'error', field: 'geometry' }));
    // another account cannot see or apply it
    expect((await app.request(`/api/imports/${p.id}`, { headers: EDITOR })).status).toBe(404);
    expect((await apply(app, p.id, undefined, EDITOR)).status).toBe(404);
    expect((await apply(app, p.id, undefined, { 'x-test-user': `zhao:editor:${WEST}` })).status).toBe(201);
  });
});

describe('import: bad files are refused or their rows left out, naming the problem and the row', () => {
  it('an empty file: 422 empty_file', async () => {
    const { app } = await writableTestApp();
    const res = await upload(app, 'empty.csv', readFileSync(join(FIX, 'empty.csv')), { layer: 'places' });
    expect(res.status).toBe(422);
    expect((await res.json()).error.code).toBe('empty_file');
  });

  it('no name or no position column: 422 with every column and its samples, for the mapping step; the same file with a mapping is previewed', async () => {
    const { app } = await writableTestApp();
    const csv = '编号,地块,E坐标,N坐标\nA1,甲园,117.2,28.3\nA2,乙园,117.21,28.31\n';
    const columns = [
      { name: '编号', samples: ['A1', 'A2'] },
      { name: '地块', samples: ['甲园', '乙园'] },
      { name: 'E坐标', samples: ['117.2', '117.21'] },
      { name: 'N坐标', samples: ['28.3', '28.31'] },
    ];
    const res = await upload(app, 'blocks.csv', csv, { layer: 'places' });
    expect(res.status).toBe(422);
    const err = (await res.json()).error;
    expect(err).toMatchObject({ code: 'no_name_column', parameter: 'mapping' });
    expect(err.columns).toEqual(columns);
    const noPos = await upload(app, 'blocks.csv', csv, { layer: 'places', mapping: JSON.stringify({ 地块: 'name' }) });
    expect(noPos.status).toBe(422);
    const err2 = (await noPos.json()).error;
    expect(err2.code).toBe('no_position_columns');
    expect(err2.columns).toEqual(columns);
    // The asynchronous flow (as the panel uses it): the failed job carries the columns too.
    const started = await upload(app, 'blocks.csv', csv, { layer: 'places' }, { ...EDITOR, Prefer: 'respond-async' });
    expect(started.status).toBe(202);
    const { id } = await started.json();
    let job: { state: string; error?: { code: string; columns?: unknown } } = { state: 'parsing' };
    for (let i = 0; i < 200 && job.state === 'parsing'; i++) {
      await new Promise((r) => setTimeout(r, 25));
      job = await (await app.request(`/api/imports/${id}`, { headers: EDITOR })).json();
    }
    expect(job.state).toBe('failed');
    expect(job.error).toMatchObject({ code: 'no_name_column', columns });
    const ok = await upload(app, 'blocks.csv', csv, { layer: 'places', mapping: JSON.stringify({ 地块: 'name', E坐标: 'lon', N坐标: 'lat' }) });
    expect(ok.status).toBe(200);
    const p = await ok.json();
    expect(p.summary.rows).toBe(2);
    expect(p.mapping).toMatchObject({ 地块: 'name', E坐标: 'lon', N坐标: 'lat' });
  });

  it('a file that cannot be read as a table has no columns to offer: 422 without columns', async () => {
    const { app } = await writableTestApp();
    const res = await upload(app, 'empty.csv', readFileSync(join(FIX, 'empty.csv')), { layer: 'places' });
    expect((await res.json()).error.columns).toBeUndefined();
  });

  it('a CSV that mixes UTF-8 and GBK lines: 422 mixed_encoding naming both lines', async () => {
    const { app } = await writableTestApp();
    const res = await upload(app, 'mixed.csv', readFileSync(join(FIX, 'mixed-encoding.csv')), { layer: 'places' });
    expect(res.status).toBe(422);
    const err = (await res.json()).error;
    expect(err.code).toBe('mixed_encoding');
    expect(err.message).toContain('line 1 is UTF-8');
    expect(err.message).toContain('line 3');
    expect(err.row).toBe(3);
  });

  it('an unclosed ring and a position out of range are problems of their rows; the good row stays', async () => {
    const { app } = await writableTestApp();
    const res = await upload(app, 'bad.geojson', readFileSync(join(FIX, 'bad-geometries.geojson')), { layer: 'places' });
    expect(res.status).toBe(200);
    const p = await res.json();
    expect(p.summary).toMatchObject({ rows: 3, create: 1, left_out: 2 });
    expect(p.problems).toContainEqual(expect.objectContaining({ row: 1, field: 'geometry', severity: 'error', message: expect.stringContaining('does not close') }));
    expect(p.problems).toContainEqual(expect.objectContaining({ row: 2, field: 'geometry', severity: 'error', message: expect.stringContaining('out of range') }));
  });

  it('a file type we do not read: 415 naming the formats allowed; a non-multipart body: 415', async () => {
    const { app } = await writableTestApp();
    const res = await upload(app, 'plan.docx', 'x', { layer: 'places' });
    expect(res.status).toBe(415);
    expect((await res.json()).error.message).toContain('.csv');
    const plain = await app.request('/api/imports', { method: 'POST', headers: { ...EDITOR, 'Content-Type': 'application/json' }, body: '{}' });
    expect(plain.status).toBe(415);
  });

  it('bad form fields: 400 naming the field', async () => {
    const { app } = await writableTestApp();
    const csv = readFileSync(join(FIX, 'projects-utf8.csv'));
    for (const [fields, parameter] of [
      [{ layer: 'nope' }, 'layer'],
      [{ layer: 'places', crs: 'EPSG:9999' }, 'crs'],
      [{ layer: 'places', mapping: '{bad' }, 'mapping'],
      [{ layer: 'places', mapping: '{"名称": "title"}' }, 'mapping'],
      [{ layer: 'places', defaults: '{"lon": 1}' }, 'defaults'],
      [{ layer: 'places', extra: '1' }, 'extra'],
    ] as [Record<string, string>, string][]) {
      const res = await upload(app, 'a.csv', csv, fields);
      expect(res.status, JSON.stringify(fields)).toBe(400);
      expect((await res.json()).error.parameter).toBe(parameter);
    }
  });
});
