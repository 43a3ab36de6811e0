/**
 * The per-county table of the figures panel: features, gas-pipeline km and bird-habitat km² in
 * each county — per layer, so the 信江 waterway's km are not counted as pipeline and a scenic
 * zone's km² not as habitat. Where no habitat under the filter has a mapped extent (all are
 * points), the area is unknown: the column is left out and the panel says why, instead of a 0.
 * Likewise pipeline km: schematic lines have no length, so with none drawn to scale the column goes.
 * Features counted in no county (schematic markers whose county the plan does not name) are a
 * row of their own, "city-wide / location not known", never spread over the counties.
 */
import type { StatsResponse } from '../../../core/api';
import { HABITAT_LAYER, PIPELINE_LAYER } from '../lib/figures';

export interface CountyFigureRow {
  code: string;
  name: string;
  name_en: string;
  count: number;
  /** null when no pipeline under the filter is drawn to scale. */
  pipelineKm: number | null;
  /** null when no habitat under the filter has a mapped extent. */
  habitatKm2: number | null;
}

export interface CountyFigures {
  rows: CountyFigureRow[];
  /** Habitats under the filter drawn as points only: their area is not known. */
  habitatsWithoutExtent: number;
  habitatKm2Known: boolean;
  /** Some pipelines under the filter are drawn to scale (not schematic): only then is there a km column. */
  pipelineKmKnown: boolean;
  /** Schematic pipelines under the filter: they have no length. */
  pipelinesSchematic: number;
  /** Features counted in no county: "city-wide / location not known". */
  citywide: number;
}

export function countyFigures(s: StatsResponse): CountyFigures {
  const habitats = s.layers.find((l) => l.id === HABITAT_LAYER);
  const habitatKm2Known = !!habitats && habitats.with_extent > 0;
  const pipelines = s.layers.find((l) => l.id === PIPELINE_LAYER);
  const pipelineKmKnown = !!pipelines && pipelines.with_extent > 0;
  const rows = s.counties
    .map((c) => ({
      code: c.code,
      name: c.name,
      name_en: c.name_en,
      count: c.count,
      pipelineKm: pipelineKmKnown ? (c.by_layer_line_km[PIPELINE_LAYER] ?? 0) : null,
      habitatKm2: habitatKm2Known ? (c.by_layer_polygon_km2[HABITAT_LAYER] ?? 0) : null,
    }))
    .filter((r) => r.count > 0 || (r.pipelineKm ?? 0) > 0 || (r.habitatKm2 ?? 0) > 0);
  return {
    rows,
    habitatsWithoutExtent: habitats ? habitats.count - habitats.with_extent : 0,
    habitatKm2Known,
    pipelineKmKnown,
    pipelinesSchematic: pipelines?.by_precision.schematic ?? 0,
    citywide: s.citywide?.count ?? 0,
  };
}
