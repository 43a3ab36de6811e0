/**
 * What changed since the last briefing, for the screen: the change sets (read once a minute), the
 * features they touched, and a ring on the map around each of those that still exists (pure, except
 * the hook and `changedLayer`, which only constructs the deck.gl layer).
 */
import { ScatterplotLayer } from '@deck.gl/layers';
import { useEffect, useState } from 'react';
import type { ApiFeature } from '../../../core/api';
import type { ChangeSet, ChangesResponse } from '../../../core/changes';
import { geometryBbox } from '../../../core/match';
import { fetchChangesSince } from '../lib/history';

const REFRESH_MS = 60_000;

export interface ChangesState {
  data?: ChangesResponse;
  error?: boolean;
}

/** /api/changes since a date, again every minute; a failed refresh keeps what was shown. */
export function useChangesSince(since: string): ChangesState {
  const [state, setState] = useState<ChangesState>({});
  useEffect(() => {
    let stop = false;
    const load = () =>
      fetchChangesSince(since).then(
        (data) => !stop && setState({ data }),
        () => !stop && setState((s) => ({ ...s, error: !s.data })),
      );
    void load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      stop = true;
      clearInterval(timer);
    };
  }, [since]);
  return state;
}

/** Ids of the features the change sets touched (created, edited, restored), deleted ones left out. */
export function changedFeatureIds(changeSets: readonly ChangeSet[]): Set<string> {
  const out = new Set<string>();
  for (const cs of changeSets) for (const c of cs.changes) if (c.feature && c.op !== 'delete') out.add(c.feature);
  return out;
}

export interface ChangedPoint {
  id: string;
  position: [number, number];
}

/** Where to draw each changed feature's ring: the middle of its extent (a point: the point). */
export function changedPoints(features: readonly ApiFeature[], ids: ReadonlySet<string>): ChangedPoint[] {
  const out: ChangedPoint[] = [];
  if (ids.size === 0) return out;
  for (const f of features) {
    if (!ids.has(f.properties.id)) continue;
    const b = geometryBbox(f.geometry);
    if (b) out.push({ id: f.properties.id, position: [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2] });
  }
  return out;
}

/** A ring that breathes (radius between 1× and 1.6× over two seconds), visible from across a room. */
export function changedLayer(points: readonly ChangedPoint[], seconds: number, radiusPx: number) {
  const pulse = 1 + 0.6 * (0.5 + 0.5 * Math.sin(seconds * Math.PI));
  return new ScatterplotLayer<ChangedPoint>({
    id: 'screen-changed',
    data: points as ChangedPoint[],
    getPosition: (d) => d.position,
    radiusUnits: 'pixels',
    getRadius: radiusPx * pulse,
    stroked: true,
    filled: false,
    lineWidthUnits: 'pixels',
    getLineWidth: Math.max(2, radiusPx / 5),
    getLineColor: [255, 236, 120, 230],
    updateTriggers: { getRadius: pulse },
  });
}
