import { describe, expect, it } from 'vitest';
import type { CountyStats, LayerStats, StatsResponse } from '../../core/api';
import { countyFigures } from '../../web/src/planner/countyFigures';

const zeroStatus = { planned: 0, in_progress: 0, completed: 0, unknown: 0 };

function layerStats(id: string, count: number, with_extent: number, schematic = 0): LayerStats {
  return { id, count, line_km: 0, polygon_km2: 0, with_extent, by_status: zeroStatus, by_precision: { surveyed: 0, approximate: count - schematic, schematic } };
}

function county(code: string, over: Partial<CountyStats>): CountyStats {
  return { code, name: code, name_en: code, count: 0, by_layer: {}, line_km: 0, polygon_km2: 0, by_layer_line_km: {}, by_layer_polygon_km2: {}, ...over };
}

function stats(layers: LayerStats[], counties: CountyStats[]): StatsResponse {
  return { filters: {}, data_version: 'v', totals: { features: 0, line_km: 0, polygon_km2: 0 }, by_status: zeroStatus, layers, counties, citywide: { count: 0, by_layer: {} }, outside: { count: 0, by_layer: {} }, sections: [], measures: [] };
}

describe('countyFigures', () => {
  it('takes pipeline km and habitat km² from their own layers, not every line and polygon', () => {
    const s = stats(
      [layerStats('gas-pipelines', 1, 1), layerStats('bird-habitats', 1, 1), layerStats('waterways', 1, 1)],
      [
        county('361128', {
          count: 3,
          line_km: 150,
          polygon_km2: 900,
          by_layer_line_km: { 'gas-pipelines': 40, waterways: 110 },
          by_layer_polygon_km2: { 'bird-habitats': 300, 'agricultural-zones': 600 },
        }),
      ],
    );
    const f = countyFigures(s);
    expect(f.rows).toEqual([{ code: '361128', name: '361128', name_en: '361128', count: 3, pipelineKm: 40, habitatKm2: 300 }]);
    expect(f.habitatKm2Known).toBe(true);
  });

  it('gives no habitat km² (null, not 0) when every habitat is a point, and counts them', () => {
    const s = stats([layerStats('bird-habitats', 5, 0)], [county('361130', { count: 2, by_layer_polygon_km2: { 'scenic-areas': 2000 } })]);
    const f = countyFigures(s);
    expect(f.habitatKm2Known).toBe(false);
    expect(f.habitatsWithoutExtent).toBe(5);
    expect(f.rows[0].habitatKm2).toBeNull();
  });

  it('leaves out counties with nothing to show and flags schematic pipelines', () => {
    const s = stats([layerStats('gas-pipelines', 3, 1, 2)], [county('361102', {}), county('361103', { count: 1, by_layer_line_km: { 'gas-pipelines': 12 } })]);
    const f = countyFigures(s);
    expect(f.rows.map((r) => r.code)).toEqual(['361103']);
    expect(f.pipelinesSchematic).toBe(2);
    expect(f.rows[0].pipelineKm).toBe(12);
  });

  it('gives no pipeline km (null, not 0) when every pipeline is schematic: a sketch has no length', () => {
    const s = stats([layerStats('gas-pipelines', 6, 0, 6)], [county('361128', { count: 1, by_layer: { 'gas-pipelines': 1 } })]);
    const f = countyFigures(s);
    expect(f.pipelineKmKnown).toBe(false);
    expect(f.rows[0].pipelineKm).toBeNull();
    expect(f.pipelinesSchematic).toBe(6);
  });

  it('counts features placed in no county as one "city-wide / location not known" figure, not in any county', () => {
    const s = { ...stats([layerStats('cold-chain-bases', 5, 0, 4)], [county('361102', { count: 1 })]), citywide: { count: 4, by_layer: { 'cold-chain-bases': 4 } } };
    const f = countyFigures(s);
    expect(f.citywide).toBe(4);
    expect(f.rows.map((r) => [r.code, r.count])).toEqual([['361102', 1]]);
  });
});
