/**
 * A new data release (data/ changed) taken into a store that has been edited since the last one:
 * the writes that bring the release in, by a three-way merge per field. `base` is the release the
 * store last took in, `fresh` the new one, `current` what the store holds now. A feature the
 * release changed gets the release's changes on the fields it changed, and keeps local edits on
 * the fields it did not (when the merged feature is not valid, the release's version wins); a
 * feature the release removed is deleted unless it is deleted already; a new one is added. Pure:
 * both stores (embedded and PostGIS) record the result as one change set of kind `release`.
 */
import type { Feature } from 'geojson';
import { isDeepStrictEqual } from 'node:util';
import type { DataGeometry, FeatureProperties } from '../../core/schema';
import { diffFeatures, validateFeature, withFields } from './changes';
import type { Catalogue, InternalWrite } from './memory/apply-writes';

type F = Feature<DataGeometry, FeatureProperties>;

/** What the store holds for an id now (deleted entries included). */
export type CurrentLookup = (id: string) => { feature: F; deleted: boolean } | undefined;

/** Ids of features that differ between two releases (changed, added or removed). */
export function changedIds(base: ReadonlyMap<string, F>, fresh: ReadonlyMap<string, F>): string[] {
  const out: string[] = [];
  for (const [id, f] of fresh) {
    const old = base.get(id);
    if (!old || !isDeepStrictEqual(old, f)) out.push(id);
  }
  for (const id of base.keys()) if (!fresh.has(id)) out.push(id);
  return out;
}

/** The writes that take `fresh` in, over `base`, into a store whose features are `current`. */
export function releaseWrites(base: ReadonlyMap<string, F>, fresh: ReadonlyMap<string, F>, current: CurrentLookup, cat: Pick<Catalogue, 'layers' | 'measureIds'>): InternalWrite[] {
  const writes: InternalWrite[] = [];
  for (const [id, f] of fresh) {
    const old = base.get(id);
    if (old && isDeepStrictEqual(old, f)) continue;
    const cur = current(id);
    let merged = f;
    if (old && cur) {
      const candidate = withFields(cur.feature, diffFeatures(old, f), 'after');
      const layer = cat.layers.get(f.properties.layer);
      try {
        if (layer) merged = validateFeature({ properties: candidate.properties as unknown as Record<string, unknown>, geometry: candidate.geometry }, layer, cat.measureIds);
      } catch {
        merged = f;
      }
    }
    writes.push({ op: 'put', feature: merged });
  }
  for (const id of base.keys()) {
    const cur = current(id);
    if (!fresh.has(id) && cur && !cur.deleted) writes.push({ op: 'delete', id });
  }
  return writes;
}
