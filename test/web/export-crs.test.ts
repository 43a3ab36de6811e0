import gcoord from 'gcoord';
import { describe, expect, it } from 'vitest';
import { featuresIn, mapGeometry } from '../../web/src/lib/export-crs';

describe('exports in GCJ-02', () => {
  it('moves every position of every geometry kind and leaves the rest alone', () => {
    const shift = (p: number[]) => [p[0] + 1, p[1] + 2, ...p.slice(2)];
    expect(mapGeometry({ type: 'Point', coordinates: [117, 28, 50] }, shift)).toEqual({ type: 'Point', coordinates: [118, 30, 50] });
    expect(mapGeometry({ type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [0, 1], [0, 0]]]] }, shift)).toEqual({ type: 'MultiPolygon', coordinates: [[[[1, 2], [2, 2], [1, 3], [1, 2]]]] });
    expect(mapGeometry({ type: 'GeometryCollection', geometries: [{ type: 'LineString', coordinates: [[0, 0], [1, 1]] }] }, shift)).toEqual({
      type: 'GeometryCollection',
      geometries: [{ type: 'LineString', coordinates: [[1, 2], [2, 3]] }],
    });
  });

  it('puts a Shangrao position about 0.5–0.7 km off in GCJ-02, and back within 1 m', async () => {
    const wgs = [117.9431, 28.4546]; // 上饶市 信州区
    const [f] = await featuresIn([{ type: 'Feature' as const, properties: { id: 'x' }, geometry: { type: 'Point' as const, coordinates: wgs } }], 'gcj02');
    const gcj = f.geometry.coordinates;
    const metres = (a: number[], b: number[]) => Math.hypot((a[0] - b[0]) * 111_320 * Math.cos((a[1] * Math.PI) / 180), (a[1] - b[1]) * 110_574);
    expect(metres(gcj, wgs)).toBeGreaterThan(400);
    expect(metres(gcj, wgs)).toBeLessThan(800);
    expect(metres(gcoord.transform(gcj as [number, number], gcoord.GCJ02, gcoord.WGS84) as number[], wgs)).toBeLessThan(1);
    expect(f.properties).toEqual({ id: 'x' });
    const [same] = await featuresIn([f], 'wgs84');
    expect(same.geometry.coordinates).toEqual(gcj);
  });
});
