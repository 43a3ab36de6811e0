import { describe, expect, it } from 'vitest';
import { COUNTIES } from '../../core/contract';
import { formatProblem } from '../../server/dataset/load';
import { checkDataset, checkDatasetFiles } from '../../scripts/data/check-dataset';
import { NAMED_PLACES } from '../../scripts/data/named-places';
import { BOUNDARIES, county, feature, fixtureFiles, layer, measure, square } from './factory';

/** The 12 counties as a row of small squares, and the 23 measures (measure 4 quoting 三清山). */
const counties = COUNTIES.map((c, i) => county(c.code, c.name, c.name_en, 116.5 + i * 0.2, 28.5));
const measures = Array.from({ length: 23 }, (_, i) => measure(i + 1, i === 3 ? { text: '支持三清山创建国家级文明旅游示范单位。' } : {}));
const inCity = [116.5, 28.5];
/** The fixture city is 12 small squares with one neighbour: no published area, only 衢州 as context. */
const FIXTURE_OPTIONS = { dir: 'data', namedPlaces: [], publishedAreaKm2: null, neighbours: ['衢州市'] };

function check(features: ReturnType<typeof feature>[], extra: Parameters<typeof fixtureFiles>[0] = {}) {
  const files = fixtureFiles({ counties, measures, features: { 'scenic-areas': features }, ...extra });
  return checkDatasetFiles(files, FIXTURE_OPTIONS).map(formatProblem);
}
const ok = (id: string, props = {}) => feature(id, 'scenic-areas', props, { type: 'Point', coordinates: inCity });

describe('checkDatasetFiles', () => {
  it('passes a small valid dataset', () => {
    expect(check([ok('scenic-a')])).toEqual([]);
  });

  it('names a duplicate id', () => {
    expect(check([ok('scenic-a'), ok('scenic-a')])).toContain('data/layers/scenic-areas.geojson: feature "scenic-a": duplicate id: also used in data/layers/scenic-areas.geojson');
  });

  it('names an unknown measure', () => {
    expect(check([ok('scenic-a', { measures: [4, 24] })]).join('\n')).toContain('data/layers/scenic-areas.geojson: feature "scenic-a": measures.1:');
  });

  it('names a point in the sea', () => {
    const sea = feature('scenic-sea', 'scenic-areas', {}, { type: 'Point', coordinates: [123.5, 30.0] });
    expect(check([sea])).toContain(
      'data/layers/scenic-areas.geojson: feature "scenic-sea": position [123.5, 30] lies outside the city boundary; fix it or mark the feature outside: true',
    );
  });

  it('names a feature marked outside that is inside', () => {
    expect(check([ok('scenic-a', { outside: true })])).toContain('data/layers/scenic-areas.geojson: feature "scenic-a": marked outside: true but lies (partly) inside the city boundary');
  });

  it('names 上饶县 left in the counties file', () => {
    const old = counties.map((c) => (c.properties!.code === '361104' ? county('361121', '上饶县', 'Shangrao County', 116.9, 28.5) : c));
    expect(check([ok('scenic-a')], { counties: old }).join('\n')).toContain(
      'data/counties.geojson: feature "361121": code 361121 (上饶县) is not a current county code (上饶县 361121 is now 广信区 361104',
    );
  });

  it('names a missing county', () => {
    expect(check([ok('scenic-a')], { counties: counties.slice(1) })).toContain('data/counties.geojson: feature "361102": county 361102 信州区 is missing');
  });

  it('names a missing precision', () => {
    const f = ok('scenic-a');
    delete (f.properties as Record<string, unknown>).precision;
    expect(check([f]).join('\n')).toContain('data/layers/scenic-areas.geojson: feature "scenic-a": precision: ');
  });

  it('names a missing English location note', () => {
    const f = ok('scenic-a');
    delete (f.properties as Record<string, unknown>).location_note_en;
    expect(check([f]).join('\n')).toContain('data/layers/scenic-areas.geojson: feature "scenic-a": location_note_en: ');
  });

  it('names a quote that is not the measure’s words and a clause of another measure', () => {
    const out = check([ok('scenic-q', { quote: '支持三清山创建5A' }), ok('scenic-c', { clause: '（八）' })]);
    expect(out).toContain('data/layers/scenic-areas.geojson: feature "scenic-q": quote is not the words of measure 4 （四）: "支持三清山创建5A"');
    expect(out).toContain('data/layers/scenic-areas.geojson: feature "scenic-c": clause （八） is not one of its measures (4)');
  });

  it('names a completed status without a source', () => {
    expect(check([ok('scenic-a', { status: 'completed' })])).toContain(
      'data/layers/scenic-areas.geojson: feature "scenic-a": status completed needs a named source in sources (the plan only states intentions)',
    );
  });

  it('names a clockwise polygon', () => {
    const cw = feature('scenic-cw', 'scenic-areas', {}, { type: 'Polygon', coordinates: [[[116.45, 28.45], [116.45, 28.55], [116.55, 28.55], [116.55, 28.45], [116.45, 28.45]]] });
    expect(check([cw], { layers: [layer('scenic-areas', 'mixed')] })).toContain(
      'data/layers/scenic-areas.geojson: feature "scenic-cw": winding: an outer ring must be counter-clockwise (RFC 7946)',
    );
  });

  it('names an RFC 7946 structural error', () => {
    const files = fixtureFiles({ counties, measures, features: { 'scenic-areas': [ok('scenic-a')] } });
    files['context.geojson'] = files['context.geojson'].replace('"Polygon"', '"Polygone"');
    expect(checkDatasetFiles(files, FIXTURE_OPTIONS).map(formatProblem).join('\n')).toMatch(/^data\/context\.geojson: RFC 7946 \(line 1\): This type of GeoJSON object is not allowed here/m);
  });

  it('names a named place that has no feature', () => {
    const files = fixtureFiles({ counties, measures, features: { 'scenic-areas': [ok('scenic-a')] } });
    const out = checkDatasetFiles(files, { ...FIXTURE_OPTIONS, namedPlaces: [{ name: '龟峰', layer: 'scenic-areas', measure: 4 }] }).map(formatProblem);
    expect(out).toEqual(['data/layers.json: named place 龟峰 (measure 4) has no feature in layer scenic-areas']);
  });
});

describe('checkDatasetFiles: one broken fixture per kind of defect (issue 11)', () => {
  const files = (parts: Parameters<typeof fixtureFiles>[0]) => fixtureFiles({ counties, measures, features: { 'scenic-areas': [ok('scenic-a')] }, ...parts });
  const run = (f: Record<string, string>, opts = {}) => checkDatasetFiles(f, { ...FIXTURE_OPTIONS, ...opts }).map(formatProblem).join('\n');

  it('boundaries: refuses outlines that do not state source, licence and datum', () => {
    expect(run(files({ boundaries: null }))).toContain('data/counties.geojson: no "boundaries" member');
    expect(run(files({ boundaries: { ...BOUNDARIES, datum: 'GCJ-02' } }))).toContain('data/counties.geojson: boundaries.datum is "GCJ-02": the files must be WGS 84');
    expect(run(files({ boundaries: { ...BOUNDARIES, source: '高德地图 AMap', licence: 'MIT' } }))).toContain("AMap-derived outlines are under AMap's terms, not MIT");
  });

  it('boundaries: refuses overlapping counties and a total area far from the published one', () => {
    const overlapping = counties.map((c, i) => (i === 1 ? county('361103', '广丰区', 'Guangfeng District', 116.6, 28.5) : c));
    expect(run(files({ counties: overlapping }))).toMatch(/data\/counties\.geojson: feature "361102": overlaps 361103 by \d+\.\d km²/);
    expect(run(files({}), { publishedAreaKm2: 22_791 })).toMatch(/union of the counties is \d+ km², \d+\.\d % from the published 22791 km²/);
  });

  it('boundaries: refuses a gap between counties', () => {
    const gappy = counties.map((c, i) => (i === 5 ? county(c.properties!.code, c.properties!.name, c.properties!.name_en, 116.5 + 5 * 0.2, 28.5, 0.09) : c));
    expect(run(files({ counties: gappy }))).toContain('the counties form 3 separate pieces, not one city');
  });

  it('neighbours: refuses a missing neighbour and one that reaches into the city', () => {
    expect(run(files({}), { neighbours: ['衢州市', '池州市'] })).toContain('data/context.geojson: feature "池州市": neighbouring prefecture 池州市 is missing (it borders Shangrao)');
    const into = [{ type: 'Feature' as const, properties: { name: '衢州市', name_en: 'Quzhou', province: '浙江省', province_en: 'Zhejiang' }, geometry: { type: 'Polygon' as const, coordinates: square(116.55, 28.55) } }];
    expect(run(files({ context: into }))).toMatch(/data\/context\.geojson: feature "衢州市": overlaps the city by \d+\.\d km²/);
  });

  it('status: refuses planned for a place the plan relies on or improves (依托, 持续, 提高…)', () => {
    const m = measures.map((x) => (x.id === 4 ? { ...x, text: '依托三清山机场发展。支持三清山创建国家级文明旅游示范单位。' } : x));
    const out = run(files({ measures: m, features: { 'scenic-areas': [ok('scenic-a', { quote: '依托三清山机场' })] } }));
    expect(out).toContain('feature "scenic-a": status planned, but the plan\'s words (依托) rely on or improve something that exists');
    expect(out).toContain('feature "scenic-a": the plan\'s words (依托) say the place exists: set existing');
  });

  it('status: refuses planned for an existing place unless the plan asks for something new', () => {
    const existing = { since: 2017, source: null };
    expect(run(files({ features: { 'scenic-areas': [ok('scenic-a', { existing })] } }))).toContain('feature "scenic-a": the place exists (existing) and the quote asks for nothing new');
    expect(run(files({ features: { 'scenic-areas': [ok('scenic-a', { existing, quote: '支持三清山创建' })] } }))).not.toContain('asks for nothing new');
  });

  it('precision: refuses an approximate point whose note says it only stands for the place', () => {
    const out = run(files({ features: { 'scenic-areas': [ok('scenic-a', { location_note_en: 'a point on the lake shore standing for the reserve; it stands for the reserve' })] } }));
    expect(out).toContain('feature "scenic-a": precision approximate, but the location note says the geometry only stands for the place: make it schematic');
  });

  it('precision: refuses a schematic feature whose notes do not say so, and stacked schematic markers', () => {
    const sketch = (id: string) => ok(id, { precision: 'schematic', plan_counties: [], location_note: '示意：标记', location_note_en: 'Schematic: a marker' });
    expect(run(files({ features: { 'scenic-areas': [ok('scenic-a', { precision: 'schematic', plan_counties: [] })] } }))).toContain('precision schematic: both location notes must begin with 示意 / Schematic');
    expect(run(files({ features: { 'scenic-areas': [sketch('scenic-a'), sketch('scenic-b')] } }))).toContain('feature "scenic-a": schematic marker within 0.00 km of "scenic-b"');
  });

  it('counting: refuses a schematic feature without plan_counties, or with a county the quote does not name', () => {
    const sketch = (extra: object) => ok('scenic-a', { precision: 'schematic', location_note: '示意：标记', location_note_en: 'Schematic: a marker', ...extra });
    expect(run(files({ features: { 'scenic-areas': [sketch({})] } }))).toContain('feature "scenic-a": schematic: set plan_counties');
    expect(run(files({ features: { 'scenic-areas': [sketch({ plan_counties: ['361130'] })] } }))).toContain('plan_counties: the quote does not name 婺源县 (婺源)');
    expect(run(files({ features: { 'scenic-areas': [ok('scenic-a', { plan_counties: ['361102'] })] } }))).toContain('plan_counties is for schematic features only');
  });

  it('sources: refuses a feature that does not say what its position rests on, or claims a citation it lacks', () => {
    const f = ok('scenic-a');
    delete (f.properties as Record<string, unknown>).location_source;
    expect(run(files({ features: { 'scenic-areas': [f] } }))).toContain('feature "scenic-a": location_source missing');
    expect(run(files({ features: { 'scenic-areas': [ok('scenic-a', { location_source: 'cited' })] } }))).toContain('location_source cited, but no source in sources is about the location');
  });

  it('targets: refuses a measure whose stated target is missing, and a department list without its 等 flag', () => {
    const m = measures.map((x) => (x.id === 8 ? { ...x, text: '尽快建成福州（宁德）港上饶码头，形成宁波、宁德两个出海通道。' } : x.id === 9 ? { ...x, departments_exhaustive: undefined } : x));
    const out = run(files({ measures: m }));
    expect(out).toContain('data/measures.json: feature "8": the plan states a target ("形成宁波、宁德两个出海通道") that no target of measure 8 quotes');
    expect(out).toContain('data/measures.json: feature "9": departments_exhaustive missing');
  });

  it('words: refuses English that misreads the Chinese, and a layer name that promises something else', () => {
    const m = measures.map((x) => (x.id === 9 ? { ...x, title: '加强再生资源回收利用', title_en: 'Recycle renewable resources' } : x));
    expect(run(files({ measures: m }))).toContain('data/measures.json: feature "9": title_en: "renewable" misreads 再生资源');
    const l = [{ ...layer('scenic-areas'), name: '绿色园区', name_en: 'Green parks' }];
    expect(run(files({ layers: l }))).toContain('data/layers.json: feature "scenic-areas": display name "绿色园区" does not say what the layer holds');
  });

  it('datum: refuses a feature drawn with county outlines that no longer matches them', () => {
    const l = [layer('scenic-areas', 'mixed')];
    const stale = feature('scenic-wuyuan-rural-tourism-zone', 'scenic-areas', { location_source: 'none_found' }, { type: 'Polygon', coordinates: square(116.5 + 10 * 0.2 + 0.01, 28.5, 0.1) });
    expect(run(files({ layers: l, features: { 'scenic-areas': [stale] } }))).toMatch(/feature "scenic-wuyuan-rural-tourism-zone": drawn with the outlines of 361130 but differs from them by \d+\.\d %/);
  });
});

describe('the shipped data/', () => {
  it('has no problems (this is npm run data:check)', async () => {
    expect((await checkDataset('data')).map(formatProblem)).toEqual([]);
  }, 60_000);

  it('lists every place the issue names', () => {
    for (const n of ['婺源篁岭', '灵山', '葛仙山', '葛仙村', '龟峰', '三清山', '大茅山', '大鄣山', '铜钹山', '云碧峰', '神农源', '鄱阳湖湿地', '铅山武夷山', '饶河源湿地', '婺源森林', '鄱阳湖长江江豚保护区', '上饶国际陆港', '快递产业园', '福州（宁德）港上饶码头', '信江产业新城']) {
      expect(NAMED_PLACES.map((p) => p.name)).toContain(n);
    }
  });
});
