/**
 * A view's spatial index (flatbush over the records' bboxes, in record order — as MemoryStore
 * builds it on its first bbox query), built in slices before a large change set is swapped in.
 */
import Flatbush from 'flatbush';
import type { FeatureRecord } from '../records';
import type { Tick } from '../../slices';

export async function spatialIndexOf(records: readonly FeatureRecord[], tick: Tick): Promise<Flatbush> {
  const spatial = new Flatbush(Math.max(records.length, 1));
  for (const r of records) {
    spatial.add(r.bbox[0], r.bbox[1], r.bbox[2], r.bbox[3]);
    const t = tick();
    if (t) await t;
  }
  if (records.length === 0) spatial.add(0, 0, 0, 0);
  spatial.finish();
  return spatial;
}
