/**
 * Which features are deleted now, from the history (pure): a feature whose newest change in the
 * history is a delete. The list carries what the delete recorded: name, layer, when, who, the note.
 */
import type { ChangeSet } from '../../../core/changes';

export interface DeletedFeature {
  id: string;
  layer?: string;
  name: string;
  name_en: string;
  at: string;
  author: string | null;
  note: string | null;
}

/** @param changeSets newest first, as GET /api/changes answers. */
export function deletedFeatures(changeSets: readonly ChangeSet[]): DeletedFeature[] {
  const seen = new Set<string>();
  const out: DeletedFeature[] = [];
  for (const cs of changeSets)
    for (const c of [...cs.changes].reverse()) {
      if (!c.feature || seen.has(c.feature)) continue;
      seen.add(c.feature);
      if (c.op !== 'delete') continue;
      const before = (field: string) => {
        const v = c.fields.find((f) => f.field === field)?.before;
        return typeof v === 'string' ? v : '';
      };
      out.push({ id: c.feature, layer: c.layer, name: before('name') || c.feature, name_en: before('name_en'), at: cs.at, author: cs.author?.username ?? null, note: cs.note });
    }
  return out;
}
