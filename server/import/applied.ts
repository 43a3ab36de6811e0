/**
 * The answer of POST /api/imports/{id}/apply: the change set's head and its counts, not its
 * changes — an import of 100k rows records 100k changes (over 100 MB of JSON); a client pages
 * them through GET /api/changes?change_set={id}&change_limit=…&change_offset=….
 */
import type { ChangeSet } from '../../core/changes';

/** Changes per page the answer's `changes_url` asks for. */
export const CHANGES_PAGE = 1000;

export interface AppliedChangeSet {
  id: string;
  at: string;
  author: ChangeSet['author'];
  note: string | null;
  kind: ChangeSet['kind'];
  data_version: string;
  counts: { created: number; updated: number; deleted: number; restored: number; progress: number };
  /** Every change of the change set (the sum of counts). */
  changes_total: number;
  /** The first page of its changes. */
  changes_url: string;
}

export function appliedChangeSet(cs: ChangeSet): AppliedChangeSet {
  const counts = { created: 0, updated: 0, deleted: 0, restored: 0, progress: 0 };
  for (const c of cs.changes) {
    if (c.op === 'create') counts.created++;
    else if (c.op === 'update') counts.updated++;
    else if (c.op === 'delete') counts.deleted++;
    else if (c.op === 'restore') counts.restored++;
    else counts.progress++;
  }
  return {
    id: cs.id,
    at: cs.at,
    author: cs.author,
    note: cs.note,
    kind: cs.kind,
    data_version: cs.data_version,
    counts,
    changes_total: cs.changes.length,
    changes_url: `/api/changes?change_set=${encodeURIComponent(cs.id)}&change_limit=${CHANGES_PAGE}`,
  };
}
