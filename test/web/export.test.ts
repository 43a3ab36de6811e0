import { describe, expect, it } from 'vitest';
import { csvCell, featuresToCsv, featuresToGeoJson } from '../../web/src/lib/export';
import { makeT } from '../../web/src/i18n';
import { feature } from './factories';

describe('featuresToCsv', () => {
  it('starts with a BOM, uses CRLF and keeps Chinese', () => {
    const csv = featuresToCsv([feature()], makeT('zh'));
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe('编号,名称,英文名称,图层,区县,措施,状态,位置精度,条款,原文,经度,纬度');
    expect(lines[1]).toBe('scenic-huangling,篁岭,Huangling,scenic-areas,361130,4,planned,approximate,（四）,篁岭,117.86000,29.25000');
  });

  it('quotes commas and quotes, and defuses formulas', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=1+1')).toBe("'=1+1");
  });
});

describe('featuresToGeoJson', () => {
  it('is a FeatureCollection of the features', () => {
    const fc = JSON.parse(featuresToGeoJson([feature()]));
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features[0].properties.id).toBe('scenic-huangling');
  });
});
