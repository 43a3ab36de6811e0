import { describe, expect, it } from 'vitest';
import { changeSetId, errorColumns, errorText, importForm, readApplied } from '../../web/src/import/api';
import { acceptedFile, countPreview, fieldChoices, crsOption, mappingToSend, previewAction, previewBounds, problemsToCsv, readJob, readPreview, sentDefaults, valuesToSend } from '../../web/src/import/model';
import { fractionOf } from '../../web/src/import/progress';

const point = (lon: number, lat: number, props: Record<string, unknown> = {}) => ({ type: 'Feature' as const, geometry: { type: 'Point' as const, coordinates: [lon, lat] }, properties: { name: 'x', ...props } });
const fc = (...features: ReturnType<typeof point>[]) => ({ type: 'FeatureCollection' as const, features });

describe('readPreview', () => {
  it('reads the contract’s id, features and problems, and the optional mapping, values and CRS', () => {
    const p = readPreview({
      id: 'abc',
      features: fc(point(117.9, 28.4)),
      problems: [{ row: 3, field: 'lon', message: '经度超出范围', severity: 'error' }, { row: null, message: 'file', severity: 'warning' }],
      columns: [{ name: '名称', samples: ['甲园', '乙园'] }, { name: '经度', samples: ['117.2'] }, '纬度', { samples: [] }],
      mapping: { 名称: 'name', 经度: 'lon', 纬度: 'lat' },
      values: { status: { 已完成: 'completed', 竣工验收: null, bad: 3 } },
      summary: { rows: 3, create: 1, update: 0, unchanged: 0, left_out: 1 },
      notes: ['GB18030 (GBK)'],
      crs: { id: 'EPSG:4527', label: 'CGCS2000 / 3° 高斯-克吕格 39 带', stated: 'EPSG:4527' },
    });
    expect(p.id).toBe('abc');
    expect(p.features.features).toHaveLength(1);
    expect(p.problems).toEqual([
      { row: 3, field: 'lon', message: '经度超出范围', severity: 'error' },
      { row: null, field: null, message: 'file', severity: 'warning' },
    ]);
    expect(p.columns).toEqual([{ name: '名称', samples: ['甲园', '乙园'] }, { name: '经度', samples: ['117.2'] }, { name: '纬度', samples: [] }]);
    expect(p.values).toEqual({ status: { 已完成: 'completed', 竣工验收: null } });
    expect(p.summary).toEqual({ create: 1, update: 0, unchanged: 0, left_out: 1 });
    expect(p.notes).toEqual(['GB18030 (GBK)']);
    expect(p.crs).toBe('EPSG:4527');
    expect(p.crsStated).toBe('EPSG:4527');
  });

  it('takes the columns from the mapping when the server lists none, and a numeric id as text', () => {
    const p = readPreview({ id: 7, features: fc(), problems: [{ row: 2, message: 'x' }], mapping: { 名称: 'name', junk: 5 }, crs: { id: 'wgs84', stated: null } });
    expect(p.id).toBe('7');
    expect(p.columns).toEqual([{ name: '名称', samples: [] }, { name: 'junk', samples: [] }]);
    expect(p.mapping).toEqual({ 名称: 'name' });
    expect(p.problems[0].severity).toBe('error');
    expect(p.crs).toBe('wgs84');
    expect(p.crsStated).toBeUndefined();
    expect(p.summary).toBeUndefined();
  });

  it('refuses a body with no id or no FeatureCollection', () => {
    expect(() => readPreview({ features: fc() })).toThrow(/id/);
    expect(() => readPreview({ id: 'a', features: [] })).toThrow(/FeatureCollection/);
    expect(() => readPreview(null)).toThrow();
  });
});

describe('the preview in figures', () => {
  it('reads an import in progress: state, rows read of rows in the file, and why it failed', () => {
    expect(readJob({ id: 'q', state: 'parsing', done: 40, total: 100 })).toEqual({ id: 'q', state: 'parsing', done: 40, total: 100 });
    expect(readJob({ id: 'q', state: 'failed', done: 0, total: 0, error: { code: 'empty_file', message: 'The file is empty.' } }).error).toBe('The file is empty.');
    expect(readJob({ id: 'q', features: fc() }).state).toBe('ready');
    expect(() => readJob({ state: 'parsing' })).toThrow(/id/);
  });

  it('tells updates (action or matched id) and unchanged rows from new features', () => {
    expect(previewAction(point(0, 0, { _import: { action: 'update', matched_id: 'a' } }))).toBe('update');
    expect(previewAction(point(0, 0, { _import: { action: 'unchanged', matched_id: 'a' } }))).toBe('unchanged');
    expect(previewAction(point(0, 0, { _import: { matched_id: 'a' } }))).toBe('update');
    expect(previewAction(point(0, 0, { _import: { action: 'create' } }))).toBe('create');
    expect(previewAction(point(0, 0))).toBe('create');
  });

  it('counts new, updated, unchanged, rows left out (distinct rows with an error) and warnings', () => {
    const features = fc(point(0, 0), point(0, 0, { _import: { action: 'update' } }), point(0, 0), point(0, 0, { _import: { action: 'unchanged' } }));
    const problems = [
      { row: 4, field: 'lon', message: 'a', severity: 'error' as const },
      { row: 4, field: 'lat', message: 'b', severity: 'error' as const },
      { row: 9, field: null, message: 'c', severity: 'error' as const },
      { row: 5, field: 'geometry', message: 'GCJ-02?', severity: 'warning' as const },
      { row: null, field: null, message: 'whole file', severity: 'error' as const },
    ];
    expect(countPreview({ features, problems })).toEqual({ created: 2, updated: 1, unchanged: 1, leftOut: 3, warnings: 1 });
  });

  it('takes the server’s counts when it gives them', () => {
    const summary = { create: 10, update: 2, unchanged: 0, left_out: 4 };
    expect(countPreview({ features: fc(point(0, 0)), problems: [], summary })).toEqual({ created: 10, updated: 2, unchanged: 0, leftOut: 4, warnings: 0 });
  });

  it('bounds every coordinate, polygons included, and has none for an empty preview', () => {
    const poly = { type: 'Feature' as const, properties: {}, geometry: { type: 'Polygon' as const, coordinates: [[[117, 28], [118.5, 28], [118.5, 29.2], [117, 28]]] } };
    expect(previewBounds({ type: 'FeatureCollection', features: [point(116.2, 28.9), poly] })).toEqual([116.2, 28, 118.5, 29.2]);
    expect(previewBounds({ type: 'FeatureCollection', features: [] })).toBeNull();
  });
});

describe('problems as CSV', () => {
  it('starts with the UTF-8 BOM, quotes where needed and leaves unknown rows empty', () => {
    const csv = problemsToCsv(
      [
        { row: 2, field: 'name', message: '缺少名称', severity: 'error' },
        { row: null, field: null, message: 'a "quoted", message', severity: 'warning' },
        { row: 5, field: 'note', message: '=SUM(A1)', severity: 'error' },
      ],
      { row: '行', field: '字段', severity: '类别', message: '问题' },
      (s) => (s === 'error' ? '错误' : '提醒'),
    );
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.slice(1).split('\r\n')).toEqual(['行,字段,类别,问题', '2,name,错误,缺少名称', ',,提醒,"a ""quoted"", message"', "5,note,错误,'=SUM(A1)", '']);
  });
});

describe('what is sent', () => {
  it('offers the .prj’s CRS only when it is one of ours', () => {
    expect(crsOption('EPSG:4326')).toBe('wgs84');
    expect(crsOption('EPSG:4490')).toBe('cgcs2000');
    expect(crsOption('GCJ02')).toBe('gcj02');
    expect(crsOption('epsg:4549')).toBe('EPSG:4549');
    expect(crsOption('EPSG:2385')).toBeUndefined();
    expect(crsOption(undefined)).toBeUndefined();
  });

  it('sends every column, null for one not imported', () => {
    expect(mappingToSend({ 名称: 'name', 备注: '', 经度: 'lon' })).toEqual({ 名称: 'name', 备注: null, 经度: 'lon' });
  });

  it('offers our fields, and a field the server chose that we do not list', () => {
    expect(fieldChoices('name')).toContain('lat');
    expect(fieldChoices('name')).not.toContain('quote');
    expect(fieldChoices('quote').at(-1)).toBe('quote');
  });

  it('builds the multipart body: file, layer, crs, and the mapping only when there is one', () => {
    const file = new File(['名称,经度,纬度\r\n'], 'a.csv', { type: 'text/csv' });
    const f = importForm({ file, layer: 'scenic-areas', crs: 'gcj02', mapping: { 名称: 'name', x: '' } });
    expect((f.get('file') as File).name).toBe('a.csv');
    expect(f.get('layer')).toBe('scenic-areas');
    expect(f.get('crs')).toBe('gcj02');
    expect(JSON.parse(f.get('mapping') as string)).toEqual({ 名称: 'name', x: null });
    expect(importForm({ file, layer: '', crs: 'wgs84' }).has('mapping')).toBe(false);
    expect(JSON.parse(importForm({ file, layer: '', crs: 'wgs84', values: { status: { 竣工验收: 'completed' } } }).get('values') as string)).toEqual({ status: { 竣工验收: 'completed' } });
    expect(importForm({ file, layer: '', crs: 'wgs84', values: { status: {} } }).has('values')).toBe(false);
  });

  it('sends the status words the user chose a status for, not the ones left to the server', () => {
    expect(valuesToSend({ 竣工验收: 'completed', 已完成: '' })).toEqual({ status: { 竣工验收: 'completed' } });
    expect(valuesToSend({ 已完成: '' })).toBeUndefined();
  });

  it('sends the defaults given, not the blank ones', () => {
    expect(sentDefaults({ status_date: '2025-06-30', status: '', measures: ' ' })).toEqual({ status_date: '2025-06-30' });
  });

  it('accepts the file kinds the server reads', () => {
    expect(acceptedFile('项目清单.CSV')).toBe(true);
    expect(acceptedFile('x.kmz')).toBe(true);
    expect(acceptedFile('x.xls')).toBe(false);
  });
});

describe('answers', () => {
  it('gives the server’s message, naming the parameter when the message does not', () => {
    expect(errorText(400, JSON.stringify({ error: { code: 'bad_file', message: 'Nothing to read.', parameter: 'file' } }))).toBe('Nothing to read. (file)');
    expect(errorText(400, JSON.stringify({ error: { code: 'bad', message: 'crs must be …', parameter: 'crs' } }))).toBe('crs must be …');
    expect(errorText(502, '<html>')).toBe('HTTP 502');
  });

  it('keeps the file’s columns of a refusal a mapping can fix (sync answer and failed job), and nothing else', () => {
    const body = { error: { code: 'no_name_column', message: 'No column holds the name.', parameter: 'mapping', columns: [{ name: '地块', samples: ['甲园', 7] }, 'E坐标', { samples: [] }] } };
    expect(errorColumns(JSON.stringify(body))).toEqual([
      { name: '地块', samples: ['甲园'] },
      { name: 'E坐标', samples: [] },
    ]);
    expect(errorColumns(JSON.stringify({ error: { code: 'empty_file', message: 'The file is empty.' } }))).toBeUndefined();
    expect(errorColumns('<html>')).toBeUndefined();
    expect(readJob({ id: 'q', state: 'failed', done: 0, total: 0, ...body }).errorColumns).toEqual([
      { name: '地块', samples: ['甲园'] },
      { name: 'E坐标', samples: [] },
    ]);
    expect(readJob({ id: 'q', state: 'failed', done: 0, total: 0, error: { code: 'empty_file', message: 'x' } }).errorColumns).toBeUndefined();
  });

  it('reads the change set of an apply or a revert', () => {
    expect(changeSetId({ change_set: { id: '12', kind: 'import' } })).toBe('12');
    expect(changeSetId({ change_set: '13' })).toBe('13');
    expect(() => changeSetId({})).toThrow();
    expect(readApplied({ change_set: { id: '14', kind: 'import', counts: { created: 3, updated: 2, deleted: 0, restored: 0, progress: 0 }, changes_total: 5 } })).toEqual({ changeSet: '14', created: 3, updated: 2 });
    expect(readApplied({ change_set: { id: '15' } })).toEqual({ changeSet: '15', created: 0, updated: 0 });
    expect(() => readApplied({ change_set: {} })).toThrow();
  });

  it('reports an upload’s fraction only when its size is known', () => {
    expect(fractionOf(50, 200)).toBe(0.25);
    expect(fractionOf(5, 0)).toBeUndefined();
    expect(fractionOf(300, 200)).toBe(1);
  });
});
