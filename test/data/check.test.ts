import { describe, expect, it } from 'vitest';
import { COUNTIES } from '../../core/contract';
import { formatProblem } from '../../server/dataset/load';
import { checkDataset, checkDatasetFiles } from '../../scripts/data/check-dataset';
import { NAMED_PLACES } from '../../scripts/data/named-places';
import { county, feature, fixtureFiles, layer, measure } from './factory';

/** The 12 counties as a row of small squares, and the 23 measures (measure 4 quoting 三清山). */
const counties = COUNTIES.map((c, i) => county(c.code, c.name, c.name_en, 116.5 + i * 0.2, 28.5));
const measures = Array.from({ length: 23 }, (_, i) => measure(i + 1, i === 3 ? { text: '支持三清山创建国家级文明旅游示范单位。' } : {}));
const inCity = [116.5, 28.5];

function check(features: ReturnType<typeof feature>[], extra: Parameters<typeof fixtureFiles>[0] = {}) {
  const files = fixtureFiles({ counties, measures, features: { 'scenic-areas': features }, ...extra });
  return checkDatasetFiles(files, { dir: 'data', namedPlaces: [] }).map(formatProblem);
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
    expect(checkDatasetFiles(files, { dir: 'data', namedPlaces: [] }).map(formatProblem).join('\n')).toMatch(/^data\/context\.geojson: RFC 7946 \(line 1\): This type of GeoJSON object is not allowed here/m);
  });

  it('names a named place that has no feature', () => {
    const files = fixtureFiles({ counties, measures, features: { 'scenic-areas': [ok('scenic-a')] } });
    const out = checkDatasetFiles(files, { dir: 'data', namedPlaces: [{ name: '龟峰', layer: 'scenic-areas', measure: 4 }] }).map(formatProblem);
    expect(out).toEqual(['data/layers.json: named place 龟峰 (measure 4) has no feature in layer scenic-areas']);
  });
});

describe('the shipped data/', () => {
  it('has no problems (this is npm run data:check)', async () => {
    expect((await checkDataset('data')).map(formatProblem)).toEqual([]);
  });

  it('lists every place the issue names', () => {
    for (const n of ['婺源篁岭', '灵山', '葛仙山', '葛仙村', '龟峰', '三清山', '大茅山', '大鄣山', '铜钹山', '云碧峰', '神农源', '鄱阳湖湿地', '铅山武夷山', '饶河源湿地', '婺源森林', '鄱阳湖长江江豚保护区', '上饶国际陆港', '快递产业园', '福州（宁德）港上饶码头', '信江产业新城']) {
      expect(NAMED_PLACES.map((p) => p.name)).toContain(n);
    }
  });
});
