/**
 * "As of" on the embedded store: the entries as they stood after change set S, rebuilt from the
 * current entries by undoing the change sets after S, newest first, with the before-values the
 * history records (create → absent, update → fields as before, delete ↔ restore). Pure: the
 * current state is never changed (undone entries are new objects).
 */
import type { ChangeSet } from '../../../core/changes';
import { withFields } from '../changes';
import type { Entry } from './overlay';

/** The number of the last change set recorded before `until` (ISO instant); 0 when none was. */
export function changeSetBefore(changeSets: readonly ChangeSet[], until: string): number {
  const t = Date.parse(until);
  // Change sets are numbered in the order applied and stamped when applied: times do not go back.
  let lo = 0;
  let hi = changeSets.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (Date.parse(changeSets[mid].at) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? 0 : Number(changeSets[lo - 1].id);
}

/**
 * The entries after change set `seq`, from `current` (the state after the last of `changeSets`,
 * which holds change sets 1…N in order). Costs one map copy plus the changes undone.
 */
export function entriesAt(current: ReadonlyMap<string, Entry>, changeSets: readonly ChangeSet[], seq: number): Map<string, Entry> {
  const out = new Map(current);
  for (let i = changeSets.length - 1; i >= 0 && Number(changeSets[i].id) > seq; i--) {
    const cs = changeSets[i];
    for (let k = cs.changes.length - 1; k >= 0; k--) {
      const c = cs.changes[k];
      if (c.op === 'progress' || !c.feature) continue;
      const e = out.get(c.feature);
      if (!e) continue;
      const version = c.version !== undefined ? c.version - 1 : e.version;
      switch (c.op) {
        case 'create':
          out.delete(c.feature);
          break;
        case 'update':
          out.set(c.feature, { feature: withFields(e.feature, c.fields, 'before'), version, deleted: e.deleted });
          break;
        case 'delete':
          out.set(c.feature, { feature: e.feature, version, deleted: false });
          break;
        case 'restore':
          out.set(c.feature, { feature: e.feature, version, deleted: true });
          break;
      }
    }
  }
  return out;
}
