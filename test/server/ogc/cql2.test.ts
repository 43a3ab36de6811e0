import { describe, expect, it } from 'vitest';
import { CqlError, parseCql2 } from '../../../server/ogc/cql2';

const error = (text: string) => {
  try {
    parseCql2(text);
  } catch (e) {
    expect(e).toBeInstanceOf(CqlError);
    return (e as Error).message;
  }
  throw new Error(`no error for ${text}`);
};

describe('parseCql2: CQL2 text → FilterExpr', () => {
  it('reads comparisons, AND/OR/NOT with CQL2 precedence (NOT > AND > OR)', () => {
    expect(parseCql2("status = 'planned' OR measure = 4 AND NOT outside = TRUE")).toEqual({
      op: 'or',
      args: [
        { op: '=', property: 'status', value: 'planned' },
        { op: 'and', args: [{ op: '=', property: 'measure', value: 4 }, { op: 'not', arg: { op: '=', property: 'outside', value: true } }] },
      ],
    });
  });

  it('reads LIKE, IN, IS NULL, BETWEEN and their NOT forms; keywords in any case', () => {
    expect(parseCql2("name like '三清%'")).toEqual({ op: 'like', property: 'name', pattern: '三清%' });
    expect(parseCql2("name NOT LIKE 'x_'")).toEqual({ op: 'not', arg: { op: 'like', property: 'name', pattern: 'x_' } });
    expect(parseCql2('measure IN (4, 16)')).toEqual({ op: 'in', property: 'measure', values: [4, 16] });
    expect(parseCql2("status NOT IN ('planned')")).toEqual({ op: 'not', arg: { op: 'in', property: 'status', values: ['planned'] } });
    expect(parseCql2('zone IS NULL')).toEqual({ op: 'isNull', property: 'zone' });
    expect(parseCql2('zone is not null')).toEqual({ op: 'not', arg: { op: 'isNull', property: 'zone' } });
    expect(parseCql2('measure BETWEEN 4 AND 8')).toEqual({ op: 'and', args: [{ op: '>=', property: 'measure', value: 4 }, { op: '<=', property: 'measure', value: 8 }] });
  });

  it("reads quoted properties, '' inside strings, a literal on the left, the retired county code", () => {
    expect(parseCql2(`"name" <> 'it''s'`)).toEqual({ op: '<>', property: 'name', value: "it's" });
    expect(parseCql2('4 < measure')).toEqual({ op: '>', property: 'measure', value: 4 });
    expect(parseCql2("county = '361121'")).toEqual({ op: '=', property: 'county', value: '361104' });
  });

  it('reads S_INTERSECTS with a BBOX, a POLYGON and a POINT', () => {
    expect(parseCql2('S_INTERSECTS(geometry, BBOX(117, 28, 118, 29))')).toEqual({
      op: 'intersects',
      geometry: { type: 'Polygon', coordinates: [[[117, 28], [118, 28], [118, 29], [117, 29], [117, 28]]] },
    });
    expect(parseCql2('s_intersects(geometry, POLYGON((117 28, 118 28, 118 29, 117 28)))')).toEqual({
      op: 'intersects',
      geometry: { type: 'Polygon', coordinates: [[[117, 28], [118, 28], [118, 29], [117, 28]]] },
    });
    expect(parseCql2('S_INTERSECTS(geometry, POINT(117.5 28.5))')).toEqual({ op: 'intersects', geometry: { type: 'Point', coordinates: [117.5, 28.5] } });
  });

  it('refuses an unknown property, naming it and the queryables', () => {
    expect(error("colour = 'red'")).toMatch(/unknown property "colour"; queryables: id, name.*county, geometry/);
  });

  it('refuses bad syntax, naming the position, including trailing words', () => {
    expect(error("status = 'planned' AND")).toMatch(/not valid CQL2 text at character 23/);
    expect(error("status = 'planned' garbage")).toMatch(/at character 20 \(near "garbage"\)/);
    expect(error("status == 'x'")).toMatch(/not valid CQL2 text/);
    expect(error('')).toMatch(/not valid CQL2 text at character 1/);
  });

  it('refuses unsupported functions and operators by name', () => {
    expect(error("CASEI(name) = 'x'")).toMatch(/CASEI .*is not supported/);
    expect(error("A_CONTAINS(county, ('361130'))")).toMatch(/A_CONTAINS .*is not supported/);
    expect(error('S_WITHIN(geometry, BBOX(117, 28, 118, 29))')).toMatch(/S_WITHIN .*is not supported/);
  });

  it('refuses wrong literal types and malformed geometries, saying what is allowed', () => {
    expect(error("measure = '4'")).toMatch(/"measure" is a whole number/);
    expect(error('name = 4')).toMatch(/"name" is text/);
    expect(error('measure = 99999999999999999999')).toMatch(/"measure" is a whole number \(at most 2147483647/);
    expect(error('status')).toMatch(/is a property, not a condition/);
    expect(error("name LIKE 'a\\'")).toMatch(/may not end with a lone/);
    expect(parseCql2("name LIKE 'a\\\\'")).toEqual({ op: 'like', property: 'name', pattern: 'a\\\\' });
    expect(error('S_INTERSECTS(geometry, BBOX(118, 28, 117, 29))')).toMatch(/BBOX is reversed/);
    expect(error('S_INTERSECTS(geometry, POLYGON((117 28, 118 28, 118 29)))')).toMatch(/ring needs at least 4 positions/);
    expect(error('S_INTERSECTS(geometry, POINT(200 28))')).toMatch(/not "lon lat"/);
    expect(error("S_INTERSECTS(name, POINT(117 28))")).toMatch(/compares the property "geometry"/);
  });

  it('bounds the work: length, nesting and number of conditions', () => {
    expect(error(`${'('.repeat(50)}measure = 1${')'.repeat(50)}`)).toMatch(/nests parentheses more than 40 deep/);
    expect(error(Array.from({ length: 300 }, () => 'measure = 1').join(' OR '))).toMatch(/more than 200 conditions/);
    expect(error(`name = '${'x'.repeat(9000)}'`)).toMatch(/at most 8000/);
  });
});
