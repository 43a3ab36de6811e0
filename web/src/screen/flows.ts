/**
 * Animated flow along the gas pipelines: paths with timestamps = distance along the line (km), so
 * deck.gl's TripsLayer draws pulses moving at constant speed. Each path is repeated with shifted
 * timestamps so several pulses travel at once and the loop wraps without a jump. Pure, except
 * `flowLayer`, which only constructs the deck.gl layer.
 */
import { TripsLayer } from '@deck.gl/geo-layers';
import type { Geometry, Position } from 'geojson';
import type { ApiFeature } from '../../../core/api';
import type { Filters } from '../../../core/filters';
import { propsMatcher } from '../lib/match';

import { PIPELINE_LAYER } from '../lib/figures';
/** Distance between pulses on a line, km. */
export const PULSE_SPACING_KM = 12;
export const TRAIL_KM = 5;
/** Pulse speed, km per second of wall time. */
export const SPEED_KM_S = 4;

export interface FlowPath {
  id: string;
  path: [number, number][];
  /** Distance along the path (km) plus the copy's shift. */
  timestamps: number[];
}

const R = 6371.0088;
/** Great-circle distance between two lon/lat points, km. */
export function distanceKm(a: Position, b: Position): number {
  const toRad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * toRad;
  const dLon = (b[0] - a[0]) * toRad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * toRad) * Math.cos(b[1] * toRad) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}

function lines(g: Geometry | null): Position[][] {
  if (!g) return [];
  if (g.type === 'LineString') return [g.coordinates];
  if (g.type === 'MultiLineString') return g.coordinates;
  if (g.type === 'GeometryCollection') return g.geometries.flatMap(lines);
  return [];
}

/** Cumulative distance (km) at each vertex. */
export function cumulativeKm(line: readonly Position[]): number[] {
  const out: number[] = [];
  let d = 0;
  line.forEach((p, i) => {
    if (i > 0) d += distanceKm(line[i - 1], p);
    out.push(d);
  });
  return out;
}

/** Flow paths of the pipelines the filter shows; `longestKm` sets the loop. */
export function flowPaths(features: readonly ApiFeature[], filters: Filters, spacingKm = PULSE_SPACING_KM): { paths: FlowPath[]; longestKm: number } {
  if (filters.layers && !filters.layers.includes(PIPELINE_LAYER)) return { paths: [], longestKm: 0 };
  const base: { id: string; path: [number, number][]; km: number[] }[] = [];
  const matches = propsMatcher(filters);
  for (const f of features) {
    if (f.properties.layer !== PIPELINE_LAYER || !matches(f.properties)) continue;
    lines(f.geometry).forEach((line, i) => {
      if (line.length < 2) return;
      base.push({ id: `${f.properties.id}#${i}`, path: line.map((p) => [p[0], p[1]]), km: cumulativeKm(line) });
    });
  }
  const longestKm = Math.max(0, ...base.map((b) => b.km[b.km.length - 1]));
  const copies = Math.ceil(longestKm / spacingKm) + 1;
  const paths: FlowPath[] = [];
  for (const b of base)
    for (let k = 0; k < copies; k++) paths.push({ id: `${b.id}@${k}`, path: b.path, timestamps: b.km.map((d) => d + k * spacingKm) });
  return { paths, longestKm };
}

/** The TripsLayer clock for a wall time: cycles through [longest, longest + spacing). */
export function flowTime(elapsedS: number, longestKm: number, spacingKm = PULSE_SPACING_KM, speed = SPEED_KM_S): number {
  return longestKm + ((elapsedS * speed) % spacingKm);
}

export function flowLayer(paths: readonly FlowPath[], currentTime: number, widthPx: number) {
  return new TripsLayer<FlowPath>({
    id: 'screen-gas-flow',
    data: paths as FlowPath[],
    getPath: (d) => d.path,
    getTimestamps: (d) => d.timestamps,
    getColor: [255, 196, 90],
    widthUnits: 'pixels',
    getWidth: widthPx,
    capRounded: true,
    jointRounded: true,
    fadeTrail: true,
    trailLength: TRAIL_KM,
    currentTime,
    pickable: false,
  });
}
