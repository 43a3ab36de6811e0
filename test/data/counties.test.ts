import { readFileSync, statSync } from 'node:fs';
import * as turf from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { COUNTIES } from '../../core/contract';
import { ringArea } from '../../scripts/data/check-dataset';

const fc = JSON.parse(readFileSync('data/counties.geojson', 'utf8')) as FeatureCollection<Polygon | MultiPolygon>;
const features = fc.features as Feature<Polygon | MultiPolygon>[];

describe('data/counties.geojson', () => {
  it('has the 12 counties with exactly code, name, name_en', () => {
    expect(features.map((f) => f.properties)).toEqual(COUNTIES.map((c) => ({ code: c.code, name: c.name, name_en: c.name_en })));
  });

  it('is web-map sized with coordinates rounded to 5 decimals', () => {
    expect(statSync('data/counties.geojson').size).toBeLessThan(150_000);
    const coords = JSON.stringify(features.map((f) => f.geometry.coordinates)).match(/-?\d+\.\d+/g) ?? [];
    expect(coords.every((n) => n.split('.')[1].length <= 5)).toBe(true);
  });

  it('has counter-clockwise outer rings', () => {
    for (const f of features) {
      const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
      for (const rings of polys) expect(ringArea(rings[0])).toBeGreaterThan(0);
    }
  });

  it('has no overlaps between neighbours and no gaps inside the city', () => {
    let overlap = 0;
    for (let i = 0; i < features.length; i++) {
      for (let j = i + 1; j < features.length; j++) {
        const x = turf.intersect(turf.featureCollection([features[i], features[j]]));
        if (x) overlap += turf.area(x);
      }
    }
    const sum = features.reduce((s, f) => s + turf.area(f), 0);
    const union = turf.union(turf.featureCollection(features))!;
    expect(overlap / sum).toBeLessThan(1e-6);
    expect(Math.abs(turf.area(union) - sum) / sum).toBeLessThan(1e-6);
    // one outline without holes: no gap between neighbours
    expect(union.geometry.type).toBe('Polygon');
    expect((union.geometry as Polygon).coordinates).toHaveLength(1);
    // Shangrao's published area is 22,791 km²
    expect(sum / 1e6).toBeGreaterThan(22_000);
    expect(sum / 1e6).toBeLessThan(23_500);
  }, 60_000); // polygon clipping over all 12 outlines: seconds alone, more on a busy machine
});
