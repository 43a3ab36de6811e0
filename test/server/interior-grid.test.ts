import { describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import { InteriorGrid } from '../../server/store/interior-grid';

const square = (x0: number, y0: number, x1: number, y1: number): Polygon => ({
  type: 'Polygon',
  coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]],
});

describe('InteriorGrid', () => {
  const grid = new InteriorGrid([square(0, 0, 1, 1), square(1, 0, 2, 1)]);

  it('names the one county whose interior holds a box', () => {
    expect(grid.regionOf([0.4, 0.4, 0.5, 0.5])).toBe(0);
    expect(grid.regionOf([1.4, 0.4, 1.5, 0.5])).toBe(1);
  });

  it('leaves a box that meets a border to exact geometry', () => {
    expect(grid.regionOf([0.9, 0.4, 1.1, 0.5])).toBeUndefined();
    expect(grid.regionOf([0.5, 0.999, 0.6, 1.2])).toBeUndefined();
  });

  it('says -1 for a box outside every county, undefined off the grid', () => {
    expect(grid.regionOf([0.5, -0.5, 0.5, -0.5]) ?? 'off').toBe('off');
    const holed = new InteriorGrid([{ type: 'Polygon', coordinates: [...square(0, 0, 4, 4).coordinates, [[1, 1], [1, 3], [3, 3], [3, 1], [1, 1]]] }]);
    expect(holed.regionOf([1.9, 1.9, 2.1, 2.1])).toBe(-1);
    expect(holed.regionOf([0.3, 0.3, 0.5, 0.5])).toBe(0);
  });
});
