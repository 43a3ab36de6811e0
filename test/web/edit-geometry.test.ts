/** Geometry editing, the pure part (web/src/edit/geometry/geometry.ts): parts, vertices, what moved. */
import { describe, expect, it } from 'vitest';
import type { Geometry, MultiLineString, Polygon } from 'geojson';
import { formatKm, fromParts, geometryChange, kindOf, kindsOfLayer, roundGeometry, toParts, vertexCount } from '../../web/src/edit/geometry/geometry';
import { changeLines } from '../../web/src/edit/geometry/GeometryEditor';
import { makeT } from '../../web/src/i18n';

const square: Polygon = { type: 'Polygon', coordinates: [[[117, 28], [117.1, 28], [117.1, 28.1], [117, 28.1], [117, 28]]] };
const river: MultiLineString = { type: 'MultiLineString', coordinates: [[[116.6, 28.9], [116.7, 29.0]], [[116.8, 29.0], [116.9, 29.1], [117.0, 29.1]]] };

describe('geometry editing', () => {
  it('offers the kinds a layer allows', () => {
    expect(kindsOfLayer('mixed')).toEqual(['point', 'line', 'polygon']);
    expect(kindsOfLayer('line')).toEqual(['line']);
    expect(kindOf(river)).toBe('line');
    expect(kindOf({ type: 'GeometryCollection', geometries: [] })).toBeNull();
  });

  it('splits a multi-part geometry into parts and joins them back unchanged', () => {
    const split = toParts(river);
    if (!('parts' in split)) throw new Error('river not split');
    expect(split.parts.map((p) => p.type)).toEqual(['LineString', 'LineString']);
    expect(fromParts('MultiLineString', split.parts)).toEqual(river);
    const one = toParts(square);
    if (!('parts' in one)) throw new Error('square not split');
    expect(fromParts('Polygon', one.parts)).toEqual(square);
  });

  it('refuses polygons with holes and collections, saying which', () => {
    const holed: Polygon = { type: 'Polygon', coordinates: [...square.coordinates, [[117.02, 28.02], [117.04, 28.02], [117.04, 28.04], [117.02, 28.02]]] };
    expect(toParts(holed)).toEqual({ unsupported: 'holes' });
    expect(toParts({ type: 'GeometryCollection', geometries: [] })).toEqual({ unsupported: 'collection' });
  });

  it('counts vertices as an editor sees them (a ring’s closing position is not one)', () => {
    expect(vertexCount(square)).toBe(4);
    expect(vertexCount(river)).toBe(5);
    expect(vertexCount({ type: 'Point', coordinates: [117, 28] })).toBe(1);
  });

  it('says how far a point moved and how a shape’s vertices changed', () => {
    const a: Geometry = { type: 'Point', coordinates: [117.9, 29.25] };
    const b: Geometry = { type: 'Point', coordinates: [117.9, 29.26] }; // 0.01° of latitude ≈ 1.11 km
    const c = geometryChange(a, b);
    expect(c.kind).toBe('point');
    expect(c.movedKm).toBeGreaterThan(1.1);
    expect(c.movedKm).toBeLessThan(1.12);
    expect(c.changed).toBe(true);
    const t = makeT('en');
    expect(changeLines(c, t)).toEqual(['moved 1.11 km']);
    expect(changeLines(c, makeT('zh'))).toEqual(['移动了 1.11 km']);
    const bigger: Polygon = { type: 'Polygon', coordinates: [[[117, 28], [117.05, 27.99], [117.1, 28], [117.1, 28.1], [117, 28.1], [117, 28]]] };
    const s = geometryChange(square, bigger);
    expect(s.vertices).toEqual({ before: 4, after: 5 });
    expect(changeLines(s, t)[1]).toBe('vertices: 4 → 5');
    expect(geometryChange(square, square).changed).toBe(false);
  });

  it('formats distances in m under 1 km and rounds positions to 7 decimals', () => {
    expect(formatKm(0.2345)).toEqual({ value: '235', unit: 'm' });
    expect(formatKm(12.34)).toEqual({ value: '12.3', unit: 'km' });
    expect(roundGeometry({ type: 'Point', coordinates: [117.123456789, 28.000000049] })).toEqual({ type: 'Point', coordinates: [117.1234568, 28] });
    expect(roundGeometry(river)).toEqual(river);
  });
});
