/**
 * The features changed since the briefing's `since` date, ringed on the screen's map during the
 * tour: the ids the since-panel's change sets touched (created, edited, restored — not deleted),
 * among the features that match the stop shown now; where to draw each ring; and the ring layer
 * itself. The ring breathes with the map's animation clock; with prefers-reduced-motion the clock
 * stands still, so the ring is drawn once, at rest. Pure apart from constructing the deck.gl layer.
 */
import { ScatterplotLayer } from '@deck.gl/layers';
import type { ApiFeature } from '../../../core/api';
import type { ChangeSet } from '../../../core/changes';
import type { Filters } from '../../../core/filters';
import { geometryBbox } from '../../../core/match';
import { featureMatcher } from '../lib/match';

/** Ids of the features the change sets touched, deleted ones left out (they are no longer on the map). */
export function changedFeatureIds(changeSets: readonly ChangeSet[]): Set<string> {
  const out = new Set<string>();
  for (const cs of changeSets) for (const c of cs.changes) if (c.feature && c.op !== 'delete') out.add(c.feature);
  return out;
}

export interface ChangedRing {
  id: string;
  position: [number, number];
}

/** A ring for each changed feature that exists and matches the filter shown, at the middle of its extent; in data order. */
export function changedRings(features: readonly ApiFeature[], ids: ReadonlySet<string>, filters: Filters): ChangedRing[] {
  if (ids.size === 0) return [];
  const matches = featureMatcher(filters);
  const out: ChangedRing[] = [];
  for (const f of features) {
    if (!ids.has(f.properties.id) || !matches(f)) continue;
    const b = geometryBbox(f.geometry);
    if (b) out.push({ id: f.properties.id, position: [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2] });
  }
  return out;
}

/** Radius factor of the breathing ring at `seconds` on the clock: 1 at rest (seconds = 0), up to 1.5, period 2 s. */
export function pulse(seconds: number): number {
  return 1 + 0.25 * (1 - Math.cos(seconds * Math.PI));
}

export const CHANGED_LAYER_ID = 'screen-changed';

/** The rings: outlined, light yellow on the dark map, visible from across a room. */
export function changedLayer(rings: readonly ChangedRing[], seconds: number, radiusPx: number) {
  const r = radiusPx * pulse(seconds);
  return new ScatterplotLayer<ChangedRing>({
    id: CHANGED_LAYER_ID,
    data: rings as ChangedRing[],
    getPosition: (d) => d.position,
    radiusUnits: 'pixels',
    getRadius: r,
    stroked: true,
    filled: false,
    lineWidthUnits: 'pixels',
    getLineWidth: Math.max(2, Math.round(radiusPx / 5)),
    getLineColor: [255, 236, 120, 235],
    pickable: false,
    updateTriggers: { getRadius: r },
  });
}
